// The view's pure helpers: the first year shown, and the organisations a user may choose.
import { describe, expect, it } from 'vitest';
import type { TreeNode } from '../../lib/api-types.ts';
import { defaultYear, scopeUnits } from './scope.ts';

const node = (
  id: number,
  parentId: number | null,
  kind: TreeNode['kind'],
  code: string,
  name: string,
): TreeNode => ({
  id,
  parentId,
  kind,
  code,
  name,
  shortName: null,
  divisionType: null,
  isIsland: false,
  isMountain26: false,
  mountainIsland: null,
  enterpriseCount: 0,
});

// The tree as /api/orgs/tree gives it: the province, a department, a city with two counties,
// another city, an industry union.
const TREE = [
  node(1, null, 'province', '330000', '浙江省总工会'),
  node(2, 1, 'department', '330000-LJB', '劳动和经济工作部'),
  node(10, 1, 'city', '330100', '杭州市总工会'),
  node(11, 10, 'county', '330106', '西湖区总工会'),
  node(12, 10, 'county', '330127', '淳安县总工会'),
  node(20, 1, 'city', '330200', '宁波市总工会'),
  node(30, 1, 'industry_union', 'IU-01', '浙江省机械冶金工会'),
];

const codes = (units: ReturnType<typeof scopeUnits>): string[] =>
  units.flatMap((u) => [u.value, ...codes(u.children ?? [])]);

describe('scopeUnits', () => {
  it('gives the province its cities, industry unions and counties, not its departments', () => {
    const units = scopeUnits(TREE, '/1/');
    expect(units).toHaveLength(1);
    expect(units[0].value).toBe('330000');
    expect(units[0].children?.map((c) => c.value)).toEqual(['330100', '330200', 'IU-01']);
    expect(codes(units)).not.toContain('330000-LJB');
  });

  it('gives a city its counties and a county only itself, though the tree shows their ancestors', () => {
    expect(codes(scopeUnits(TREE, '/1/10/'))).toEqual(['330100', '330106', '330127']);
    expect(codes(scopeUnits(TREE, '/1/10/12/'))).toEqual(['330127']);
  });

  it('gives nothing for a scope outside the tree', () => {
    expect(scopeUnits(TREE, '/99/')).toEqual([]);
  });
});

describe('defaultYear', () => {
  const plans = [2025, 2026, 2027].map((year) => ({ year, title: '', issuer: '', issuedOn: null }));
  it('is this year’s plan, else the latest before it, else the first', () => {
    expect(defaultYear(plans, new Date('2026-11-26'))).toBe(2026);
    expect(defaultYear(plans.slice(0, 1), new Date('2026-11-26'))).toBe(2025);
    expect(defaultYear(plans.slice(2), new Date('2026-11-26'))).toBe(2027);
    expect(defaultYear([], new Date('2026-11-26'))).toBeUndefined();
  });
});
