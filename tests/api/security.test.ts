import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise, makeUscc } from '../../src/server/features/demo/factories.ts';
import { addUser, Client, createTestEnv, signedIn, TEST_RATE_LIMITS, type TestEnv } from '../helpers/app.ts';
import { documentedRoutes } from '../helpers/openapi.ts';

let env: TestEnv;
let province: Client;
let chunanId: number;

async function count(table: string): Promise<number> {
  const r = await env.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return r.rows[0].n;
}

beforeAll(async () => {
  env = await createTestEnv();
  await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'aud.admin', '330000', ['audit_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  province = await signedIn(env, 'p.admin');
  chunanId = ((await province.get('/api/orgs/tree')).body as any[]).find((n) => n.code === '330127').id;
});
afterAll(() => env.close());

describe('the API surface', () => {
  it('every route is documented in the OpenAPI document, and every documented route exists', async () => {
    const documented = new Set(
      (await documentedRoutes(env)).map((r) => `${r.method} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = new Set(
      env.app.routes
        .filter((r) => ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
        .filter(
          (r) =>
            r.path.startsWith('/api/') && !r.path.startsWith('/api/docs') && r.path !== '/api/openapi.json',
        )
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
    expect(served.size).toBeGreaterThan(20);
  });

  it('serves the interactive documentation without a CDN', async () => {
    const page = await new Client(env).get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/api/docs/swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    expect((await new Client(env).get('/api/docs/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('sets the security headers on every response, and no-store on API data', async () => {
    for (const path of ['/api/health', '/api/orgs', '/api/nope', '/api/docs']) {
      const res = await province.get(path);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBeTruthy();
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('gzips JSON answers of 1 KB and more for clients that take it, and only those', async () => {
    const get = (path: string, encoding?: string) =>
      env.app.request(path, {
        headers: { cookie: province.cookie!, ...(encoding ? { 'accept-encoding': encoding } : {}) },
      });
    const read = async (res: Response) => {
      const bytes = Buffer.from(await res.arrayBuffer());
      return JSON.parse(
        (res.headers.get('content-encoding') === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8'),
      );
    };
    // A cached list (compressed once, kept), and an answer made per request.
    for (const path of ['/api/orgs?kind=county&pageSize=50', '/api/orgs/tree']) {
      const plain = await get(path);
      expect(plain.headers.get('content-encoding')).toBeNull();
      const body = await read(plain);
      expect(JSON.stringify(body).length).toBeGreaterThan(1024);
      for (const encoding of ['gzip, deflate, br, zstd', 'br;q=1.0, gzip;q=0.8', '*']) {
        const zipped = await get(path, encoding);
        expect(zipped.status).toBe(200);
        expect(zipped.headers.get('content-encoding')).toBe('gzip');
        expect(zipped.headers.get('vary')).toContain('accept-encoding');
        expect(zipped.headers.get('x-content-type-options')).toBe('nosniff');
        expect(await read(zipped)).toEqual(body);
      }
      for (const refused of ['br', 'gzip;q=0', 'identity']) {
        expect((await get(path, refused)).headers.get('content-encoding')).toBeNull();
      }
    }
    // Short answers and errors go as they are.
    expect((await get('/api/auth/me', 'gzip')).headers.get('content-encoding')).toBeNull();
    const missing = await get('/api/orgs/999999999', 'gzip');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-encoding')).toBeNull();
  });

  it('GET requests change no business data', async () => {
    const tables = [
      'organizations',
      'users',
      'user_roles',
      'mountain_island_lists',
      'mountain_island_members',
      'password_history',
    ];
    const before = await Promise.all(tables.map(count));
    for (const r of (await documentedRoutes(env)).filter(
      (x) => x.method === 'GET' && !x.path.includes('{'),
    )) {
      await province.get(r.path);
    }
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it('refuses oversized bodies and too large pages with 4xx', async () => {
    const big = await province.post('/api/orgs/industry-unions', {
      name: 'x'.repeat(1_100_000),
      code: 'IU-BIG',
    });
    expect(big.status).toBe(413);
    expect((await province.get('/api/orgs?pageSize=101')).status).toBe(400);
    expect((await province.get('/api/orgs?page=-1')).status).toBe(400);
    expect((await province.get('/api/orgs?sort=password_hash')).status).toBe(400);
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await province.get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('concurrency', () => {
  it('20 concurrent writers × 25 updates lose no update (optimistic locking)', async () => {
    const e = (await province.get('/api/orgs?kind=enterprise&pageSize=1')).body.items[0];
    const versions: number[] = [];
    let conflicts = 0;
    const writer = async (w: number) => {
      const c = await signedIn(env, 'p.admin');
      for (let i = 0; i < 25; i++) {
        const cur = (await c.get(`/api/orgs/${e.id}`)).body;
        const res = await c.patch(`/api/orgs/${e.id}`, { version: cur.version, address: `w${w}-${i}` });
        if (res.status === 200) versions.push(res.body.version);
        else {
          expect(res.status).toBe(409);
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, w) => writer(w)));
    const final = (await province.get(`/api/orgs/${e.id}`)).body;
    // Every acknowledged update produced its own version and the row counts them all.
    expect(versions.length + conflicts).toBe(500);
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions).size).toBe(versions.length);
    expect(final.version).toBe(e.version + versions.length);
  }, 180_000);

  it('20 concurrent transitions of one row: exactly one wins', async () => {
    const u = await addUser(env, 'race.target', '330127', ['reviewer']);
    const clients = await Promise.all(Array.from({ length: 20 }, () => signedIn(env, 'p.admin')));
    const results = await Promise.all(
      clients.map((c) => c.post(`/api/users/${u.id}/disable`, { version: u.version })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it('the same creating request sent 10 times with one Idempotency-Key has one effect', async () => {
    const body = {
      countyId: chunanId,
      name: '幂等测试有限公司',
      uscc: makeUscc('330127', 777),
      industryDivision: '35',
    };
    const before = await count('organizations');
    const responses = [];
    for (let i = 0; i < 10; i++)
      responses.push(await province.post('/api/orgs/enterprises', body, { 'idempotency-key': 'create-777' }));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(responses[1].headers.get('idempotent-replayed')).toBe('true');
    expect(await count('organizations')).toBe(before + 1);
    // A failed attempt is not remembered: the client can correct it and retry with the key.
    const bad = await province.post(
      '/api/orgs/enterprises',
      { ...body, uscc: 'bad' },
      { 'idempotency-key': 'k2' },
    );
    expect(bad.status).toBe(400);
    const good = await province.post(
      '/api/orgs/enterprises',
      { ...body, uscc: makeUscc('330127', 778) },
      { 'idempotency-key': 'k2' },
    );
    expect(good.status).toBe(201);
  });
});

describe('rate limits', () => {
  it('the 26th login from one address in 5 minutes gets 429 with Retry-After', async () => {
    const limited = await createTestEnv({ realLimits: true });
    try {
      let last = 0;
      let retry: string | null = null;
      for (let i = 0; i < 26; i++) {
        const res = await new Client(limited).post('/api/auth/login', {
          username: `nobody${i}`,
          password: 'Whatever#1',
        });
        last = res.status;
        retry = res.headers.get('retry-after');
      }
      expect(last).toBe(429);
      expect(Number(retry)).toBeGreaterThan(0);
      limited.clock.advance(5 * 60_000 + 1000);
      expect(
        (await new Client(limited).post('/api/auth/login', { username: 'nobody', password: 'Whatever#1' }))
          .status,
      ).toBe(401);
    } finally {
      await limited.close();
    }
  });

  it('gives the public showcase its own allowance per address, apart from other anonymous requests', async () => {
    const fiveMinutes = 5 * 60_000;
    const limited = await createTestEnv({
      rateLimits: {
        ...TEST_RATE_LIMITS,
        anonymous: { max: 5, windowMs: fiveMinutes },
        showcase: { max: 12, windowMs: fiveMinutes },
      },
    });
    try {
      const anon = new Client(limited);
      const statuses = async (path: string, n: number) => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) out.push((await anon.get(path)).status);
        return out;
      };
      // An office browsing the showcase together goes past the general anonymous limit …
      expect(await statuses('/api/public/achievements', 8)).toEqual(Array(8).fill(200));
      // … which other anonymous requests still meet at their own count.
      expect(await statuses('/api/health', 6)).toEqual([200, 200, 200, 200, 200, 429]);
      // The showcase's pages count with its API, up to the showcase's own limit.
      expect(await statuses('/share', 4)).toEqual(Array(4).fill(200));
      const over = await anon.get('/api/public/achievements');
      expect(over.status).toBe(429);
      expect(over.body.error.code).toBe('RATE_LIMITED');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      limited.clock.advance(fiveMinutes + 1000);
      expect((await anon.get('/api/public/achievements')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('audit', () => {
  it('writes exactly one audit row for each security-relevant action', async () => {
    const aud = await signedIn(env, 'aud.admin');
    const countOf = async (event: string) =>
      (await aud.get(`/api/audit/events?event=${event}&pageSize=1`)).body.total as number;
    const once = async (event: string, action: () => Promise<unknown>) => {
      const before = await countOf(event);
      await action();
      expect(await countOf(event), event).toBe(before + 1);
    };
    const p = await signedIn(env, 'p.admin');
    let user: any;
    await once('auth.login', () => new Client(env).login('ca.admin'));
    await once('auth.login', () =>
      new Client(env).post('/api/auth/login', { username: 'ca.admin', password: 'Wrong#pass1' }),
    );
    await once('user.create', async () => {
      user = (
        await p.post('/api/users', {
          username: 'audited.one',
          displayName: '审计对象',
          orgId: chunanId,
          roles: [],
          password: 'Initial#Pass2026',
        })
      ).body;
    });
    await once('user.update', async () => {
      user = (await p.patch(`/api/users/${user.id}`, { version: user.version, displayName: '改名' })).body;
    });
    await once('user.roles', async () => {
      user = (await p.put(`/api/users/${user.id}/roles`, { version: user.version, roles: ['reviewer'] }))
        .body;
    });
    await once('user.disable', async () => {
      user = (await p.post(`/api/users/${user.id}/disable`, { version: user.version })).body;
    });
    await once('user.enable', async () => {
      user = (await p.post(`/api/users/${user.id}/enable`, { version: user.version })).body;
    });
    await once('user.password_reset', async () => {
      user = (
        await p.post(`/api/users/${user.id}/reset-password`, {
          version: user.version,
          password: 'Another#Pass2026',
        })
      ).body;
    });
    await once('auth.lockout', async () => {
      for (let i = 0; i < 5; i++)
        await new Client(env).post('/api/auth/login', { username: 'audited.one', password: `Bad#${i}x` });
    });
    await once('user.unlock', async () => {
      const u = (await p.get(`/api/users/${user.id}`)).body;
      await p.post(`/api/users/${user.id}/unlock`, { version: u.version });
    });
    await once('pii.view', () => p.get(`/api/users/${user.id}?reveal=true`));
    await once('access.denied', () => p.get('/api/audit/events'));
    await once('org.create', () =>
      p.post('/api/orgs/industry-unions', { name: '审计测试产业工会', code: 'IU-AUD' }),
    );
    const c = await signedIn(env, 'ca.admin');
    await once('auth.logout', () => c.post('/api/auth/logout'));
    const rows = (await aud.get('/api/audit/events?pageSize=100')).body.items as any[];
    expect(JSON.stringify(rows)).not.toMatch(/Initial#Pass2026|Another#Pass2026|Demo@2025/);
    const verify = await aud.post('/api/audit/verify');
    expect(verify.body.ok).toBe(true);
    expect(verify.body.checked).toBeGreaterThan(10);
  });

  it('the audit table refuses UPDATE and DELETE', async () => {
    const refused = async (q: ReturnType<typeof sql>) => {
      try {
        await env.db.execute(q);
        return 'accepted';
      } catch (err) {
        return String((err as { cause?: Error }).cause?.message ?? err);
      }
    };
    expect(await refused(sql`update audit_log set event = 'x'`)).toMatch(/append-only/);
    expect(await refused(sql`delete from audit_log`)).toMatch(/append-only/);
  });
});

describe('unknown keys', () => {
  it('are refused in queries as in bodies, with the key named', async () => {
    const q = await province.get('/api/orgs?kind=enterprise&isAdmin=true');
    expect(q.status).toBe(400);
    expect(JSON.stringify(q.body.error)).toContain('isAdmin');
    const b = await province.post('/api/orgs/industry-unions', {
      name: '某产业工会',
      code: 'IU-Q',
      path: '/',
    });
    expect(b.status).toBe(400);
  });
});

describe('control characters', () => {
  it('refuse NUL in a query or a body with 400', async () => {
    expect((await province.get('/api/orgs?q=%00')).status).toBe(400);
    const res = await province.post('/api/orgs/industry-unions', { name: 'a\u0000b', code: 'IU-NUL' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('控制字符');
  });
});
