import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/server/features/demo/demo.seed.ts';
import { TEST_KDF } from '../../src/server/lib/crypto.ts';
import { Client, createTestEnv, TEST_RATE_LIMITS, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const DEFAULT_CREDENTIALS = [
  ['admin', 'admin'],
  ['admin', 'admin123'],
  ['admin', 'Admin@123'],
  ['admin', '123456'],
  ['admin', 'password'],
  ['root', 'root'],
  ['root', '123456'],
  ['administrator', 'administrator'],
  ['test', 'test'],
  ['guest', 'guest'],
  ['system', 'system'],
  ['sysadmin', 'sysadmin'],
  ['province.admin', 'Demo@2025'],
  ['auditor.demo', 'Demo@2025'],
  ['security', 'security'],
  ['audit', 'audit'],
  ['admin', 'P@ssw0rd'],
  ['user', 'user'],
  ['demo', 'demo'],
  ['jiangxin', 'jiangxin'],
];

describe('a fresh installation', () => {
  it('has no account that signs in with a common default credential (demo accounts exist only in demo mode)', async () => {
    let successes = 0;
    for (const [username, password] of DEFAULT_CREDENTIALS) {
      const res = await new Client(env).post('/api/auth/login', { username, password });
      if (res.status === 200) successes++;
    }
    expect(DEFAULT_CREDENTIALS).toHaveLength(20);
    expect(successes).toBe(0);
  });

  it('in demo mode every demo account signs in, and the demo password is stored nowhere in clear', async () => {
    expect(await seedDemo(env.db, { kdf: TEST_KDF })).toBe(true);
    expect(await seedDemo(env.db, { kdf: TEST_KDF })).toBe(false); // idempotent
    for (const u of [
      'province.admin',
      'hangzhou.admin',
      'chunan.admin',
      'industry.admin',
      'enterprise.demo',
      'craftsman.demo',
      'auditor.demo',
    ]) {
      await new Client(env).login(u, DEMO_PASSWORD);
    }
    const tables = (
      await env.db.execute<{ t: string }>(
        sql`select tablename as t from pg_tables where schemaname = 'public'`,
      )
    ).rows;
    for (const { t } of tables) {
      const dump = await env.db.execute<{ d: string | null }>(
        sql.raw(`select string_agg(x::text, '\n') as d from "${t}" x`),
      );
      expect(dump.rows[0].d ?? '', t).not.toContain(DEMO_PASSWORD);
    }
  });

  it('two app processes on one database serve the same sessions', async () => {
    const second = connect(env.database.url, env.database.kind);
    try {
      const appB = createApp({ database: second, rateLimits: TEST_RATE_LIMITS });
      const a = await new Client(env).login('chunan.admin', DEMO_PASSWORD);
      const b = new Client({ app: appB });
      b.cookie = a.cookie;
      const shared = env.database.kind === 'postgres';
      // On a PostgreSQL server A first holds the session in its read cache (decision 013), and
      // B's logout must reach it by NOTIFY. The embedded database serves one process only (the
      // data-directory lock), so there the second pool just shares the rows.
      if (shared) expect((await a.get('/api/auth/me')).body.username).toBe('chunan.admin');
      expect((await b.get('/api/auth/me')).body.username).toBe('chunan.admin');
      await b.post('/api/auth/logout');
      const until = Date.now() + 2000;
      let status = (await a.get('/api/auth/me')).status;
      while (shared && status === 200 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
        status = (await a.get('/api/auth/me')).status;
      }
      expect(status).toBe(401);
    } finally {
      await second.close();
    }
  });
});
