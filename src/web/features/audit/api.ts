// The audit trail, the login log and the hash-chain check (audit administrator).
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { Page } from '../../lib/api-types.ts';

export interface AuditEvent {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  orgId: number | null;
  ip: string | null;
  event: string;
  objectType: string | null;
  objectId: string | null;
  result: string;
  requestId: string | null;
  detail: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface LoginEntry {
  id: number;
  at: string;
  username: string;
  userId: number | null;
  ip: string | null;
  userAgent: string | null;
  success: boolean;
  reason: string | null;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: number | null;
  reason: string | null;
}

export interface EventQuery {
  event?: string;
  username?: string;
  result?: 'success' | 'failure' | 'denied';
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export function useAuditEvents(query: EventQuery) {
  return useQuery({
    queryKey: ['audit', 'events', query],
    queryFn: () => api.get<Page<AuditEvent>>('/api/audit/events', { ...query }),
    placeholderData: keepPreviousData,
  });
}

export interface LoginQuery {
  username?: string;
  success?: 'true' | 'false';
  page: number;
  pageSize: number;
}

export function useLoginLog(query: LoginQuery) {
  return useQuery({
    queryKey: ['audit', 'logins', query],
    queryFn: () => api.get<Page<LoginEntry>>('/api/audit/logins', { ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useVerifyAudit() {
  return useMutation({
    mutationFn: () => api.post<VerifyResult>('/api/audit/verify'),
    // The check is itself an audited event.
    meta: { invalidates: [['audit', 'events']] },
  });
}
