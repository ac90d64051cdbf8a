// Cached reads (decision 013): what the app caches is never older than the last committed
// write it could see — its own, a factory's on the same pool, raw SQL, or (on a PostgreSQL
// server) another process's.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { connect } from '../../src/server/db/client.ts';
import { ROLLUP_PREFIX } from '../../src/server/db/write-tracking.ts';
import { makeEnterprise, makeUscc } from '../../src/server/features/demo/factories.ts';
import { addUser, Client, createTestEnv, signedIn, TEST_RATE_LIMITS, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let province: Client;
let chunanId: number;

const LIST = '/api/orgs?kind=enterprise&pageSize=100&sort=name';
const total = async (c: Client) => (await c.get(LIST)).body.total as number;
const names = async (c: Client) => ((await c.get(LIST)).body.items as { name: string }[]).map((i) => i.name);

beforeAll(async () => {
  env = await createTestEnv();
  await makeEnterprise(env.db, { countyCode: '330106', seq: 904 }); // in 西湖区, outside 淳安
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  province = await signedIn(env, 'p.admin');
  const tree = (await province.get('/api/orgs/tree')).body as { id: number; code: string }[];
  chunanId = tree.find((n) => n.code === '330127')!.id;
});
afterAll(() => env.close());

describe('a cached list', () => {
  it('shows a write through the API at once', async () => {
    const before = await total(province);
    expect(await total(province)).toBe(before); // served from the cache
    const res = await province.post('/api/orgs/enterprises', {
      countyId: chunanId,
      name: '缓存测试一号有限公司',
      uscc: makeUscc('330127', 901),
      industryDivision: '34',
    });
    expect(res.status).toBe(201);
    expect(await total(province)).toBe(before + 1);
  });

  it('shows writes made beside the API: a factory, raw SQL, a committed transaction — not a rolled-back one', async () => {
    const before = await total(province);
    await makeEnterprise(env.db, { countyCode: '330127', seq: 902 });
    expect(await total(province)).toBe(before + 1);
    await env.db.execute(
      sql`update organizations set name = '缓存测试改名有限公司' where name = '缓存测试一号有限公司'`,
    );
    expect(await names(province)).toContain('缓存测试改名有限公司');
    await env.db.transaction(async (tx) => {
      await tx.execute(
        sql`update organizations set name = '缓存测试二改有限公司' where name = '缓存测试改名有限公司'`,
      );
    });
    expect(await names(province)).toContain('缓存测试二改有限公司');
    await env.db
      .transaction(async (tx) => {
        await tx.execute(
          sql`update organizations set name = '不该出现有限公司' where name = '缓存测试二改有限公司'`,
        );
        throw new Error('roll back');
      })
      .catch(() => {});
    const after = await names(province);
    expect(after).toContain('缓存测试二改有限公司');
    expect(after).not.toContain('不该出现有限公司');
  });

  it('is kept per scope: a county never gets the province’s cached page', async () => {
    const county = await signedIn(env, 'ca.admin');
    await province.get(LIST);
    const res = await county.get(LIST);
    expect(res.status).toBe(200);
    expect(res.body.total).toBeLessThan(await total(province));
  });
});

describe('a cached session', () => {
  it('ends at once on logout, on disabling the user and on a role change', async () => {
    await addUser(env, 'cache.user', '330127', ['county_admin']);
    const c = await signedIn(env, 'cache.user');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const cookie = c.cookie;
    await c.post('/api/auth/logout');
    const replay = new Client(env);
    replay.cookie = cookie;
    expect((await replay.get('/api/auth/me')).status).toBe(401);

    const d = await signedIn(env, 'cache.user');
    expect((await d.get(LIST)).status).toBe(200);
    const users = (await province.get('/api/users?q=cache.user')).body.items as {
      id: number;
      version: number;
    }[];
    const u = users[0];
    expect((await province.post(`/api/users/${u.id}/disable`, { version: u.version })).status).toBe(200);
    expect((await d.get(LIST)).status).toBe(401);
  });

  it('takes role changes written straight to the database', async () => {
    await addUser(env, 'cache.roles', '330127', ['county_admin']);
    const c = await signedIn(env, 'cache.roles');
    expect((await c.get(LIST)).status).toBe(200);
    await env.db.execute(
      sql`delete from user_roles where user_id = (select id from users where username = 'cache.roles')`,
    );
    expect((await c.get(LIST)).status).toBe(403);
  });
});

describe('what the write tracking relies on', () => {
  it('no trigger writes a table that a cached read depends on (statements name every table they write)', async () => {
    const cached = [
      'sessions',
      'users',
      'user_roles',
      'organizations',
      'mountain_island_members',
      'mountain_island_lists',
    ];
    const { rows } = await env.db.execute<{ name: string; src: string; on: string }>(
      sql`select p.proname as name, p.prosrc as src, c.relname as on from pg_trigger t join pg_proc p on p.oid = t.tgfoid
        join pg_class c on c.oid = t.tgrelid where not t.tgisinternal`,
    );
    const writes =
      /\b(?:insert\s+into|update|delete\s+from|truncate)\s+(?:public\.)?"?([a-z_][a-z0-9_]*)"?/gi;
    for (const { name, src, on } of rows) {
      for (const table of cached) {
        expect(src, `trigger function ${name} writes ${table}`).not.toMatch(
          new RegExp(`\\b(insert\\s+into|update|delete\\s+from)\\s+(public\\.)?"?${table}"?\\b`, 'i'),
        );
      }
      // The one table a trigger may write is its table's rollup, which write tracking takes as
      // written with the table (decision 020).
      const body = src.replace(/\bdo\s+update\b/gi, ' ');
      for (const m of body.matchAll(writes)) {
        expect(`${name} on ${on} writes ${m[1]}`).toBe(`${name} on ${on} writes ${ROLLUP_PREFIX}${on}`);
      }
    }
    expect(rows.some((r) => r.on === 'training_sessions' && /rollup_training_sessions/.test(r.src))).toBe(
      true,
    );
  });
});

describe.runIf(process.env.DATABASE_URL)('two app processes on one PostgreSQL server', () => {
  it('see each other’s writes in their cached lists within moments (LISTEN/NOTIFY)', async () => {
    const second = connect(env.database.url, env.database.kind);
    try {
      const appB = createApp({ database: second, rateLimits: TEST_RATE_LIMITS });
      const b = new Client({ app: appB });
      b.cookie = province.cookie;
      const before = await total(province);
      expect(await total(b)).toBe(before);
      // Wait until B's listener is up (it serves nothing from cache before).
      await new Promise((r) => setTimeout(r, 300));
      expect(await total(b)).toBe(before);
      await province.post('/api/orgs/enterprises', {
        countyId: chunanId,
        name: '跨进程缓存测试有限公司',
        uscc: makeUscc('330127', 903),
        industryDivision: '34',
      });
      const until = Date.now() + 2000;
      let seen = await total(b);
      while (seen === before && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await total(b);
      }
      expect(seen).toBe(before + 1);
    } finally {
      await second.close();
    }
  });
});
