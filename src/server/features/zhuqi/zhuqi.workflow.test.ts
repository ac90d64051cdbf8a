import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMAND_STATES, LEVELS } from '#shared/zhuqi.ts';
import {
  afterFailedOffer,
  canTransition,
  DEMAND_ACTIONS,
  ESCALATE_AFTER_FAILURES,
  nextState,
  operatorLevel,
  operatorMayDispatch,
  operatorMayReview,
  type Party,
  TRANSITIONS,
} from './zhuqi.workflow.ts';

const PARTIES: Party[] = ['enterprise', 'operator', 'craftsman', 'system'];

describe('demand workflow table', () => {
  it('lets each party take exactly its own actions', () => {
    expect(canTransition('submitted', 'publish', 'operator')).toBe(true);
    expect(canTransition('submitted', 'publish', 'enterprise')).toBe(false);
    expect(canTransition('dispatching', 'accept', 'craftsman')).toBe(true);
    expect(canTransition('dispatching', 'accept', 'operator')).toBe(false);
    expect(canTransition('completed', 'confirm', 'enterprise')).toBe(true);
    expect(canTransition('completed', 'confirm', 'operator')).toBe(false);
    expect(canTransition('completed', 'confirm', 'craftsman')).toBe(false);
    expect(canTransition('dispatching', 'expire', 'system')).toBe(true);
    expect(canTransition('dispatching', 'expire', 'craftsman')).toBe(false);
    expect(canTransition('published', 'claim', 'craftsman')).toBe(true);
    expect(canTransition('claimed', 'confirmClaim', 'operator')).toBe(true);
  });

  it('refuses every action from a state it does not list, and never leaves closed or cancelled', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEMAND_STATES),
        fc.constantFrom(...DEMAND_ACTIONS),
        fc.constantFrom(...PARTIES),
        (state, action, party) => {
          const rule = TRANSITIONS[action];
          expect(canTransition(state, action, party)).toBe(
            rule.from.includes(state) && rule.by.includes(party),
          );
          if (state === 'closed' || state === 'cancelled')
            expect(canTransition(state, action, party)).toBe(false);
          const next = nextState(state, action);
          if (!rule.from.includes(state)) expect(next).toBeNull();
        },
      ),
    );
  });

  it('runs the happy path posting → closed', () => {
    let s = nextState('submitted', 'publish')!;
    s = nextState(s, 'dispatch')!;
    s = nextState(s, 'accept')!;
    expect(s).toBe('in_service');
    expect(nextState(s, 'recordService')).toBe('in_service');
    s = nextState(s, 'complete')!;
    expect(nextState(s, 'confirm')).toBe('closed');
    expect(nextState('returned', 'resubmit')).toBe('submitted');
  });
});

describe('after a failed offer', () => {
  it('offers the next candidate while some remain and failures are below the limit', () => {
    expect(afterFailedOffer('county', 0, 2)).toEqual({ kind: 'offer-next', failures: 1 });
    expect(afterFailedOffer('county', 1, 1)).toEqual({ kind: 'offer-next', failures: 2 });
  });

  it('escalates county → city → province when the list is exhausted or after N failures, then stays', () => {
    expect(afterFailedOffer('county', 0, 0)).toEqual({ kind: 'escalate', level: 'city', failures: 0 });
    expect(afterFailedOffer('county', ESCALATE_AFTER_FAILURES - 1, 5)).toEqual({
      kind: 'escalate',
      level: 'city',
      failures: 0,
    });
    expect(afterFailedOffer('city', 0, 0)).toEqual({ kind: 'escalate', level: 'province', failures: 0 });
    expect(afterFailedOffer('province', 0, 0)).toEqual({ kind: 'reopen', level: 'province', failures: 1 });
  });

  it('never moves a demand back down: over any run of failures the level only rises', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 40 }), (remaining) => {
        let level: (typeof LEVELS)[number] = 'county';
        let failures = 0;
        for (const r of remaining) {
          const before = LEVELS.indexOf(level);
          const out = afterFailedOffer(level, failures, r);
          if (out.kind === 'offer-next') failures = out.failures;
          else {
            level = out.level;
            failures = out.failures;
          }
          expect(LEVELS.indexOf(level)).toBeGreaterThanOrEqual(before);
        }
      }),
    );
  });
});

describe('operators by level', () => {
  it('maps organisation kinds to levels and lets only the demand’s level dispatch', () => {
    expect(operatorLevel('county')).toBe('county');
    expect(operatorLevel('industry_union')).toBe('county');
    expect(operatorLevel('city')).toBe('city');
    expect(operatorLevel('province')).toBe('province');
    expect(operatorLevel('enterprise')).toBeNull();
    expect(operatorMayDispatch('county', 'county')).toBe(true);
    expect(operatorMayDispatch('city', 'county')).toBe(false);
    expect(operatorMayDispatch('county', 'city')).toBe(false);
    expect(operatorMayReview('city', 'county')).toBe(true);
    expect(operatorMayReview('county', 'city')).toBe(false);
  });
});
