// Registries (台账): the scoped list, one record, its history, create / edit / delete and the
// Excel import; every registry through the same hooks, keyed by its definition's key.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, type Query } from '../../lib/api-client.ts';
import type { Page } from '../../lib/api-types.ts';

export interface RegistryRecord {
  id: number;
  orgId: number;
  orgName: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Display names of org and ref fields, by field key. */
  names: Record<string, string>;
  /** The records a `refs` field names, with their names. */
  links: Record<string, { id: number; name: string }[]>;
  [field: string]: unknown;
}

export interface HistoryEntry {
  version: number;
  action: 'create' | 'update' | 'delete' | 'import' | string;
  at: string;
  userId: number | null;
  data: Record<string, unknown>;
}

export interface ImportResult {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  imported: boolean;
  errors: { row: number; messages: string[] }[];
  warnings: string[];
  errorFileId: string | null;
}

/** An import in progress or done: rows read, then rows written, and the result at the end. */
export interface ImportJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  phase: 'reading' | 'checking' | 'writing' | 'finished';
  rowsRead: number;
  rowsTotal: number | null;
  rowsWritten: number;
  rowsToWrite: number | null;
  error: string | null;
  result: ImportResult | null;
}

/** A registry list page: `totalExact` is false when there are more than 10,000 (total is then 10,000). */
export type RecordPage = Page<RegistryRecord> & { totalExact?: boolean };

export const registryKeys = {
  all: ['registries'] as const,
  of: (key: string) => ['registries', key] as const,
  list: (key: string, q: Query) => ['registries', key, 'list', q] as const,
  record: (key: string, id: number) => ['registries', key, 'record', id] as const,
};

export const registryPath = (key: string) => `/api/registries/${key}`;

export function useRecords(key: string, query: Query, enabled = true) {
  return useQuery({
    queryKey: registryKeys.list(key, query),
    queryFn: () => api.get<RecordPage>(registryPath(key), query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** How many records each registry holds (in scope): one small request per registry. */
export function useRecordCount(key: string) {
  return useQuery({
    queryKey: [...registryKeys.of(key), 'count'],
    queryFn: async () => {
      const p = await api.get<RecordPage>(registryPath(key), { pageSize: 1 });
      return p.totalExact === false ? `${p.total}+` : p.total;
    },
  });
}

export function useRecord(key: string, id: number) {
  return useQuery({
    queryKey: registryKeys.record(key, id),
    queryFn: () => api.get<RegistryRecord>(`${registryPath(key)}/${id}`),
  });
}

/** The record with personal data in full (pii:view; the server audits the read). */
export function revealRecord(key: string, id: number) {
  return api.get<RegistryRecord>(`${registryPath(key)}/${id}`, { reveal: 'true' });
}

export function useHistory(key: string, id: number) {
  return useQuery({
    queryKey: [...registryKeys.record(key, id), 'history'],
    queryFn: () => api.get<HistoryEntry[]>(`${registryPath(key)}/${id}/history`),
  });
}

export function useCreateRecord(key: string) {
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<RegistryRecord>(registryPath(key), body),
    meta: { invalidates: [registryKeys.of(key)] },
  });
}

export function useUpdateRecord(key: string) {
  return useMutation({
    mutationFn: ({ id, ...body }: Record<string, unknown> & { id: number; version: number }) =>
      api.patch<RegistryRecord>(`${registryPath(key)}/${id}`, body),
    meta: { invalidates: [registryKeys.of(key)], versioned: true },
  });
}

export function useDeleteRecord(key: string) {
  return useMutation({
    mutationFn: (r: { id: number; version: number }) =>
      api.delete<{ ok: true }>(`${registryPath(key)}/${r.id}`, { version: r.version }),
    meta: { invalidates: [registryKeys.of(key)], versioned: true },
  });
}

export function useImport(key: string) {
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: 'all' | 'valid' }) =>
      api.upload<ImportJob>(`${registryPath(key)}/import`, file, { mode }),
    meta: { invalidates: [registryKeys.of(key)], silent: true },
  });
}

/** Follows a running import job every half second until it ends. */
export function useImportJob(key: string, job: ImportJob | null) {
  return useQuery({
    queryKey: [...registryKeys.of(key), 'import-job', job?.id],
    queryFn: () => api.get<ImportJob>(`${registryPath(key)}/import-jobs/${job!.id}`),
    enabled: !!job && job.status === 'running',
    initialData: job ?? undefined,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 500 : false),
  });
}
