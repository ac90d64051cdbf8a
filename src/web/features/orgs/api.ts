// Organisations: the tree, enterprises under a county, the GB/T 4754 dictionary and the
// yearly 山区海岛县 lists.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { MountainIslandList, Org, Page, TreeNode } from '../../lib/api-types.ts';

export const orgKeys = {
  all: ['orgs'] as const,
  tree: (year?: number) => ['orgs', 'tree', year ?? 'latest'] as const,
  enterprises: ['orgs', 'enterprises'] as const,
  mountainIsland: ['orgs', 'mountain-island'] as const,
};

export function useOrgTree(year?: number) {
  return useQuery({
    queryKey: orgKeys.tree(year),
    queryFn: () => api.get<TreeNode[]>('/api/orgs/tree', { year }),
  });
}

export interface EnterpriseQuery {
  parentId?: number;
  q?: string;
  hasUnion?: 'true' | 'false';
  aboveScale?: 'true' | 'false';
  sort?: 'name' | 'code' | 'createdAt';
  order?: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export function useEnterprises(query: EnterpriseQuery, enabled = true) {
  return useQuery({
    queryKey: [...orgKeys.enterprises, query],
    queryFn: () => api.get<Page<Org>>('/api/orgs', { kind: 'enterprise', ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export interface IndustrySection {
  code: string;
  name: string;
  divisions: { code: string; name: string }[];
}

export function useIndustries() {
  return useQuery({
    queryKey: ['dictionaries', 'industries'],
    queryFn: () => api.get<IndustrySection[]>('/api/dictionaries/industries'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export interface EnterpriseFields {
  name: string;
  uscc: string;
  industryDivision: string;
  industryUnionId?: number | null;
  aboveScaleIndustry: boolean;
  aboveLimitService: boolean;
  hasUnion: boolean;
  reformPilot: boolean;
  address?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
}

const afterOrgChange = { invalidates: [orgKeys.all] };

export function useCreateEnterprise() {
  return useMutation({
    mutationFn: (body: EnterpriseFields & { countyId: number }) =>
      api.post<Org>('/api/orgs/enterprises', body),
    meta: afterOrgChange,
  });
}

export function useUpdateOrg() {
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<EnterpriseFields> & { id: number; version: number }) =>
      api.patch<Org>(`/api/orgs/${id}`, body),
    // Silent: a CONFLICT here is either a stale version or a taken USCC; the form tells which.
    meta: { ...afterOrgChange, silent: true },
  });
}

export function useDeleteEnterprise() {
  return useMutation({
    mutationFn: (org: { id: number; version: number }) =>
      api.delete<{ ok: true }>(`/api/orgs/${org.id}`, { version: org.version }),
    meta: { ...afterOrgChange, versioned: true },
  });
}

/** The current copy of one organisation (to tell a stale version from other conflicts). */
export function fetchOrg(id: number) {
  return api.get<Org>(`/api/orgs/${id}`);
}

export function useCreateIndustryUnion() {
  return useMutation({
    mutationFn: (body: { name: string; shortName?: string | null; code: string }) =>
      api.post<Org>('/api/orgs/industry-unions', body),
    meta: afterOrgChange,
  });
}

export function useMountainIslandLists() {
  return useQuery({
    queryKey: orgKeys.mountainIsland,
    queryFn: () => api.get<MountainIslandList[]>('/api/mountain-island-lists'),
  });
}

export interface SaveMountainIslandList {
  year: number;
  version?: number;
  effectiveFrom: string;
  title: string;
  source?: string | null;
  members: { orgId: number; category: 'mountain' | 'island' }[];
}

export function useSaveMountainIslandList() {
  return useMutation({
    mutationFn: ({ year, ...body }: SaveMountainIslandList) =>
      api.put<MountainIslandList>(`/api/mountain-island-lists/${year}`, body),
    meta: { ...afterOrgChange, versioned: true },
  });
}
