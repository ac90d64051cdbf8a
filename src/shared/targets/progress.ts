// Progress, pace and forecast of one metric for one organisation. Pure, so the server and
// the web agree and the rules are unit-tested.
//
// - completion: actual / target.
// - expected share by now: last year's monthly profile at the as-of date where last year has
//   records (seasonal work: competitions in autumn, trainings in spring), otherwise the share
//   of the year elapsed.
// - forecast: flows are extrapolated by the expected share; stocks and rates stay as they are.
// - pace: completion against the expected share: ≥ 110 % ahead, ≥ 95 % on track, ≥ 75 % behind,
//   below that at risk; a reached target is achieved.
import type { Comparator, MetricKind, PaceStatus } from './types.ts';

export interface ProgressInput {
  kind: MetricKind;
  comparator: Comparator;
  target: number | null;
  actual: number | null;
  /** Flow metrics only: this year's and last year's monthly values. */
  monthly?: number[];
  lastYearMonthly?: number[];
  /** Growth metrics: this year's count to date, and last year's total (from lastYearMonthly). */
  numerator?: number;
  year: number;
  asOf: string;
}

export interface Progress {
  completion: number | null;
  elapsed: number;
  expectedShare: number;
  profile: 'last_year' | 'linear' | 'none';
  forecast: number | null;
  pace: PaceStatus;
  willMiss: boolean;
}

export const PACE_THRESHOLDS = { ahead: 1.1, onTrack: 0.95, behind: 0.75 } as const;

function dayOfYear(iso: string): {
  day: number;
  days: number;
  month: number;
  dayOfMonth: number;
  monthDays: number;
} {
  const [y, m, d] = iso.split('-').map(Number);
  const start = Date.UTC(y, 0, 1);
  const t = Date.UTC(y, m - 1, d);
  const days = (Date.UTC(y + 1, 0, 1) - start) / 86_400_000;
  const monthDays = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { day: (t - start) / 86_400_000 + 1, days, month: m, dayOfMonth: d, monthDays };
}

/** Share of the year elapsed at the end of the as-of day (1 on 31 December). */
export function elapsedShare(asOf: string): number {
  const { day, days } = dayOfYear(asOf);
  return Math.min(1, Math.max(0, day / days));
}

/** Last year's cumulative share at the same day, or null when last year has nothing to go by. */
export function profileShare(lastYearMonthly: number[] | undefined, asOf: string): number | null {
  if (!lastYearMonthly) return null;
  const total = lastYearMonthly.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const { month, dayOfMonth, monthDays } = dayOfYear(asOf);
  let cum = 0;
  for (let i = 0; i < month - 1; i++) cum += lastYearMonthly[i];
  cum += lastYearMonthly[month - 1] * (dayOfMonth / monthDays);
  const share = cum / total;
  // A profile that expects (almost) nothing yet says nothing about this year's pace.
  return share >= 0.02 ? Math.min(1, share) : null;
}

const isFlow = (input: ProgressInput) => input.monthly !== undefined;

export function assessProgress(input: ProgressInput): Progress {
  const elapsed = elapsedShare(input.asOf);
  const flow = isFlow(input);
  const profile = flow ? profileShare(input.lastYearMonthly, input.asOf) : null;
  const expectedShare = profile ?? elapsed;
  const profileKind: Progress['profile'] = !flow ? 'none' : profile !== null ? 'last_year' : 'linear';

  let forecast: number | null = input.actual;
  if (flow && input.actual !== null && expectedShare > 0) {
    if (input.kind === 'growth') {
      const lastTotal = (input.lastYearMonthly ?? []).reduce((a, b) => a + b, 0);
      const count = input.numerator ?? 0;
      forecast = lastTotal > 0 ? count / expectedShare / lastTotal - 1 : null;
    } else {
      forecast = input.actual / expectedShare;
    }
  }

  const { target, actual } = input;
  if (target === null || target === undefined) {
    return {
      completion: null,
      elapsed,
      expectedShare,
      profile: profileKind,
      forecast,
      pace: 'no_target',
      willMiss: false,
    };
  }
  const higherIsBetter = input.comparator === '>=';
  if (input.kind === 'growth')
    return assessGrowth(input, target, elapsed, expectedShare, profileKind, forecast);
  const reached = actual !== null && (higherIsBetter ? actual >= target : actual <= target);
  const completion =
    actual === null
      ? null
      : target === 0
        ? reached
          ? 1
          : 0
        : higherIsBetter
          ? actual / target
          : target / Math.max(actual, 1e-9);
  if (reached) {
    return {
      completion,
      elapsed,
      expectedShare,
      profile: profileKind,
      forecast,
      pace: 'achieved',
      willMiss: false,
    };
  }
  const ratio = completion === null ? 0 : completion / Math.max(expectedShare, 1e-9);
  const pace: PaceStatus =
    ratio >= PACE_THRESHOLDS.ahead
      ? 'ahead'
      : ratio >= PACE_THRESHOLDS.onTrack
        ? 'on_track'
        : ratio >= PACE_THRESHOLDS.behind
          ? 'behind'
          : 'at_risk';
  const willMiss =
    forecast === null
      ? true
      : flow
        ? higherIsBetter
          ? forecast < target
          : forecast > target
        : pace === 'behind' || pace === 'at_risk';
  return { completion, elapsed, expectedShare, profile: profileKind, forecast, pace, willMiss };
}

/**
 * Growth to date already compares like with like (this year to the as-of day against last
 * year to the same day), so its pace is the rate itself against the target rate; the target
 * is reached only when the year is over.
 */
function assessGrowth(
  input: ProgressInput,
  target: number,
  elapsed: number,
  expectedShare: number,
  profile: Progress['profile'],
  forecast: number | null,
): Progress {
  const actual = input.actual;
  const completion = actual === null || target === 0 ? null : actual / target;
  if (actual === null)
    return { completion, elapsed, expectedShare, profile, forecast, pace: 'at_risk', willMiss: true };
  const yearOver = input.asOf.endsWith('-12-31');
  if (yearOver && actual >= target) {
    return { completion, elapsed, expectedShare, profile, forecast, pace: 'achieved', willMiss: false };
  }
  const ratio = (1 + actual) / (1 + target);
  const pace: PaceStatus =
    ratio >= 1.02 ? 'ahead' : ratio >= 1 ? 'on_track' : ratio >= 0.95 ? 'behind' : 'at_risk';
  const willMiss = forecast === null ? pace === 'behind' || pace === 'at_risk' : forecast < target;
  return { completion, elapsed, expectedShare, profile, forecast, pace, willMiss };
}
