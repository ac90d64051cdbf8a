// User accounts: the scoped list, creation and the administrator's actions on one account.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Role } from '#shared/roles.ts';
import { api } from '../../lib/api-client.ts';
import type { Page, User } from '../../lib/api-types.ts';

export const userKeys = { all: ['users'] as const };

export interface UserQuery {
  q?: string;
  status?: 'active' | 'disabled';
  role?: Role;
  orgId?: number;
  page: number;
  pageSize: number;
}

export function useUsers(query: UserQuery) {
  return useQuery({
    queryKey: [...userKeys.all, query],
    queryFn: () => api.get<Page<User>>('/api/users', { ...query }),
    placeholderData: keepPreviousData,
  });
}

const changed = { invalidates: [userKeys.all] };
const versioned = { ...changed, versioned: true };

export interface NewUser {
  username: string;
  displayName: string;
  orgId: number;
  phone?: string | null;
  email?: string | null;
  roles: Role[];
  password: string;
}

export function useCreateUser() {
  return useMutation({ mutationFn: (body: NewUser) => api.post<User>('/api/users', body), meta: changed });
}

export function useUpdateUser() {
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: number;
      version: number;
      displayName?: string;
      phone?: string | null;
      email?: string | null;
      orgId?: number;
    }) => api.patch<User>(`/api/users/${id}`, body),
    meta: versioned,
  });
}

export function useSetRoles() {
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; version: number; roles: Role[] }) =>
      api.put<User>(`/api/users/${id}/roles`, body),
    meta: versioned,
  });
}

export type UserAction = 'disable' | 'enable' | 'unlock';

export function useUserAction() {
  return useMutation({
    mutationFn: ({ id, version, action }: { id: number; version: number; action: UserAction }) =>
      api.post<User>(`/api/users/${id}/${action}`, { version }),
    meta: versioned,
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; version: number; password: string }) =>
      api.post<User>(`/api/users/${id}/reset-password`, body),
    meta: versioned,
  });
}

export function useRevokeSessions() {
  return useMutation({
    mutationFn: (id: number) => api.post<{ sessions: number }>(`/api/users/${id}/revoke-sessions`),
    meta: changed,
  });
}
