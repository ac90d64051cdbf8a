import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessProgress, elapsedShare, profileShare } from './progress.ts';

const base = { comparator: '>=' as const, year: 2025 };

describe('progress of a metric', () => {
  it('counts the share of the year elapsed by the end of the as-of day', () => {
    expect(elapsedShare('2025-12-31')).toBe(1);
    expect(elapsedShare('2025-01-01')).toBeCloseTo(1 / 365);
    expect(elapsedShare('2024-12-31')).toBe(1); // leap year
    expect(elapsedShare('2025-07-02')).toBeCloseTo(183 / 365);
  });

  it('paces a flow linearly when last year has no records', () => {
    const p = assessProgress({
      ...base,
      kind: 'count',
      target: 100,
      actual: 55,
      monthly: Array(12).fill(0),
      asOf: '2025-07-02',
    });
    expect(p.profile).toBe('linear');
    expect(p.forecast).toBeCloseTo(55 / (183 / 365));
    expect(p.pace).toBe('on_track');
    expect(p.willMiss).toBe(false);
  });

  it('paces a seasonal flow by last year’s monthly profile', () => {
    // Last year everything happened in October–December: half-way through the year, little is expected.
    const last = [0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 30, 20];
    const p = assessProgress({
      ...base,
      kind: 'count',
      target: 100,
      actual: 30,
      monthly: Array(12).fill(0),
      lastYearMonthly: last,
      asOf: '2025-10-15',
    });
    expect(p.profile).toBe('last_year');
    expect(p.expectedShare).toBeCloseTo((50 * 15) / 31 / 100);
    expect(p.forecast).toBeCloseTo(30 / p.expectedShare);
    expect(p.pace).toBe('ahead');
    // Early in the year, a profile that expects nothing falls back to the calendar.
    const early = assessProgress({
      ...base,
      kind: 'count',
      target: 100,
      actual: 5,
      monthly: [],
      lastYearMonthly: last,
      asOf: '2025-03-01',
    });
    expect(early.profile).toBe('linear');
  });

  it('warns when the forecast falls short and says achieved when the target is reached', () => {
    const behind = assessProgress({
      ...base,
      kind: 'sum',
      target: 1000,
      actual: 300,
      monthly: [],
      asOf: '2025-09-30',
    });
    expect(behind.pace).toBe('at_risk');
    expect(behind.willMiss).toBe(true);
    const done = assessProgress({
      ...base,
      kind: 'sum',
      target: 1000,
      actual: 1000,
      monthly: [],
      asOf: '2025-03-31',
    });
    expect(done.pace).toBe('achieved');
    expect(done.willMiss).toBe(false);
  });

  it('does not extrapolate rates and stocks', () => {
    const p = assessProgress({ ...base, kind: 'coverage', target: 0.6, actual: 0.3, asOf: '2025-10-31' });
    expect(p.forecast).toBe(0.3);
    expect(p.profile).toBe('none');
    expect(p.pace).toBe('at_risk');
    expect(p.willMiss).toBe(true);
  });

  it('paces growth as the rate to date against the target rate', () => {
    const last = Array(12).fill(10); // 120 last year
    const good = assessProgress({
      ...base,
      kind: 'growth',
      target: 0.1,
      actual: 0.15,
      numerator: 67,
      monthly: [],
      lastYearMonthly: last,
      asOf: '2025-06-30',
    });
    expect(good.pace).toBe('ahead');
    expect(good.forecast).toBeCloseTo(67 / 0.5 / 120 - 1);
    const bad = assessProgress({
      ...base,
      kind: 'growth',
      target: 0.1,
      actual: -0.1,
      numerator: 54,
      monthly: [],
      lastYearMonthly: last,
      asOf: '2025-06-30',
    });
    expect(bad.pace).toBe('at_risk');
    expect(bad.willMiss).toBe(true);
    const none = assessProgress({
      ...base,
      kind: 'growth',
      target: 0.1,
      actual: null,
      numerator: 0,
      monthly: [],
      asOf: '2025-06-30',
    });
    expect(none.willMiss).toBe(true);
  });

  it('has no pace without a target', () => {
    const p = assessProgress({
      ...base,
      kind: 'count',
      target: null,
      actual: 7,
      monthly: [],
      asOf: '2025-06-30',
    });
    expect(p.pace).toBe('no_target');
    expect(p.willMiss).toBe(false);
  });

  it('a profile share is between 0 and 1 and grows through the year', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 11 }),
        (months, m) => {
          const a = profileShare(months, `2025-${String(m).padStart(2, '0')}-28`);
          const b = profileShare(months, `2025-${String(m + 1).padStart(2, '0')}-28`);
          if (a !== null) expect(a).toBeGreaterThanOrEqual(0.02);
          if (a !== null && b !== null) expect(b).toBeGreaterThanOrEqual(a - 1e-12);
          if (b !== null) expect(b).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
