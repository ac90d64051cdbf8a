// Sign-in, sign-out and password change (the signed-in user itself is lib/session.ts).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import { ME_KEY } from '../../lib/query-client.ts';

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) =>
      api.post<{ mustChangePassword: boolean }>('/api/auth/login', body),
    meta: { silent: true },
    onSuccess: async () => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      await qc.invalidateQueries({ queryKey: ME_KEY });
    },
  });
}

/** After sign-out every cached answer belongs to nobody: drop them all. */
function useForget() {
  const qc = useQueryClient();
  return () => {
    qc.clear();
    qc.setQueryData(ME_KEY, null);
  };
}

export function useLogout() {
  const forget = useForget();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout'),
    onSettled: forget,
    meta: { silent: true },
  });
}

export function useLogoutAll() {
  const forget = useForget();
  return useMutation({
    mutationFn: () => api.post<{ sessions: number }>('/api/auth/logout-all'),
    onSuccess: forget,
  });
}

export function useChangePassword() {
  const forget = useForget();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api.post<{ ok: true }>('/api/auth/password', body),
    onSuccess: forget,
  });
}
