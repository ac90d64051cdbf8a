// The ticker: runs due jobs (assignment deadlines, follow-ups) and delivers the notification
// outbox. Jobs are rows, so they survive restarts; each batch is claimed with FOR UPDATE SKIP
// LOCKED inside its transaction, so two app processes on one database never run a job twice.
// Time comes from the injectable clock (a ManualClock in tests).
import { and, asc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { dueJobs } from '../../db/schema/zhuqi.ts';
import type { Clock } from '../../lib/clock.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { randomToken } from '../../lib/crypto.ts';
import { deliverOutbox } from '../notifications/notifications.channel.ts';
import { expireChallenge } from '../challenges/challenges.service.ts';
import { askFollowup, expireAssignment } from './zhuqi.demands.service.ts';

const HANDLERS: Record<string, (ctx: ServiceContext, refId: number) => Promise<boolean>> = {
  'assignment.deadline': expireAssignment,
  'followup.ask': askFollowup,
  'challenge.deadline': expireChallenge,
};
const MAX_ATTEMPTS = 5;

function systemContext(db: Db, clock: Clock): ServiceContext {
  return { db, actor: null, clock, ip: null, requestId: `ticker-${randomToken(6)}`, userAgent: 'ticker' };
}

/** Runs the jobs due now, each in its own transaction; returns how many ran. */
export async function runDueJobs(db: Db, clock: Clock, limit = 50): Promise<{ ran: number; failed: number }> {
  let ran = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    // One job per transaction, so the lock is short; its handler runs in a savepoint, so a
    // failing job rolls back alone and is rescheduled.
    const outcome = await db.transaction(async (tx) => {
      const [job] = await tx
        .select()
        .from(dueJobs)
        .where(and(eq(dueJobs.state, 'pending'), lte(dueJobs.dueAt, clock.now())))
        .orderBy(asc(dueJobs.dueAt), asc(dueJobs.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!job) return 'none' as const;
      const attempts = job.attempts + 1;
      try {
        await tx.transaction(async (sp) => {
          const handler = HANDLERS[job.kind];
          if (handler) await handler(systemContext(sp as unknown as Db, clock), job.refId);
        });
        await tx
          .update(dueJobs)
          .set({ state: 'done', doneAt: clock.now(), attempts })
          .where(eq(dueJobs.id, job.id));
        return 'ran' as const;
      } catch (err) {
        await tx
          .update(dueJobs)
          .set({
            attempts,
            state: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            dueAt: new Date(clock.now().getTime() + 60_000 * attempts),
            lastError: (err instanceof Error ? err.message : String(err)).slice(0, 500),
          })
          .where(eq(dueJobs.id, job.id));
        return 'failed' as const;
      }
    });
    if (outcome === 'none') break;
    if (outcome === 'ran') ran++;
    else failed++;
  }
  return { ran, failed };
}

/** One tick: due jobs, then the outbox. */
export async function tick(db: Db, clock: Clock) {
  const jobs = await runDueJobs(db, clock);
  const outbox = await deliverOutbox(db, clock);
  return { ...jobs, ...outbox };
}

/** Starts ticking every `intervalMs` in this process; returns stop(). Ticks never overlap. */
export function startTicker(db: Db, clock: Clock, intervalMs = 5000, log: (m: string) => void = () => {}) {
  let busy = false;
  let stopped = false;
  const timer = setInterval(async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      await tick(db, clock);
    } catch (err) {
      log(`定时任务出错 / ticker error: ${err instanceof Error ? err.message : err}`);
    } finally {
      busy = false;
    }
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
