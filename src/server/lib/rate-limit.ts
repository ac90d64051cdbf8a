// Fixed-window rate limits kept in this process's memory. Several app processes each keep
// their own counts (so the effective limit is per process); account lockout, which must
// hold across processes, lives in the database instead.
import { AppError } from './errors.ts';

export interface Limit {
  max: number;
  windowMs: number;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one hit on `key`; throws RATE_LIMITED with Retry-After once `limit` is passed. */
  hit(key: string, limit: Limit): void {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= limit.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(t, limit.windowMs);
    }
    w.count++;
    if (w.count > limit.max) {
      const retry = Math.max(1, Math.ceil((w.start + limit.windowMs - t) / 1000));
      throw new AppError('RATE_LIMITED', `请求过于频繁，请 ${retry} 秒后再试`, undefined, {
        'Retry-After': String(retry),
      });
    }
  }

  private sweep(t: number, windowMs: number) {
    for (const [k, w] of this.windows) if (t - w.start >= windowMs) this.windows.delete(k);
  }
}

export interface RateLimits {
  loginPerIp: Limit;
  loginPerAccount: Limit;
  /** Anonymous requests, per address, apart from the public showcase. */
  anonymous: Limit;
  /**
   * The public showcase (its pages, `/api/public/*`, its images), per address: read-only and
   * mostly cached, and browsed together by the staff of an office or a factory behind one
   * address (NAT), a results page with its images being some twenty requests.
   */
  showcase: Limit;
  signedIn: Limit;
  exportsPerUser: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  loginPerIp: { max: 25, windowMs: 5 * 60_000 },
  loginPerAccount: { max: 25, windowMs: 60 * 60_000 },
  anonymous: { max: 300, windowMs: 5 * 60_000 },
  showcase: { max: 6000, windowMs: 5 * 60_000 },
  signedIn: { max: 1500, windowMs: 5 * 60_000 },
  exportsPerUser: { max: 10, windowMs: 60 * 60_000 },
};
