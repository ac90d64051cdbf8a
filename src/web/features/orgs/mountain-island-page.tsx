// 山区海岛县名单: the yearly lists side by side in tabs; editable by the province.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Skeleton, Space, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { MOUNTAIN_ISLAND_LABELS, type MountainIslandCategory } from '#shared/orgs.ts';
import type { MountainIslandList } from '../../lib/api-types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { useMountainIslandLists, useOrgTree } from './api.ts';
import { m } from './messages.ts';
import { type CountyRow, MountainIslandFormModal } from './mountain-island-form-modal.tsx';
import { MountainIslandTag } from './org-tags.tsx';

type Member = MountainIslandList['members'][number] & { cityName: string };

export function MountainIslandPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const lists = useMountainIslandLists();
  const tree = useOrgTree();
  const [active, setActive] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ list: MountainIslandList | null } | null>(null);
  const canEdit = can(me, 'manage:mountain-island:all');

  const counties: CountyRow[] = useMemo(() => {
    const nodes = tree.data ?? [];
    const name = new Map(nodes.map((n) => [n.id, n.name]));
    return nodes
      .filter((n) => n.kind === 'county')
      .map((n) => ({ ...n, cityName: (n.parentId && name.get(n.parentId)) || '' }));
  }, [tree.data]);
  const cityOf = useMemo(() => new Map(counties.map((c) => [c.id, c.cityName])), [counties]);

  if (lists.isPending) return <Skeleton active />;
  const all = lists.data ?? [];
  const current = all.find((l) => String(l.year) === active) ?? all[0];

  const body = (l: MountainIslandList) => {
    const members: Member[] = l.members.map((x) => ({ ...x, cityName: cityOf.get(x.orgId) ?? '' }));
    const n = (c: MountainIslandCategory) => l.members.filter((x) => x.category === c).length;
    return (
      <Space orientation="vertical" style={{ display: 'flex' }} size="middle">
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'title', label: t(m.miListTitle), children: l.title },
            { key: 'from', label: t(m.miEffectiveFrom), children: l.effectiveFrom },
            {
              key: 'counts',
              label: t(m.miMembers),
              children: t(m.miCounts, { m: n('mountain'), i: n('island') }),
            },
            { key: 'version', label: t(m.version), children: l.version },
            { key: 'source', label: t(m.miSource), children: l.source ?? '—', span: 2 },
          ]}
        />
        <Table<Member>
          rowKey="orgId"
          size="small"
          dataSource={members}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="mountain-island-members"
          columns={[
            { title: t(m.city), dataIndex: 'cityName', key: 'city', width: 140 },
            { title: t(m.name), dataIndex: 'name', key: 'name' },
            { title: t(m.code), dataIndex: 'code', key: 'code', width: 120 },
            {
              title: t(m.miCategory),
              dataIndex: 'category',
              key: 'category',
              width: 140,
              filters: (['mountain', 'island'] as const).map((c) => ({
                text: t(MOUNTAIN_ISLAND_LABELS[c]),
                value: c,
              })),
              onFilter: (v, r) => r.category === v,
              render: (c: MountainIslandCategory) => <MountainIslandTag category={c} />,
            },
          ]}
        />
      </Space>
    );
  };

  return (
    <Card
      title={t(m.miTitle)}
      extra={
        canEdit ? (
          <Space>
            {current ? (
              <Button
                icon={<EditOutlined />}
                onClick={() => setEditing({ list: current })}
                data-testid="mi-edit"
              >
                {t(m.miEdit)}
              </Button>
            ) : null}
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ list: null })}>
              {t(m.miNew)}
            </Button>
          </Space>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t(m.miIntro)}</Typography.Paragraph>
      {all.length ? (
        <Tabs
          activeKey={current ? String(current.year) : undefined}
          onChange={setActive}
          items={all.map((l) => ({
            key: String(l.year),
            label: t(m.miYear, { year: l.year }),
            children: body(l),
          }))}
        />
      ) : (
        <Empty description={t(m.miEmpty)} />
      )}
      <MountainIslandFormModal
        open={!!editing}
        list={editing?.list ?? null}
        base={all[0] ?? null}
        counties={counties}
        existingYears={all.map((l) => l.year)}
        onClose={(year) => {
          setEditing(null);
          if (year) setActive(String(year));
        }}
      />
    </Card>
  );
}
