// The enterprises of one county (or, for an industry union's own administrator, of the
// union): search, filters, server-side paging and sorting, register / edit / delete.
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Popconfirm, Space, Table, type TableProps, Typography } from 'antd';
import { useState } from 'react';
import { TableToolbar } from '../../components/table-toolbar.tsx';
import type { Org, TreeNode } from '../../lib/api-types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { type EnterpriseQuery, useDeleteEnterprise, useEnterprises } from './api.ts';
import { EnterpriseFlags } from './enterprise-flags.tsx';
import { EnterpriseFormModal } from './enterprise-form-modal.tsx';
import { useIndustryName } from './industry-division-select.tsx';
import { m } from './messages.ts';
import { OrgTags } from './org-tags.tsx';

export function EnterprisePanel({ org, industryUnions }: { org: TreeNode; industryUnions: TreeNode[] }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const isCounty = org.kind === 'county';
  const [query, setQuery] = useState<EnterpriseQuery>({ page: 1, pageSize: 10, sort: 'code', order: 'asc' });
  const list = useEnterprises({ ...query, parentId: isCounty ? org.id : undefined });
  const remove = useDeleteEnterprise();
  const industryName = useIndustryName();
  const [editing, setEditing] = useState<Org | null>(null);
  const [creating, setCreating] = useState(false);
  const canManage = can(me, 'manage:enterprise:subtree');
  const unionName = (id: number | null) => industryUnions.find((u) => u.id === id)?.name ?? '';

  const columns: TableProps<Org>['columns'] = [
    { title: t(m.enterpriseName), dataIndex: 'name', key: 'name', sorter: true, width: 220, fixed: 'left' },
    {
      title: t(m.uscc),
      dataIndex: 'uscc',
      key: 'code',
      sorter: true,
      width: 190,
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t(m.industry),
      dataIndex: 'industryDivision',
      key: 'industry',
      ellipsis: true,
      render: industryName,
    },
    { title: t(m.industryUnion), dataIndex: 'industryUnionId', key: 'iu', width: 180, render: unionName },
    { title: t(m.flags), key: 'flags', width: 200, render: (_, r) => <EnterpriseFlags org={r} /> },
    { title: t(m.contactPhone), dataIndex: 'contactPhone', key: 'phone', width: 130 },
  ];
  if (canManage) {
    columns.push({
      title: t(common.actions),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4}>
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(r)}>
            {t(common.edit)}
          </Button>
          <Popconfirm
            title={t(m.deleteConfirm, { name: r.name })}
            okText={t(common.delete)}
            cancelText={t(common.cancel)}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutateAsync({ id: r.id, version: r.version }).then(
                () => showSuccess(common.deleted),
                () => {},
              )
            }
          >
            <Button size="small" type="link" danger icon={<DeleteOutlined />}>
              {t(common.delete)}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const onTableChange: TableProps<Org>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    setQuery((q) => ({
      ...q,
      page: pagination.current ?? 1,
      pageSize: pagination.pageSize ?? q.pageSize,
      sort: s?.order ? (s.columnKey === 'name' ? 'name' : 'code') : 'code',
      order: s?.order === 'descend' ? 'desc' : 'asc',
    }));
  };

  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="enterprise-panel-title">
            {isCounty ? t(m.enterprisesOf, { name: org.name }) : t(m.myEnterprises)}
          </span>
          <OrgTags org={org} />
        </Space>
      }
      extra={
        canManage && isCounty ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-enterprise"
          >
            {t(m.newEnterprise)}
          </Button>
        ) : null
      }
    >
      <TableToolbar
        search={query.q}
        searchPlaceholder={t(m.searchEnterprise)}
        searchWidth={260}
        onSearch={(q) => setQuery((x) => ({ ...x, q, page: 1 }))}
        filters={[
          {
            key: 'hasUnion',
            label: t(m.unionFilter),
            value: query.hasUnion,
            onChange: (v) =>
              setQuery((q) => ({ ...q, hasUnion: v as 'true' | 'false' | undefined, page: 1 })),
            options: [
              { value: 'true', label: t(m.hasUnion) },
              { value: 'false', label: t(m.noUnion) },
            ],
          },
          {
            key: 'aboveScale',
            label: t(m.scaleFilter),
            width: 170,
            value: query.aboveScale,
            onChange: (v) =>
              setQuery((q) => ({ ...q, aboveScale: v as 'true' | 'false' | undefined, page: 1 })),
            options: [
              { value: 'true', label: t(m.aboveScale) },
              { value: 'false', label: t(m.notAboveScale) },
            ],
          },
        ]}
      />
      <Table<Org>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        onChange={onTableChange}
        scroll={{ x: 1300 }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t(common.total, { n }),
        }}
        data-testid="enterprise-table"
      />
      <EnterpriseFormModal
        open={creating || !!editing}
        county={creating ? org : null}
        enterprise={editing}
        industryUnions={industryUnions}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
    </Card>
  );
}
