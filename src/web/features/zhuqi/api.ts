// 劳模工匠助企行: query hooks over /api/zhuqi and /api/notifications. Shapes come from the
// server's zod schemas as types only.
import type { z } from '@hono/zod-openapi';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type {
  assignmentSchema,
  categorySchema,
  craftsmanSchema,
  demandSchema,
  eventSchema,
  followupSchema,
  myTasksSchema,
  serviceRecordSchema,
  teamSchema,
} from '#server/features/zhuqi/zhuqi.schemas.ts';
import { api, type Query } from '../../lib/api-client.ts';
import type { Page } from '../../lib/api-types.ts';

export type Craftsman = z.infer<typeof craftsmanSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Demand = z.infer<typeof demandSchema>;
export type Assignment = z.infer<typeof assignmentSchema>;
export type DemandEvent = z.infer<typeof eventSchema>;
export type ServiceRecord = z.infer<typeof serviceRecordSchema>;
export type Followup = z.infer<typeof followupSchema>;
export type Category = z.infer<typeof categorySchema>;
export type MyTasks = z.infer<typeof myTasksSchema>;
export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

const Z = '/api/zhuqi';
export const zhuqiKeys = {
  all: ['zhuqi'] as const,
  craftsmen: ['zhuqi', 'craftsmen'] as const,
  teams: ['zhuqi', 'teams'] as const,
  demands: ['zhuqi', 'demands'] as const,
  tasks: ['zhuqi', 'tasks'] as const,
  notifications: ['notifications'] as const,
};

export function useCraftsmen(q: Query) {
  return useQuery({
    queryKey: [...zhuqiKeys.craftsmen, q],
    queryFn: () => api.get<Page<Craftsman>>(`${Z}/craftsmen`, q),
    placeholderData: keepPreviousData,
  });
}
export function useTeams(q: Query) {
  return useQuery({
    queryKey: [...zhuqiKeys.teams, q],
    queryFn: () => api.get<Page<Team>>(`${Z}/teams`, q),
    placeholderData: keepPreviousData,
  });
}
export function useCategories() {
  return useQuery({
    queryKey: ['zhuqi', 'categories'],
    queryFn: () => api.get<Category[]>(`${Z}/demand-categories`),
  });
}
export function useDemands(q: Query, enabled = true) {
  return useQuery({
    queryKey: [...zhuqiKeys.demands, 'list', q],
    queryFn: () => api.get<Page<Demand>>(`${Z}/demands`, q),
    placeholderData: keepPreviousData,
    enabled,
  });
}
export function useDemand(id: number) {
  return useQuery({
    queryKey: [...zhuqiKeys.demands, id],
    queryFn: () => api.get<Demand>(`${Z}/demands/${id}`),
  });
}
export function useDemandPart<T>(
  id: number,
  part: 'events' | 'assignments' | 'service-records' | 'followups',
) {
  return useQuery({
    queryKey: [...zhuqiKeys.demands, id, part],
    queryFn: () => api.get<T>(`${Z}/demands/${id}/${part}`),
  });
}
export function useMyTasks() {
  return useQuery({ queryKey: zhuqiKeys.tasks, queryFn: () => api.get<MyTasks>(`${Z}/my-tasks`) });
}
export function useOpenDemands(enabled: boolean) {
  return useQuery({
    queryKey: [...zhuqiKeys.tasks, 'open'],
    queryFn: () => api.get<Page<Demand>>(`${Z}/open-demands`, { pageSize: 50 }),
    enabled,
    meta: { silent: true },
  });
}

const changed = { invalidates: [zhuqiKeys.all, zhuqiKeys.notifications], versioned: true };

export function useSaveCraftsman() {
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      id ? api.patch<Craftsman>(`${Z}/craftsmen/${id}`, body) : api.post<Craftsman>(`${Z}/craftsmen`, body),
    meta: { ...changed, silent: true },
  });
}
export function useSaveTeam() {
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: Record<string, unknown> }) =>
      id ? api.patch<Team>(`${Z}/teams/${id}`, body) : api.post<Team>(`${Z}/teams`, body),
    meta: { ...changed, silent: true },
  });
}
export function usePostDemand() {
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Demand>(`${Z}/demands`, body),
    meta: { ...changed, silent: true },
  });
}
export function useUpdateDemand() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.patch<Demand>(`${Z}/demands/${id}`, body),
    meta: { ...changed, silent: true },
  });
}
/** Any workflow action: POST /api/zhuqi/demands/{id}/{action}. */
export function useDemandAction() {
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: string; body: Record<string, unknown> }) =>
      api.post<Demand>(`${Z}/demands/${id}/${action}`, body),
    meta: changed,
  });
}
export function useAssignmentAction() {
  return useMutation({
    mutationFn: ({
      id,
      action,
      body,
    }: {
      id: number;
      action: 'accept' | 'decline';
      body: Record<string, unknown>;
    }) => api.post<Assignment>(`${Z}/assignments/${id}/${action}`, body),
    meta: changed,
  });
}
export function useAddServiceRecord() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.post<ServiceRecord>(`${Z}/demands/${id}/service-records`, body),
    meta: { invalidates: [zhuqiKeys.all] },
  });
}
export function useAnswerFollowup() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.post<Followup>(`${Z}/followups/${id}/answer`, body),
    meta: changed,
  });
}

export function useUnreadCount() {
  return useQuery({
    queryKey: [...zhuqiKeys.notifications, 'unread'],
    queryFn: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
    refetchInterval: 30_000,
    meta: { silent: true },
  });
}
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: [...zhuqiKeys.notifications, 'list'],
    queryFn: () => api.get<Page<Notification>>('/api/notifications', { pageSize: 20 }),
    enabled,
  });
}
export function useMarkRead() {
  return useMutation({
    mutationFn: (id: number | 'all') =>
      api.post(id === 'all' ? '/api/notifications/read-all' : `/api/notifications/${id}/read`),
    meta: { invalidates: [zhuqiKeys.notifications] },
  });
}

export interface TreeNodeLite {
  id: number;
  kind: string;
  code: string;
  name: string;
  shortName: string | null;
}
/** Counties in the user's scope, for pickers. */
export function useCounties() {
  return useQuery({
    queryKey: ['orgs', 'tree', 'latest'],
    queryFn: () => api.get<TreeNodeLite[]>('/api/orgs/tree'),
    select: (nodes) => nodes.filter((n) => n.kind === 'county'),
  });
}

export interface ServiceAction {
  id: number;
  title: string;
  heldOn: string;
  countyId: number;
  countyName: string;
  organiser: string | null;
  workersTrained: number;
  mountainIsland: boolean;
  participantCount: number;
  participants: { id: number; name: string }[];
  version: number;
}
export function useServiceActions(q: Query) {
  return useQuery({
    queryKey: [...zhuqiKeys.all, 'actions', q],
    queryFn: () => api.get<Page<ServiceAction>>(`${Z}/service-actions`, q),
    placeholderData: keepPreviousData,
  });
}
export function useSaveServiceAction() {
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<ServiceAction>(`${Z}/service-actions`, body),
    meta: { invalidates: [zhuqiKeys.all], silent: true },
  });
}
export function useMarkTypical() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: { version: number; typical: boolean } }) =>
      api.post(`${Z}/demands/${id}/typical-case`, body),
    meta: changed,
  });
}
