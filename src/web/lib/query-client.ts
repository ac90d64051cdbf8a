// The app's TanStack Query client. Failures are shown once, here: the server's message for
// ordinary errors, a dialog for stale versions (409 on a versioned edit); a 401 anywhere
// means the session ended, so the signed-in user is forgotten and the guard sends them to sign in.
import { MutationCache, QueryCache, QueryClient, type QueryKey } from '@tanstack/react-query';
import { ApiError } from './api-client.ts';
import { showConflict, showError } from './show-error.ts';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: {
      /** The caller shows the error itself. */
      silent?: boolean;
      /** Edits a row by version: a CONFLICT is a stale copy, explained in a dialog. */
      versioned?: boolean;
      /** Queries to refetch after success (and after a conflict). */
      invalidates?: QueryKey[];
    };
  }
}

export const ME_KEY = ['auth', 'me'] as const;

function onUnauthenticated(err: unknown): boolean {
  if (err instanceof ApiError && err.status === 401) {
    queryClient.setQueryData(ME_KEY, null);
    return true;
  }
  return false;
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (err, query) => {
      if (onUnauthenticated(err)) return;
      // 403 while a password change is pending: reload "me" so the guard redirects.
      if (err instanceof ApiError && err.status === 403)
        void queryClient.invalidateQueries({ queryKey: ME_KEY });
      if (!query.meta?.silent) showError(err);
    },
  }),
  mutationCache: new MutationCache({
    onSuccess: (_data, _vars, _ctx, mutation) => {
      for (const key of mutation.meta?.invalidates ?? [])
        void queryClient.invalidateQueries({ queryKey: key });
    },
    onError: (err, _vars, _ctx, mutation) => {
      if (onUnauthenticated(err)) return;
      if (mutation.meta?.silent) return;
      if (mutation.meta?.versioned && err instanceof ApiError && err.code === 'CONFLICT') {
        showConflict(err, () => {
          for (const key of mutation.meta?.invalidates ?? [])
            void queryClient.invalidateQueries({ queryKey: key });
        });
        return;
      }
      showError(err);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status > 0 && err.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});
