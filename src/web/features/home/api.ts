// Counts for the welcome page, from the organisation tree the user may see.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { TreeNode } from '../../lib/api-types.ts';

export interface TreeSummary {
  cities: number;
  counties: number;
  enterprises: number;
  mountain: number;
  island: number;
  mountain26: number;
  industryUnions: number;
}

export function summarise(nodes: TreeNode[]): TreeSummary {
  const count = (f: (n: TreeNode) => boolean) => nodes.filter(f).length;
  return {
    cities: count((n) => n.kind === 'city'),
    counties: count((n) => n.kind === 'county'),
    enterprises: nodes.reduce((s, n) => s + n.enterpriseCount, 0),
    mountain: count((n) => n.mountainIsland === 'mountain'),
    island: count((n) => n.mountainIsland === 'island'),
    mountain26: count((n) => n.kind === 'county' && n.isMountain26),
    industryUnions: count((n) => n.kind === 'industry_union'),
  };
}

export function useTreeSummary(enabled: boolean) {
  return useQuery({
    queryKey: ['orgs', 'tree', 'summary'],
    queryFn: async () => summarise(await api.get<TreeNode[]>('/api/orgs/tree')),
    enabled,
  });
}
