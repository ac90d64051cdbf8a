import { Input, Select, Space, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { type LoginEntry, type LoginQuery, useLoginLog } from './api.ts';
import { formatTime } from './format.ts';
import { m } from './messages.ts';

/** Every sign-in attempt, successful or not, with the reason of a failure. */
export function LoginLogTab() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState<LoginQuery>({ page: 1, pageSize: 20 });
  const list = useLoginLog(query);
  const columns: TableProps<LoginEntry>['columns'] = [
    { title: t(m.at), dataIndex: 'at', key: 'at', width: 180, render: (v: string) => formatTime(v, lang) },
    { title: t(m.user), dataIndex: 'username', key: 'username', width: 160 },
    {
      title: t(m.result),
      dataIndex: 'success',
      key: 'success',
      width: 90,
      render: (ok: boolean) => <Tag color={ok ? 'success' : 'error'}>{t(ok ? m.success : m.failure)}</Tag>,
    },
    { title: t(m.reason), dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? '—' },
    { title: t(m.ip), dataIndex: 'ip', key: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: t(m.userAgent),
      dataIndex: 'userAgent',
      key: 'ua',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t(m.usernameExact)}
          onSearch={(v) => setQuery((q) => ({ ...q, username: v.trim() || undefined, page: 1 }))}
          style={{ width: 200 }}
        />
        <Select<'' | 'true' | 'false'>
          style={{ width: 140 }}
          value={query.success ?? ''}
          aria-label={t(m.result)}
          onChange={(v) => setQuery((q) => ({ ...q, success: v || undefined, page: 1 }))}
          options={[
            { value: '', label: t(common.allOf, { label: t(m.result) }) },
            { value: 'true', label: t(m.success) },
            { value: 'false', label: t(m.failure) },
          ]}
        />
      </Space>
      <Table<LoginEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 900 }}
        data-testid="login-log"
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t(common.total, { n }),
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
      />
    </>
  );
}
