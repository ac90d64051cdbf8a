// 揭榜挂帅: query hooks over /api/zhuqi/challenges…; shapes come from the server's zod schemas as types only.
import type { z } from '@hono/zod-openapi';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type {
  applicationSchema,
  challengeDetailSchema,
  challengeSchema,
  clustersSchema,
  eventsSchema,
  milestonesSchema,
  scoresSchema,
} from '#server/features/challenges/challenges.schemas.ts';
import { api, type Query } from '../../lib/api-client.ts';
import type { Page } from '../../lib/api-types.ts';

export type Challenge = z.infer<typeof challengeSchema>;
export type ChallengeDetail = z.infer<typeof challengeDetailSchema>;
export type Application = z.infer<typeof applicationSchema>;
export type Scores = z.infer<typeof scoresSchema>;
export type Milestones = z.infer<typeof milestonesSchema>;
export type ChallengeEvents = z.infer<typeof eventsSchema>;
export type Clusters = z.infer<typeof clustersSchema>;

const Z = '/api/zhuqi';
export const challengeKeys = { all: ['zhuqi', 'challenges'] as const };

export function useChallenges(q: Query) {
  return useQuery({
    queryKey: [...challengeKeys.all, 'list', q],
    queryFn: () => api.get<Page<Challenge>>(`${Z}/challenges`, q),
    placeholderData: keepPreviousData,
  });
}
export function useChallenge(id: number) {
  return useQuery({
    queryKey: [...challengeKeys.all, id],
    queryFn: () => api.get<ChallengeDetail>(`${Z}/challenges/${id}`),
  });
}
export function useChallengePart<T>(id: number, part: 'applications' | 'scores' | 'milestones' | 'events') {
  return useQuery({
    queryKey: [...challengeKeys.all, id, part],
    queryFn: () => api.get<T>(`${Z}/challenges/${id}/${part}`),
  });
}
export function useClusters(threshold?: number) {
  return useQuery({
    queryKey: [...challengeKeys.all, 'clusters', threshold],
    queryFn: () => api.get<Clusters>(`${Z}/challenge-clusters`, { threshold }),
  });
}

const changed = { invalidates: [challengeKeys.all, ['notifications']], versioned: true };

export function useCreateChallenge() {
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Challenge>(`${Z}/challenges`, body),
    meta: { ...changed, silent: true },
  });
}
/** Any transition: POST /api/zhuqi/challenges/{id}/{action}. */
export function useChallengeAction() {
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: string; body: Record<string, unknown> }) =>
      api.post<ChallengeDetail>(`${Z}/challenges/${id}/${action}`, body),
    meta: changed,
  });
}
export function useApply() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.post<Application>(`${Z}/challenges/${id}/applications`, body),
    meta: { ...changed, silent: true },
  });
}
export function useEditApplication() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.patch<Application>(`${Z}/challenge-applications/${id}`, body),
    meta: { ...changed, silent: true },
  });
}
export function useWithdraw() {
  return useMutation({
    mutationFn: ({ id, version }: { id: number; version: number }) =>
      api.post<Application>(`${Z}/challenge-applications/${id}/withdraw`, { version }),
    meta: changed,
  });
}
export function useScore() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.put(`${Z}/challenge-applications/${id}/score`, body),
    meta: { ...changed, silent: true },
  });
}
export function useSaveMilestones() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.put<Milestones>(`${Z}/challenges/${id}/milestones`, body),
    meta: { ...changed, silent: true },
  });
}
export function useAcceptMilestone() {
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: Record<string, unknown> }) =>
      api.post<Milestones>(`${Z}/challenge-milestones/${id}/accept`, body),
    meta: changed,
  });
}
