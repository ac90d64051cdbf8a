// 组织机构: the tree on the left (province → cities → counties, the province's units and
// the industry unions), the selected unit on the right. The selection lives in the URL.
import { Button, Card, Col, Empty, Input, Row, Skeleton, Space, Tree, Typography } from 'antd';
import { type Key, type ReactNode, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { useOrgTree } from './api.ts';
import { EnterprisePanel } from './enterprise-panel.tsx';
import { IndustryUnionButton } from './industry-union-form-modal.tsx';
import { m } from './messages.ts';
import { OrgDetailPanel } from './org-detail-panel.tsx';
import { buildTree } from './tree-data.tsx';

export function OrgTreePage() {
  const { t, lang } = useI18n();
  const me = useCurrentUser();
  const tree = useOrgTree();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState<Key[] | null>(null);
  const nodes = tree.data ?? [];
  const built = useMemo(() => buildTree(nodes, lang, filter), [nodes, lang, filter]);
  const selectedId = Number(params.get('org')) || null;
  const selected = selectedId ? built.byId.get(selectedId) : undefined;
  const cities = nodes.filter((n) => n.kind === 'city').length;
  const counties = nodes.filter((n) => n.kind === 'county').length;
  const industryUnions = nodes.filter((n) => n.kind === 'industry_union');

  // Small trees (a county's own view) open fully; the province's opens one level.
  const defaultExpanded = nodes.length <= 30 ? built.parentKeys : built.treeData.map((n) => String(n.key));
  const expandedKeys = filter ? built.parentKeys : (expanded ?? defaultExpanded);

  const select = (id: number) => setParams(id ? { org: String(id) } : {}, { replace: false });

  let detail: ReactNode = (
    <Card>
      <Empty description={t(m.selectHint)} />
    </Card>
  );
  if (selected?.kind === 'county' || (selected?.kind === 'industry_union' && selected.id === me.org.id)) {
    detail = <EnterprisePanel key={selected.id} org={selected} industryUnions={industryUnions} />;
  } else if (selected) {
    detail = (
      <OrgDetailPanel
        org={selected}
        counties={nodes.filter((n) => n.parentId === selected.id && n.kind === 'county')}
        onSelect={select}
      />
    );
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8} xxl={6}>
        <Card
          title={t(m.treeTitle)}
          extra={can(me, 'manage:industry-union:all') ? <IndustryUnionButton /> : null}
          styles={{ body: { paddingTop: 12 } }}
        >
          {tree.isPending ? (
            <Skeleton active />
          ) : (
            <>
              {counties ? (
                <Typography.Text type="secondary" data-testid="tree-summary">
                  {t(m.treeSummary, { cities, counties })}
                </Typography.Text>
              ) : null}
              <Space.Compact style={{ width: '100%', margin: '8px 0' }}>
                <Input.Search
                  allowClear
                  placeholder={t(m.treeSearch)}
                  onChange={(e) => setFilter(e.target.value)}
                />
              </Space.Compact>
              <Space style={{ marginBottom: 8 }}>
                <Button size="small" onClick={() => setExpanded(built.parentKeys)} data-testid="expand-all">
                  {t(m.expandAll)}
                </Button>
                <Button size="small" onClick={() => setExpanded([])}>
                  {t(m.collapseAll)}
                </Button>
              </Space>
              <div
                data-testid="org-tree"
                style={{ maxHeight: 'calc(100vh - 300px)', minHeight: 240, overflow: 'auto' }}
              >
                <Tree
                  showLine
                  blockNode
                  treeData={built.treeData}
                  expandedKeys={expandedKeys}
                  onExpand={(keys) => setExpanded(keys)}
                  selectedKeys={selectedId ? [String(selectedId)] : []}
                  onSelect={(keys) => {
                    const id = Number(keys[0]);
                    if (id) select(id);
                  }}
                />
              </div>
            </>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={16} xxl={18}>
        {detail}
      </Col>
    </Row>
  );
}
