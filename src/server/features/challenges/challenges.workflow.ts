// The 揭榜挂帅 workflow as data: which party may take which action in which state. Pure; the
// service checks every transition here before its compare-and-set on the challenge's version.
import type { ChallengeState } from '#shared/challenges.ts';

export type ChallengeParty = 'operator' | 'system';

export const CHALLENGE_ACTIONS = [
  'edit',
  'publish',
  'close',
  'panel',
  'closePanel',
  'award',
  'editMilestones',
  'start',
  'acceptMilestone',
  'complete',
  'cancel',
] as const;
export type ChallengeAction = (typeof CHALLENGE_ACTIONS)[number];

interface Rule {
  from: readonly ChallengeState[];
  to: ChallengeState | 'same';
  by: readonly ChallengeParty[];
}

export const CHALLENGE_TRANSITIONS: Record<ChallengeAction, Rule> = {
  edit: { from: ['draft'], to: 'same', by: ['operator'] },
  publish: { from: ['draft'], to: 'published', by: ['operator'] },
  // Applications close at the deadline (the ticker) or earlier when the operator says so.
  close: { from: ['published'], to: 'reviewing', by: ['operator', 'system'] },
  panel: { from: ['draft', 'published', 'reviewing'], to: 'same', by: ['operator'] },
  closePanel: { from: ['reviewing'], to: 'same', by: ['operator'] },
  award: { from: ['reviewing'], to: 'awarded', by: ['operator'] },
  editMilestones: { from: ['awarded'], to: 'same', by: ['operator'] },
  start: { from: ['awarded'], to: 'in_progress', by: ['operator'] },
  acceptMilestone: { from: ['in_progress'], to: 'same', by: ['operator'] },
  complete: { from: ['in_progress'], to: 'completed', by: ['operator'] },
  cancel: { from: ['draft', 'published', 'reviewing', 'awarded'], to: 'cancelled', by: ['operator'] },
};

export function canTake(state: ChallengeState, action: ChallengeAction, party: ChallengeParty): boolean {
  const r = CHALLENGE_TRANSITIONS[action];
  return r.from.includes(state) && r.by.includes(party);
}

export function targetState(state: ChallengeState, action: ChallengeAction): ChallengeState {
  const to = CHALLENGE_TRANSITIONS[action].to;
  return to === 'same' ? state : to;
}

/** Ranking of applications by the mean of the panel's weighted totals (ties share a rank). */
export function rankApplications(
  totals: { applicationId: number; totals: number[] }[],
): { applicationId: number; average: number | null; rank: number | null }[] {
  const avg = totals.map((t) => ({
    applicationId: t.applicationId,
    average: t.totals.length
      ? Math.round((t.totals.reduce((a, b) => a + b, 0) / t.totals.length) * 100) / 100
      : null,
  }));
  const sorted = [...avg].sort(
    (a, b) => (b.average ?? -1) - (a.average ?? -1) || a.applicationId - b.applicationId,
  );
  return sorted.map((a) => ({
    ...a,
    rank: a.average === null ? null : 1 + sorted.filter((b) => (b.average ?? -1) > a.average!).length,
  }));
}

/** The weighted total (0–100) of one member's scores: Σ score × weight / 100. */
export function weightedTotal(criteria: { key: string; weight: number }[], scores: Record<string, number>) {
  let t = 0;
  for (const c of criteria) t += (scores[c.key] ?? 0) * c.weight;
  return Math.round(t) / 100;
}
