// The sharing platform's queries and mutations for union staff and enterprises.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { Page } from '../../lib/api-types.ts';

export interface Category {
  id: number;
  code: string;
  name: string;
  family: string;
  confirmed: boolean;
  active: boolean;
}
export interface Author {
  name: string;
  title?: string | null;
  phone?: string | null;
  publicConsent: boolean;
}
export interface Achievement {
  id: number;
  orgId: number;
  orgName: string;
  title: string;
  categoryId: number;
  categoryName: string;
  year: number;
  state: 'draft' | 'submitted' | 'returned' | 'approved' | 'published';
  returnReason: string | null;
  version: number;
  description?: string;
  benefitAmount: number | null;
  authors?: (Author & { id: number })[];
}
export interface Offer {
  id: number;
  achievementId: number;
  achievementTitle: string;
  orgName: string;
  mode: string;
  terms: string;
  price: number | null;
  state: string;
  listedOn: string;
  intentions: number;
  deals: number;
  version: number;
}
export interface Intention {
  id: number;
  offerId: number;
  achievementTitle: string;
  senderName: string;
  message: string;
  contactName: string;
  contactPhone: string | null;
  state: string;
  version: number;
  createdAt: string;
  notes: { id: number; note: string; at: string }[];
}
export interface Deal {
  id: number;
  offerId: number;
  achievementTitle: string;
  buyerName: string;
  amount: number;
  signedOn: string;
}

const keys = { all: ['sharing'] as const };

export const useCategories = () =>
  useQuery({
    queryKey: [...keys.all, 'categories'],
    queryFn: () => api.get<Category[]>('/api/achievement-categories'),
  });

export const useAchievements = (q: { state?: string; page: number; pageSize: number }) =>
  useQuery({
    queryKey: [...keys.all, 'achievements', q],
    queryFn: () => api.get<Page<Achievement>>('/api/achievements', q),
    placeholderData: keepPreviousData,
  });

export const useAchievement = (id: number | null) =>
  useQuery({
    queryKey: [...keys.all, 'achievement', id],
    queryFn: () => api.get<Achievement>(`/api/achievements/${id}`),
    enabled: id !== null,
  });

export const useOffers = () =>
  useQuery({
    queryKey: [...keys.all, 'offers'],
    queryFn: () => api.get<Page<Offer>>('/api/offers', { pageSize: 100 }),
  });
export const useIntentions = () =>
  useQuery({
    queryKey: [...keys.all, 'intentions'],
    queryFn: () => api.get<Page<Intention>>('/api/intentions', { pageSize: 100 }),
  });
export const useIntention = (id: number | null) =>
  useQuery({
    queryKey: [...keys.all, 'intention', id],
    queryFn: () => api.get<Intention>(`/api/intentions/${id}`),
    enabled: id !== null,
  });
export const useDeals = () =>
  useQuery({
    queryKey: [...keys.all, 'deals'],
    queryFn: () => api.get<Page<Deal>>('/api/deals', { pageSize: 100 }),
  });

/** Any write of the feature: refreshes every sharing query afterwards. */
export function useSharingMutation<I, O = unknown>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }) });
}
