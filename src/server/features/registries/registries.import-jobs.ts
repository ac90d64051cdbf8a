// An import is a job (decision 018): the upload is checked and answered at once, the rows are read,
// checked and written in the background of the app process, and the importer polls the job for its
// progress and, once it is done, the result. A small file usually finishes before the answer is
// sent, so the answer then carries the result. The job row survives restarts: a job whose process
// is gone is marked failed (interrupted) by the janitor, which also sweeps old jobs and files.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { importJobs, importResults } from '../../db/schema/registries.ts';
import type { Clock } from '../../lib/clock.ts';
import { assertPermission, type ServiceContext } from '../../lib/context.ts';
import { randomToken } from '../../lib/crypto.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import {
  checkImportable,
  IMPORT_RESULT_TTL_MS,
  type ImportProgress,
  type ImportResult,
  importRecords,
} from './registries.transfer.ts';

/** This process, as the runner of its jobs. */
const RUNNER = randomToken(8);
/** How often a running job's row is brought up to date (progress, heartbeat). */
const HEARTBEAT_MS = 3000;
/** A running job whose row has not been touched for this long has lost its process. */
export const IMPORT_JOB_STALE_MS = 2 * 60_000;
/** Finished jobs are kept this long (the annotated files a day: IMPORT_RESULT_TTL_MS). */
export const IMPORT_JOB_TTL_MS = 7 * 24 * 3600_000;
/** How long the upload's answer waits for a small file to finish (0 in tests of progress). */
let inlineWaitMs = 1500;
export function configureImportJobs(opts: { inlineWaitMs?: number }) {
  if (opts.inlineWaitMs !== undefined) inlineWaitMs = opts.inlineWaitMs;
}
/** Imports running at once in this process (each may hold a 100,000-row file in memory). */
export const MAX_RUNNING_IMPORTS = 2;
export const INTERRUPTED_MESSAGE = '导入因服务重启而中断，未导入任何数据。请重新上传文件导入。';

interface LiveJob {
  userId: number;
  progress: ImportProgress;
}
/** The jobs running in this process, with their progress as it is now. */
const live = new Map<string, LiveJob>();

export interface ImportJobDto {
  id: string;
  registry: string;
  fileName: string;
  mode: 'all' | 'valid';
  status: 'running' | 'done' | 'failed';
  phase: ImportProgress['phase'] | 'finished';
  rowsRead: number;
  rowsTotal: number | null;
  rowsWritten: number;
  rowsToWrite: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  result: ImportResult | null;
}

type JobRow = typeof importJobs.$inferSelect;

function toDto(row: JobRow): ImportJobDto {
  const now = live.get(row.id)?.progress;
  return {
    id: row.id,
    registry: row.registry,
    fileName: row.fileName,
    mode: row.mode as 'all' | 'valid',
    status: row.status as ImportJobDto['status'],
    phase: (row.status === 'running' && now ? now.phase : row.phase) as ImportJobDto['phase'],
    rowsRead: now?.rowsRead ?? row.rowsRead,
    rowsTotal: now ? now.rowsTotal : row.rowsTotal,
    rowsWritten: now?.rowsWritten ?? row.rowsWritten,
    rowsToWrite: now ? now.rowsToWrite : row.rowsToWrite,
    error: row.error,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    result: (row.result as ImportResult | null) ?? null,
  };
}

const progressColumns = (p: ImportProgress) => ({
  phase: p.phase,
  rowsRead: p.rowsRead,
  rowsTotal: p.rowsTotal,
  rowsWritten: p.rowsWritten,
  rowsToWrite: p.rowsToWrite,
});

/** Runs the import and records its end on the job row; never rejects. */
async function runJob(
  ctx: ServiceContext,
  id: string,
  key: string,
  file: { name: string; content: Buffer },
  mode: 'all' | 'valid',
  job: LiveJob,
): Promise<{ error?: unknown }> {
  const mine = and(eq(importJobs.id, id), eq(importJobs.status, 'running'), eq(importJobs.runner, RUNNER));
  // The row follows the progress every few seconds (one update at a time). During the write
  // phase on PGlite the update waits for the import's transaction: pollers read `live` meanwhile.
  let saving: Promise<unknown> | null = null;
  const beat = setInterval(() => {
    if (saving) return;
    saving = ctx.db
      .update(importJobs)
      .set({ ...progressColumns(job.progress), heartbeatAt: ctx.clock.now() })
      .where(mine)
      .catch(() => {})
      .finally(() => {
        saving = null;
      });
  }, HEARTBEAT_MS);
  beat.unref();
  let outcome: { error?: unknown } = {};
  try {
    const result = await importRecords(ctx, key, file, mode, (p) => Object.assign(job.progress, p));
    clearInterval(beat);
    await saving;
    await ctx.db
      .update(importJobs)
      .set({
        ...progressColumns(job.progress),
        status: 'done',
        phase: 'finished',
        refused: result.refused,
        result,
        heartbeatAt: ctx.clock.now(),
        finishedAt: ctx.clock.now(),
      })
      .where(mine);
  } catch (err) {
    clearInterval(beat);
    await saving;
    outcome = { error: err };
    if (!(err instanceof AppError)) console.error(`[${ctx.requestId}] import job ${id} failed`, err);
    const message =
      err instanceof AppError && err.status < 500
        ? err.message
        : '导入失败（服务器内部错误），未导入任何数据。请稍后重试，或联系管理员。';
    await ctx.db
      .update(importJobs)
      .set({
        ...progressColumns(job.progress),
        status: 'failed',
        phase: 'finished',
        error: message,
        heartbeatAt: ctx.clock.now(),
        finishedAt: ctx.clock.now(),
      })
      .where(mine)
      .catch(() => {}); // the janitor marks it interrupted later
  } finally {
    live.delete(id);
  }
  return outcome;
}

