// What is shown for a selected unit that is not a county: its facts and, for a city, its
// counties with their marks and enterprise counts.
import { Card, Descriptions, Table, Typography } from 'antd';
import { ORG_KIND_LABELS } from '#shared/orgs.ts';
import type { TreeNode } from '../../lib/api-types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { m } from './messages.ts';
import { OrgTags } from './org-tags.tsx';

export function OrgDetailPanel({
  org,
  counties,
  onSelect,
}: {
  org: TreeNode;
  counties: TreeNode[];
  onSelect: (id: number) => void;
}) {
  const { t } = useI18n();
  return (
    <Card title={org.name} data-testid="org-detail">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'kind', label: t(m.kind), children: t(ORG_KIND_LABELS[org.kind]) },
          { key: 'code', label: t(m.code), children: <Typography.Text code>{org.code}</Typography.Text> },
          ...(org.shortName ? [{ key: 'short', label: t(m.shortName), children: org.shortName }] : []),
          ...(org.divisionType
            ? [{ key: 'type', label: t(m.divisionType), children: org.divisionType }]
            : []),
        ]}
      />
      {counties.length ? (
        <>
          <Typography.Title level={5}>{t(m.countiesOf)}</Typography.Title>
          <Table<TreeNode>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={counties}
            onRow={(r) => ({ onClick: () => onSelect(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: t(m.name), dataIndex: 'name', key: 'name' },
              { title: t(m.code), dataIndex: 'code', key: 'code', width: 100 },
              { title: t(m.divisionType), dataIndex: 'divisionType', key: 'type', width: 120 },
              { title: t(m.tags), key: 'tags', render: (_, r) => <OrgTags org={r} /> },
              {
                title: t(m.enterprise),
                dataIndex: 'enterpriseCount',
                key: 'n',
                width: 100,
                align: 'right',
              },
            ]}
          />
        </>
      ) : null}
    </Card>
  );
}
