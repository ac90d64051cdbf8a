// Pure helpers of the view: which plan year to show first, and the organisations of the
// user's scope as a tree (province → cities, industry unions → counties).
import type { TreeNode } from '../../lib/api-types.ts';
import type { PlanSummary } from './api.ts';

const UNIT_KINDS = new Set(['province', 'city', 'county', 'industry_union']);

/** The year a user most likely means: this year's plan, else the latest before it, else the first. */
export function defaultYear(plans: readonly PlanSummary[], now = new Date()): number | undefined {
  const y = now.getFullYear();
  const before = plans.filter((p) => p.year <= y).map((p) => p.year);
  return before.length ? Math.max(...before) : plans[0]?.year;
}

export interface UnitNode {
  value: string;
  title: string;
  kind: string;
  children?: UnitNode[];
}

/** The organisations of the user's scope as a tree (province → cities, industry unions → counties). */
export function scopeUnits(nodes: readonly TreeNode[], scopePath: string): UnitNode[] {
  const rootId = Number(scopePath.split('/').filter(Boolean).pop());
  const units = nodes.filter((n) => UNIT_KINDS.has(n.kind));
  const byParent = new Map<number | null, TreeNode[]>();
  for (const n of units) byParent.set(n.parentId, [...(byParent.get(n.parentId) ?? []), n]);
  const build = (n: TreeNode): UnitNode => {
    const kids = (byParent.get(n.id) ?? []).map(build);
    return { value: n.code, title: n.name, kind: n.kind, children: kids.length ? kids : undefined };
  };
  const root = units.find((n) => n.id === rootId);
  return root ? [build(root)] : [];
}
