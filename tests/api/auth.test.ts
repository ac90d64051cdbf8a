import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_DURATION_MS, SESSION_IDLE_MS } from '../../src/server/features/auth/auth.service.ts';
import { addUser, Client, createTestEnv, PASSWORD, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await addUser(env, 'hz.admin', '330100', ['city_admin']);
  await addUser(env, 'lock.me', '330127', ['county_admin']);
  await addUser(env, 'idle.user', '330127', ['county_admin']);
  await addUser(env, 'pw.user', '330127', ['county_admin']);
});
afterAll(() => env.close());

describe('sign-in', () => {
  it('signs in, shows who I am, and signs out', async () => {
    const c = await signedIn(env, 'hz.admin');
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('hz.admin');
    expect(me.body.org.name).toBe('杭州市总工会');
    expect(me.body.roles).toEqual(['city_admin']);
    const old = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(200);
    // The old cookie replayed after logout is refused.
    const replay = new Client(env);
    replay.cookie = old;
    expect((await replay.get('/api/auth/me')).status).toBe(401);
  });

  it('answers the same for an unknown user and a wrong password', async () => {
    const a = await new Client(env).post('/api/auth/login', { username: 'nobody.here', password: PASSWORD });
    const b = await new Client(env).post('/api/auth/login', {
      username: 'hz.admin',
      password: 'Wrong@2025x',
    });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body).toEqual(b.body);
  });

  it('locks an account after 5 failures in 15 minutes, for 30 minutes', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (await new Client(env).post('/api/auth/login', { username: 'lock.me', password: `Wrong@${i}abc` }))
          .status,
      ).toBe(401);
    }
    const sixth = await new Client(env).post('/api/auth/login', { username: 'lock.me', password: PASSWORD });
    expect(sixth.status).toBe(401);
    env.clock.advance(LOCKOUT_DURATION_MS + 60_000);
    const later = await new Client(env).post('/api/auth/login', { username: 'lock.me', password: PASSWORD });
    expect(later.status).toBe(200);
  });

  it('ends a session idle for 30 minutes', async () => {
    const c = await signedIn(env, 'idle.user');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    env.clock.advance(SESSION_IDLE_MS + 1000);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a session 8 hours after sign-in even when active', async () => {
    const c = await signedIn(env, 'hz.admin');
    let elapsed = 0;
    let status = 200;
    while (status === 200 && elapsed < 10 * 60) {
      env.clock.advance(20 * 60_000);
      elapsed += 20;
      status = (await c.get('/api/auth/me')).status;
    }
    expect(status).toBe(401);
    expect(elapsed).toBeGreaterThan(8 * 60 - 20);
    expect(elapsed).toBeLessThanOrEqual(8 * 60 + 20);
  });

  it('rotates the session token at sign-in', async () => {
    const c = await signedIn(env, 'hz.admin');
    const first = c.cookie;
    await c.login('hz.admin');
    expect(c.cookie).not.toBe(first);
    const stale = new Client(env);
    stale.cookie = first;
    expect((await stale.get('/api/auth/me')).status).toBe(401);
  });

  it('changes the password by the policy, and every session ends', async () => {
    const c = await signedIn(env, 'pw.user');
    const other = await signedIn(env, 'pw.user');
    const weak = await c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'abc' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/至少/);
    const wrong = await c.post('/api/auth/password', {
      currentPassword: 'nope',
      newPassword: 'Better#Pass2026',
    });
    expect(wrong.status).toBe(400);
    const ok = await c.post('/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'Better#Pass2026',
    });
    expect(ok.status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    await new Client(env).login('pw.user', 'Better#Pass2026');
    // The password used before cannot come back (history of 5).
    const c2 = await new Client(env).login('pw.user', 'Better#Pass2026');
    expect(
      (
        await c2.post('/api/auth/password', {
          currentPassword: 'Better#Pass2026',
          newPassword: 'Second#Pass2026',
        })
      ).status,
    ).toBe(200);
    const c3 = await new Client(env).login('pw.user', 'Second#Pass2026');
    const back = await c3.post('/api/auth/password', {
      currentPassword: 'Second#Pass2026',
      newPassword: 'Better#Pass2026',
    });
    expect(back.status).toBe(400);
    expect(back.body.error.message).toMatch(/最近/);
  });

  it('logs out everywhere', async () => {
    const a = await signedIn(env, 'hz.admin');
    const b = await signedIn(env, 'hz.admin');
    expect((await a.post('/api/auth/logout-all')).status).toBe(200);
    expect((await b.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses a state-changing request from a foreign origin', async () => {
    const c = await signedIn(env, 'hz.admin');
    const res = await c.post('/api/auth/logout', {}, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const site = await c.post('/api/auth/logout', {}, { 'sec-fetch-site': 'cross-site' });
    expect(site.status).toBe(403);
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });

  it('requires sign-in for the API but not for health', async () => {
    const anon = new Client(env);
    expect((await anon.get('/api/users')).status).toBe(401);
    const h = await anon.get('/api/health');
    expect(h.status).toBe(200);
    expect(h.body.database).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });
});
