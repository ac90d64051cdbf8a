// Autovacuum's work on the embedded database (src/server/db/maintenance.ts): tables changed
// enough are analyzed and vacuumed, so the planner knows their size and dead rows go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maintainTables, tablesToMaintain } from '../../src/server/db/maintenance.ts';
import { createTestEnv, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const q = async (text: string) => (await env.database.pool.query(text)).rows;
/** The rows the planner's statistics record for the table (as of its last analyze). */
const reltuples = async (table: string) =>
  Number((await q(`select reltuples::float8 n from pg_class where relname = '${table}'`))[0].n);

describe('database maintenance', () => {
  it('follows autovacuum’s thresholds', () => {
    const t = (o: Partial<Parameters<typeof tablesToMaintain>[0][0]>) => ({
      table: 't',
      reltuples: 10_000,
      deadTuples: 0,
      modifiedSinceAnalyze: 0,
      insertedSinceVacuum: 0,
      ...o,
    });
    expect(tablesToMaintain([t({})])).toEqual([]);
    expect(tablesToMaintain([t({ modifiedSinceAnalyze: 1050 })])).toEqual([]);
    expect(tablesToMaintain([t({ modifiedSinceAnalyze: 1051 })])).toEqual([{ table: 't', vacuum: false }]);
    expect(tablesToMaintain([t({ deadTuples: 2051 })])).toEqual([{ table: 't', vacuum: true }]);
    expect(tablesToMaintain([t({ insertedSinceVacuum: 3001 })])).toEqual([{ table: 't', vacuum: true }]);
    // Never analyzed (reltuples −1): the base thresholds alone.
    expect(tablesToMaintain([t({ reltuples: -1, modifiedSinceAnalyze: 51 })])).toEqual([
      { table: 't', vacuum: false },
    ]);
  });

  it('analyzes and vacuums a table that grew and lost rows, then leaves it alone', async () => {
    await q('create table maintenance_probe (id int primary key, note text)');
    await q(`insert into maintenance_probe select g, 'x' from generate_series(1, 20000) g`);
    await q('analyze maintenance_probe');
    await q(`insert into maintenance_probe select g, 'y' from generate_series(20001, 60000) g`);
    await q('delete from maintenance_probe where id % 4 = 0');
    expect(await reltuples('maintenance_probe')).toBe(20_000);

    const first = await maintainTables(env.database.pool);
    // A server's own autovacuum may have got there first; on the embedded database nothing else does.
    if (env.database.kind === 'pglite')
      expect(first.done).toContainEqual({ table: 'maintenance_probe', vacuum: true });
    // 60,000 written, a quarter deleted: 45,000 live, the dead ones vacuumed away.
    expect(await reltuples('maintenance_probe')).toBe(45_000);
    await q('select pg_stat_force_next_flush()');
    const [stats] = await q(
      `select n_dead_tup::int dead, (coalesce(last_vacuum, last_autovacuum) is not null) vacuumed
       from pg_stat_user_tables where relname = 'maintenance_probe'`,
    );
    expect(stats).toEqual({ dead: 0, vacuumed: true });

    const second = await maintainTables(env.database.pool);
    expect(second.done.map((w) => w.table)).not.toContain('maintenance_probe');
  });
});