/**
 * Checks an upload (permission, .xlsx, zip limits: refused at once with a 400), records the job
 * and starts it. Waits a moment (1.5 s): a file refused in that time is a 4xx as before, a
 * file imported in that time comes back done with its result; otherwise the job is running.
 */
export async function startImportJob(
  ctx: ServiceContext,
  key: string,
  file: { name: string; content: Buffer },
  mode: 'all' | 'valid',
): Promise<ImportJobDto> {
  await checkImportable(ctx, key, file);
  const userId = ctx.actor!.userId;
  if ([...live.values()].some((j) => j.userId === userId)) {
    throw new AppError('RATE_LIMITED', '您有一个导入正在进行，请等它完成后再导入下一个文件。');
  }
  if (live.size >= MAX_RUNNING_IMPORTS) {
    throw new AppError('RATE_LIMITED', '服务器正在处理其他导入，请一两分钟后再试。');
  }
  const id = randomUUID();
  const now = ctx.clock.now();
  const job: LiveJob = {
    userId,
    progress: { phase: 'reading', rowsRead: 0, rowsTotal: null, rowsWritten: 0, rowsToWrite: null },
  };
  live.set(id, job);
  try {
    await ctx.db.insert(importJobs).values({
      id,
      userId,
      registry: key,
      fileName: file.name.slice(0, 200),
      mode,
      status: 'running',
      phase: 'reading',
      runner: RUNNER,
      heartbeatAt: now,
      startedAt: now,
    });
  } catch (err) {
    live.delete(id);
    throw err;
  }
  const run = runJob(ctx, id, key, file, mode, job);
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    run,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), inlineWaitMs);
    }),
  ]);
  clearTimeout(timer);
  // A refusal known before the answer is the answer (the job row says the same).
  if (outcome?.error instanceof AppError && outcome.error.status < 500) throw outcome.error;
  return getImportJob(ctx, key, id);
}

/** A job, for the user who started it (anyone else: 404). */
export async function getImportJob(ctx: ServiceContext, key: string, id: string): Promise<ImportJobDto> {
  assertPermission(ctx, 'read:registry:subtree');
  const [row] = await ctx.db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, id), eq(importJobs.userId, ctx.actor.userId), eq(importJobs.registry, key)));
  if (!row) throw notFound('导入任务');
  return toDto(row);
}

// ————————————————————————————————————————————— the janitor

/**
 * Marks failed (interrupted) the running jobs whose process is gone: not running here, and not
 * heard of for `staleMs` (0 at the start of the only process of an embedded database).
 */
export async function recoverImportJobs(
  db: Db,
  clock: Clock,
  staleMs = IMPORT_JOB_STALE_MS,
): Promise<number> {
  const mineLive = [...live.keys()];
  const now = clock.now();
  const rows = await db
    .update(importJobs)
    .set({ status: 'failed', phase: 'finished', error: INTERRUPTED_MESSAGE, finishedAt: now })
    .where(
      and(
        eq(importJobs.status, 'running'),
        staleMs > 0 ? lt(importJobs.heartbeatAt, new Date(now.getTime() - staleMs)) : undefined,
        mineLive.length ? notInArray(importJobs.id, mineLive) : undefined,
      ),
    )
    .returning({ id: importJobs.id });
  return rows.length;
}

/** Deletes the annotated files older than a day and the finished jobs older than a week. */
export async function sweepImports(db: Db, clock: Clock): Promise<{ files: number; jobs: number }> {
  const now = clock.now().getTime();
  const files = await db
    .delete(importResults)
    .where(lt(importResults.createdAt, new Date(now - IMPORT_RESULT_TTL_MS)))
    .returning({ id: importResults.id });
  const jobs = await db
    .delete(importJobs)
    .where(
      and(
        inArray(importJobs.status, ['done', 'failed']),
        lt(
          sql`coalesce(${importJobs.finishedAt}, ${importJobs.startedAt})`,
          new Date(now - IMPORT_JOB_TTL_MS),
        ),
      ),
    )
    .returning({ id: importJobs.id });
  return { files: files.length, jobs: jobs.length };
}

/**
 * Starts the janitor: at once (interrupted jobs of a previous run; on an embedded database this
 * process is the only one, so every running job not its own is interrupted), then every
 * `intervalMs`. Its state is the database, so a restart loses nothing. Returns stop().
 */
export function startImportJanitor(
  db: Db,
  clock: Clock,
  opts: { embedded: boolean; intervalMs?: number; log?: (m: string) => void },
) {
  const log = opts.log ?? (() => {});
  let busy = false;
  const run = async (first: boolean) => {
    if (busy) return;
    busy = true;
    try {
      const interrupted = await recoverImportJobs(
        db,
        clock,
        first && opts.embedded ? 0 : IMPORT_JOB_STALE_MS,
      );
      if (interrupted) log(`${interrupted} 个导入任务因重启中断 / ${interrupted} import job(s) interrupted`);
      await sweepImports(db, clock);
    } catch (err) {
      log(`导入清理出错 / import janitor error: ${err instanceof Error ? err.message : err}`);
    } finally {
      busy = false;
    }
  };
  void run(true);
  const timer = setInterval(() => void run(false), opts.intervalMs ?? 10 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
