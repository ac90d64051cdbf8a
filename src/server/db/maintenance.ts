// Autovacuum's work, for the embedded database. PGlite runs PostgreSQL in one process with no
// background workers: nothing vacuums or analyzes on its own. Without it the planner's
// statistics describe the tables as they were when last analyzed (an empty table stays "empty"
// and a lookup becomes a scan of everything), and updated or deleted rows are never reclaimed.
// This does what autovacuum would, with autovacuum's own thresholds, from the statistics the
// database keeps: every few minutes, the tables changed enough since their last pass are
// analyzed and, where rows died or many were added, vacuumed. A real PostgreSQL server has
// autovacuum; there this is not started.
import type pg from 'pg';
import { UNTRACKED_WRITE } from './write-tracking.ts';

/** PostgreSQL's defaults (autovacuum_*_threshold and *_scale_factor). */
export const THRESHOLDS = {
  analyze: { base: 50, scale: 0.1 },
  vacuum: { base: 50, scale: 0.2 },
  insertVacuum: { base: 1000, scale: 0.2 },
};

export interface TableWork {
  table: string;
  vacuum: boolean;
}

interface TableStats {
  table: string;
  reltuples: number;
  deadTuples: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
}

/** Autovacuum's rule: which tables need a pass, and of what. */
export function tablesToMaintain(stats: TableStats[]): TableWork[] {
  const out: TableWork[] = [];
  for (const s of stats) {
    const n = Math.max(0, s.reltuples);
    const vacuum =
      s.deadTuples > THRESHOLDS.vacuum.base + THRESHOLDS.vacuum.scale * n ||
      s.insertedSinceVacuum > THRESHOLDS.insertVacuum.base + THRESHOLDS.insertVacuum.scale * n;
    const analyze = s.modifiedSinceAnalyze > THRESHOLDS.analyze.base + THRESHOLDS.analyze.scale * n;
    if (vacuum || analyze) out.push({ table: s.table, vacuum });
  }
  return out;
}

/** One pass: reads the statistics, then vacuums and analyzes what needs it, a table at a time. */
export async function maintainTables(pool: pg.Pool): Promise<{ done: TableWork[]; ms: number }> {
  const t0 = performance.now();
  // The counters reach the statistics views when the session flushes them, which an embedded
  // session that is never idle may not have done yet: ask for it, let a statement end, read.
  await pool.query('select pg_stat_force_next_flush()');
  await pool.query('select 1');
  const { rows } = await pool.query<{
    table: string;
    reltuples: string;
    dead: string;
    modified: string;
    inserted: string;
  }>(`
    select s.relname as table, c.reltuples::float8 as reltuples, s.n_dead_tup as dead,
           s.n_mod_since_analyze as modified, s.n_ins_since_vacuum as inserted
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = 'public'`);
  const work = tablesToMaintain(
    rows.map((r) => ({
      table: r.table,
      reltuples: Number(r.reltuples),
      deadTuples: Number(r.dead),
      modifiedSinceAnalyze: Number(r.modified),
      insertedSinceVacuum: Number(r.inserted),
    })),
  );
  for (const w of work) {
    const name = `"${w.table.replaceAll('"', '""')}"`;
    await pool.query(`${UNTRACKED_WRITE} ${w.vacuum ? 'vacuum (analyze)' : 'analyze'} ${name}`);
  }
  return { done: work, ms: performance.now() - t0 };
}

/**
 * Runs a pass a minute after start and then every `intervalMs` (10 minutes by default), one at
 * a time. Returns the stop function.
 */
export function startMaintenance(
  pool: pg.Pool,
  opts: { intervalMs?: number; firstAfterMs?: number; log?: (m: string) => void } = {},
): () => void {
  let running = false;
  let stopped = false;
  const run = async () => {
    if (running || stopped) return;
    running = true;
    try {
      const { done, ms } = await maintainTables(pool);
      if (done.length && opts.log) {
        const names = done.map((w) => `${w.table}${w.vacuum ? '（清理）' : ''}`).join('、');
        opts.log(`数据库维护 / maintenance: ${names}，用时 ${Math.round(ms)} ms`);
      }
    } catch (err) {
      opts.log?.(`数据库维护出错 / maintenance error: ${err instanceof Error ? err.message : err}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), opts.firstAfterMs ?? 60_000);
  const timer = setInterval(() => void run(), opts.intervalMs ?? 10 * 60_000);
  first.unref();
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}
