import { describe, expect, it } from 'vitest';
import { CHALLENGE_STATES } from '#shared/challenges.ts';
import { fenToYuan, yuanToFen } from '#shared/challenges.ts';
import {
  CHALLENGE_ACTIONS,
  canTake,
  rankApplications,
  targetState,
  weightedTotal,
} from './challenges.workflow.ts';

describe('揭榜挂帅 workflow table', () => {
  it('never leaves a final state, and only the deadline job acts as the system', () => {
    for (const a of CHALLENGE_ACTIONS) {
      expect(canTake('completed', a, 'operator')).toBe(false);
      expect(canTake('cancelled', a, 'operator')).toBe(false);
      for (const s of CHALLENGE_STATES) if (a !== 'close') expect(canTake(s, a, 'system')).toBe(false);
    }
    expect(canTake('published', 'close', 'system')).toBe(true);
    expect(targetState('reviewing', 'award')).toBe('awarded');
    expect(targetState('in_progress', 'acceptMilestone')).toBe('in_progress');
    expect(canTake('in_progress', 'cancel', 'operator')).toBe(false);
  });

  it('ranks by the mean of weighted totals; ties share a rank; unscored last', () => {
    const criteria = [
      { key: 'a', weight: 60 },
      { key: 'b', weight: 40 },
    ];
    expect(weightedTotal(criteria, { a: 90, b: 80 })).toBe(86);
    const r = rankApplications([
      { applicationId: 1, totals: [80, 90] },
      { applicationId: 2, totals: [85] },
      { applicationId: 3, totals: [] },
      { applicationId: 4, totals: [90, 80] },
    ]);
    expect(r.map((x) => [x.applicationId, x.rank])).toEqual([
      [1, 1],
      [2, 1],
      [4, 1],
      [3, null],
    ]);
  });

  it('money in fen: two decimals at most, no floating error', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen(0.1 + 0.2)).toBeNull();
    expect(yuanToFen('12.345')).toBeNull();
    expect(yuanToFen('1e5')).toBeNull();
    expect(fenToYuan(30000005)).toBe('300000.05');
  });
});
