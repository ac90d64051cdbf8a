// Turns the flat tree of /api/orgs/tree into antd Tree nodes: province → its units, the
// industry unions and the cities → counties. Units and unions are grouped under two
// headings so the eleven cities stay easy to scan.
import type { TreeDataNode } from 'antd';
import type { TreeNode } from '../../lib/api-types.ts';
import { translate, type Lang } from '../../lib/i18n.tsx';
import { m } from './messages.ts';
import { OrgTags } from './org-tags.tsx';

const UNIT_KINDS = new Set(['department', 'centre', 'academy']);
export const GROUP_UNITS = 'group:units';
export const GROUP_INDUSTRY = 'group:industry';

function Title({ node, lang }: { node: TreeNode; lang: Lang }) {
  return (
    <span data-kind={node.kind} data-code={node.code} data-org-id={node.id}>
      <span className="org-name">{node.name}</span> <OrgTags org={node} />
      {node.kind === 'county' ? (
        <span style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
          {translate(lang, m.enterpriseCount, { n: node.enterpriseCount })}
        </span>
      ) : null}
    </span>
  );
}

function matches(node: TreeNode, q: string): boolean {
  return (
    node.name.includes(q) ||
    node.code.toLowerCase().includes(q.toLowerCase()) ||
    !!node.shortName?.includes(q)
  );
}

export interface BuiltTree {
  treeData: TreeDataNode[];
  /** Every key with children, for "expand all". */
  parentKeys: string[];
  byId: Map<number, TreeNode>;
}

/** `filter` keeps matching nodes and their ancestors. */
export function buildTree(nodes: TreeNode[], lang: Lang, filter = ''): BuiltTree {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const q = filter.trim();
  let visible: Set<number> | null = null;
  if (q) {
    visible = new Set();
    for (const n of nodes) {
      if (!matches(n, q)) continue;
      let cur: TreeNode | undefined = n;
      while (cur && !visible.has(cur.id)) {
        visible.add(cur.id);
        cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
      }
    }
  }
  const children = new Map<number | null, TreeNode[]>();
  for (const n of nodes) {
    if (visible && !visible.has(n.id)) continue;
    const parent = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const parentKeys: string[] = [];
  const toData = (n: TreeNode): TreeDataNode => {
    const kids = children.get(n.id) ?? [];
    const key = String(n.id);
    const data: TreeDataNode = { key, title: <Title node={n} lang={lang} /> };
    if (!kids.length) return { ...data, isLeaf: true };
    parentKeys.push(key);
    if (n.kind !== 'province') return { ...data, children: kids.map(toData) };
    const units = kids.filter((k) => UNIT_KINDS.has(k.kind));
    const unions = kids.filter((k) => k.kind === 'industry_union');
    const rest = kids.filter((k) => !UNIT_KINDS.has(k.kind) && k.kind !== 'industry_union');
    const groups: TreeDataNode[] = [];
    if (units.length) {
      parentKeys.push(GROUP_UNITS);
      groups.push({
        key: GROUP_UNITS,
        title: translate(lang, m.groupUnits),
        selectable: false,
        children: units.map(toData),
      });
    }
    if (unions.length) {
      parentKeys.push(GROUP_INDUSTRY);
      groups.push({
        key: GROUP_INDUSTRY,
        title: translate(lang, m.groupIndustry),
        selectable: false,
        children: unions.map(toData),
      });
    }
    return { ...data, children: [...rest.map(toData), ...groups] };
  };
  return { treeData: (children.get(null) ?? []).map(toData), parentKeys, byId };
}
