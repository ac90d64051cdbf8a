// Database refusals nobody handled are answered by what they mean (409, 503), not as internal
// errors; a transaction that loses a deadlock on PostgreSQL runs again and commits.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { type ServiceContext, inTransaction } from '../../src/server/lib/context.ts';
import { systemClock } from '../../src/server/lib/clock.ts';
import { Client, createTestEnv, TEST_RATE_LIMITS, type TestEnv } from '../helpers/app.ts';

const onPostgres = !!process.env.DATABASE_URL;
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
  await env.db.execute(sql`create table probe_rows (id int primary key, n int not null default 0)`);
  await env.db.execute(sql`insert into probe_rows (id) values (1), (2)`);
});
afterAll(async () => {
  await env?.close();
});

const ctxOf = (): ServiceContext => ({
  db: env.db,
  actor: null,
  clock: systemClock,
  ip: null,
  requestId: 'test',
  userAgent: null,
});

describe('database refusals', () => {
  it('answers a duplicate that reached the database as 409 with a message, not 500', async () => {
    const app = createApp({ database: env.database, rateLimits: TEST_RATE_LIMITS });
    app.get('/api/public/probe-duplicate', async (c) => {
      await env.db.execute(sql`insert into probe_rows (id) values (1)`);
      return c.json({ ok: true });
    });
    const res = await new Client({ ...env, app }).get('/api/public/probe-duplicate');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CONFLICT');
    expect(res.body.error.message).toContain('重复');
    expect(JSON.stringify(res.body)).not.toMatch(/probe_rows|duplicate key|at /);
  });

  it.skipIf(!onPostgres)('runs again the transaction PostgreSQL chose as a deadlock’s victim', async () => {
    // Two transactions lock rows 1 and 2 in opposite orders: one of them must lose.
    let firstLocked!: () => void;
    let secondLocked!: () => void;
    const first = new Promise<void>((r) => {
      firstLocked = r;
    });
    const second = new Promise<void>((r) => {
      secondLocked = r;
    });
    let attempts = 0;
    const bump = (a: number, b: number, mine: () => void, theirs: Promise<void>) =>
      inTransaction(ctxOf(), async (tx) => {
        attempts++;
        await tx.db.execute(sql`update probe_rows set n = n + 1 where id = ${a}`);
        mine();
        await theirs;
        await tx.db.execute(sql`update probe_rows set n = n + 1 where id = ${b}`);
      });
    await Promise.all([bump(1, 2, firstLocked, second), bump(2, 1, secondLocked, first)]);
    expect(attempts).toBe(3); // the victim ran twice
    const rows = await env.db.execute(sql`select id, n from probe_rows order by id`);
    expect(rows.rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });
});
