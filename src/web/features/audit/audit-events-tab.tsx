// The audit trail: who did what to which object, with what result; the hash links shown
// so a broken chain can be located.
import { DatePicker, Input, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { type AuditEvent, type EventQuery, useAuditEvents } from './api.ts';
import { EVENT_LABELS } from './event-labels.ts';
import { formatTime } from './format.ts';
import { m } from './messages.ts';

const RESULT_COLORS: Record<string, string> = { success: 'success', failure: 'error', denied: 'warning' };

export function AuditEventsTab() {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState<EventQuery>({ page: 1, pageSize: 20 });
  const list = useAuditEvents(query);
  const resultLabel = (r: string) =>
    r === 'success' ? t(m.success) : r === 'failure' ? t(m.failure) : r === 'denied' ? t(m.denied) : r;

  const columns: TableProps<AuditEvent>['columns'] = [
    { title: '#', dataIndex: 'id', key: 'id', width: 80 },
    { title: t(m.at), dataIndex: 'at', key: 'at', width: 180, render: (v: string) => formatTime(v, lang) },
    {
      title: t(m.user),
      dataIndex: 'username',
      key: 'username',
      width: 150,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t(m.event),
      dataIndex: 'event',
      key: 'event',
      render: (v: string) => (
        <Space size={4}>
          {EVENT_LABELS[v] ? t(EVENT_LABELS[v]) : null}
          <Typography.Text code>{v}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t(m.object),
      key: 'object',
      render: (_, r) => (r.objectType ? `${r.objectType}${r.objectId ? ` #${r.objectId}` : ''}` : '—'),
    },
    {
      title: t(m.result),
      dataIndex: 'result',
      key: 'result',
      width: 90,
      render: (v: string) => <Tag color={RESULT_COLORS[v] ?? 'default'}>{resultLabel(v)}</Tag>,
    },
    { title: t(m.ip), dataIndex: 'ip', key: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: t(m.hash),
      dataIndex: 'hash',
      key: 'hash',
      width: 110,
      render: (v: string) => (
        <Typography.Text code title={v}>
          {v.slice(0, 8)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t(m.eventPlaceholder)}
          value={query.event}
          onChange={(v) => setQuery((q) => ({ ...q, event: v || undefined, page: 1 }))}
          options={Object.entries(EVENT_LABELS).map(([code, label]) => ({
            value: code,
            label: `${t(label)} ${code}`,
          }))}
          style={{ width: 260 }}
          data-testid="event-filter"
        />
        <Input.Search
          allowClear
          placeholder={t(m.user)}
          onSearch={(v) => setQuery((q) => ({ ...q, username: v.trim() || undefined, page: 1 }))}
          style={{ width: 180 }}
        />
        <Select<'' | 'success' | 'failure' | 'denied'>
          style={{ width: 140 }}
          value={query.result ?? ''}
          aria-label={t(m.result)}
          onChange={(v) => setQuery((q) => ({ ...q, result: v || undefined, page: 1 }))}
          options={[
            { value: '', label: t(common.allOf, { label: t(m.result) }) },
            { value: 'success', label: t(m.success) },
            { value: 'failure', label: t(m.failure) },
            { value: 'denied', label: t(m.denied) },
          ]}
        />
        <DatePicker.RangePicker
          showTime
          aria-label={t(m.period)}
          onChange={(range) =>
            setQuery((q) => ({
              ...q,
              from: range?.[0]?.toISOString(),
              to: range?.[1]?.toISOString(),
              page: 1,
            }))
          }
        />
      </Space>
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 1000 }}
        data-testid="audit-events"
        expandable={{
          expandedRowRender: (r) => (
            <Space orientation="vertical" size={2}>
              <Typography.Text type="secondary">
                {t(m.requestId)}: {r.requestId ?? '—'}
              </Typography.Text>
              <Typography.Text type="secondary">prev: {r.prevHash}</Typography.Text>
              <Typography.Text type="secondary">hash: {r.hash}</Typography.Text>
              <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                {JSON.stringify(r.detail ?? {}, null, 2)}
              </pre>
            </Space>
          ),
        }}
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
