// The demand workflow of 劳模工匠助企行 as data: states, the actions each party may take in
// each state, and what a failed offer leads to (next candidate, or escalation county → city →
// province, never back). Pure: no database, unit-tested on its own. The service checks every
// transition here before its compare-and-set.

import { type DemandState, LEVELS, type Level } from '#shared/zhuqi.ts';

export type { DemandState, Level };

/** Who acts: the enterprise (or the union posting for it), the union operator, the craftsman (or team leader), the ticker. */
export type Party = 'enterprise' | 'operator' | 'craftsman' | 'system';

export const DEMAND_ACTIONS = [
  'edit',
  'resubmit',
  'publish',
  'return',
  'cancel',
  'claim',
  'confirmClaim',
  'rejectClaim',
  'dispatch',
  'accept',
  'decline',
  'expire',
  'recordService',
  'complete',
  'confirm',
] as const;
export type DemandAction = (typeof DEMAND_ACTIONS)[number];

interface Rule {
  from: readonly DemandState[];
  /** Fixed next state; decline/expire compute theirs with `afterFailedOffer`. */
  to: DemandState | 'computed';
  by: readonly Party[];
}

export const TRANSITIONS: Record<DemandAction, Rule> = {
  edit: { from: ['submitted', 'returned'], to: 'computed', by: ['enterprise'] },
  resubmit: { from: ['returned'], to: 'submitted', by: ['enterprise'] },
  publish: { from: ['submitted'], to: 'published', by: ['operator'] },
  return: { from: ['submitted'], to: 'returned', by: ['operator'] },
  cancel: { from: ['submitted', 'returned', 'published'], to: 'cancelled', by: ['enterprise', 'operator'] },
  claim: { from: ['published'], to: 'claimed', by: ['craftsman'] },
  confirmClaim: { from: ['claimed'], to: 'in_service', by: ['operator'] },
  rejectClaim: { from: ['claimed'], to: 'published', by: ['operator'] },
  dispatch: { from: ['published'], to: 'dispatching', by: ['operator'] },
  accept: { from: ['dispatching'], to: 'in_service', by: ['craftsman'] },
  decline: { from: ['dispatching'], to: 'computed', by: ['craftsman'] },
  expire: { from: ['dispatching'], to: 'computed', by: ['system'] },
  recordService: { from: ['in_service'], to: 'in_service', by: ['craftsman'] },
  complete: { from: ['in_service'], to: 'completed', by: ['craftsman'] },
  confirm: { from: ['completed'], to: 'closed', by: ['enterprise'] },
};

/** May `party` take `action` on a demand in `state`? */
export function canTransition(state: DemandState, action: DemandAction, party: Party): boolean {
  const r = TRANSITIONS[action];
  return r.from.includes(state) && r.by.includes(party);
}

/** The fixed next state of an action, or null when it is computed (edit keeps, decline/expire see below). */
export function nextState(state: DemandState, action: DemandAction): DemandState | null {
  const r = TRANSITIONS[action];
  if (!r.from.includes(state)) return null;
  if (r.to !== 'computed') return r.to;
  return action === 'edit' ? state : null;
}

/** Declines and timeouts at one level before the demand goes one level up. */
export const ESCALATE_AFTER_FAILURES = 3;
export const DEFAULT_DEADLINE_HOURS = 48;

export type AfterFailure =
  | { kind: 'offer-next'; failures: number }
  | { kind: 'escalate'; level: Level; failures: 0 }
  | { kind: 'reopen'; level: Level; failures: number };

/**
 * What follows a declined or expired offer: the next candidate of the list while there is
 * one and fewer than N failures at this level; otherwise one level up (county → city →
 * province), where the operator dispatches again; at the province it stays there.
 */
export function afterFailedOffer(
  level: Level,
  failuresBefore: number,
  remainingCandidates: number,
  limit = ESCALATE_AFTER_FAILURES,
): AfterFailure {
  const failures = failuresBefore + 1;
  if (remainingCandidates > 0 && failures < limit) return { kind: 'offer-next', failures };
  const i = LEVELS.indexOf(level);
  if (i < LEVELS.length - 1) return { kind: 'escalate', level: LEVELS[i + 1], failures: 0 };
  return { kind: 'reopen', level, failures };
}

/** Level of an operator by the kind of their organisation; an industry union acts like a county. */
export function operatorLevel(orgKind: string): Level | null {
  if (orgKind === 'county' || orgKind === 'industry_union') return 'county';
  if (orgKind === 'city') return 'city';
  if (orgKind === 'province' || orgKind === 'department' || orgKind === 'centre') return 'province';
  return null;
}

/** An operator dispatches a demand at their own level only: the county until it escalates, then the city… */
export function operatorMayDispatch(operator: Level, demand: Level): boolean {
  return operator === demand;
}

/** Review (publish / return) and claim confirmation happen at the county, or any level above it. */
export function operatorMayReview(operator: Level, demand: Level): boolean {
  return LEVELS.indexOf(operator) >= LEVELS.indexOf(demand);
}
