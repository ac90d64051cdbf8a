// The signed-in user, shared by every page: null when nobody is signed in.
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from './api-client.ts';
import type { Me } from './api-types.ts';
import { ME_KEY } from './query-client.ts';

export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.get<Me>('/api/auth/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** The signed-in user inside the guarded layout, where it is always loaded. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside the signed-in layout');
  return data;
}
