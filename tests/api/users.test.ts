import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { addUser, Client, createTestEnv, PASSWORD, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let chunanId: number;
let xihuId: number;
let enterpriseId: number;

beforeAll(async () => {
  env = await createTestEnv();
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'hz.admin', '330100', ['city_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin'], { phone: '13900001111' });
  await addUser(env, 'xh.admin', '330106', ['county_admin'], { phone: '13900002222' });
  await addUser(env, 'sec.admin', '330000', ['security_admin']);
  await addUser(env, 'sys.admin', '330000', ['system_admin']);
  await addUser(env, 'aud.admin', '330000', ['audit_admin']);
  const e = await makeEnterprise(env.db, { countyCode: '330127', seq: 9 });
  enterpriseId = e.id;
  await addUser(env, 'ent.contact', e.code, ['enterprise_contact']);
  const tree = (await (await signedIn(env, 'p.admin')).get('/api/orgs/tree')).body as any[];
  chunanId = tree.find((n) => n.code === '330127').id;
  xihuId = tree.find((n) => n.code === '330106').id;
});
afterAll(() => env.close());

describe('user management', () => {
  it('a county admin creates a user in its county with roles it may grant; the user must change the password', async () => {
    const ca = await signedIn(env, 'ca.admin');
    const res = await ca.post('/api/users', {
      username: 'new.worker',
      displayName: '新用户',
      orgId: enterpriseId,
      phone: '13712345678',
      roles: ['enterprise_contact'],
      password: 'Initial#Pass2026',
    });
    expect(res.status).toBe(201);
    expect(res.body.phone).toBe('137****5678');
    expect(res.body.mustChangePassword).toBe(true);
    const u = new Client(env);
    await u.login('new.worker', 'Initial#Pass2026');
    expect((await u.get('/api/auth/me')).body.mustChangePassword).toBe(true);
    const blocked = await u.get('/api/orgs');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(
      (
        await u.post('/api/auth/password', {
          currentPassword: 'Initial#Pass2026',
          newPassword: 'Changed#Pass2026',
        })
      ).status,
    ).toBe(200);
    await u.login('new.worker', 'Changed#Pass2026');
    expect((await u.get('/api/orgs')).status).toBe(200);
  });

  it('refuses roles above the grantor, users outside its scope, weak passwords and duplicates', async () => {
    const ca = await signedIn(env, 'ca.admin');
    const base = { displayName: '某人', orgId: chunanId, password: 'Initial#Pass2026' };
    expect((await ca.post('/api/users', { ...base, username: 'x.one', roles: ['city_admin'] })).status).toBe(
      403,
    );
    expect(
      (await ca.post('/api/users', { ...base, username: 'x.two', orgId: xihuId, roles: [] })).status,
    ).toBe(400);
    const weak = await ca.post('/api/users', {
      ...base,
      username: 'x.three',
      roles: [],
      password: 'password',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.issues.length).toBeGreaterThan(0);
    expect((await ca.post('/api/users', { ...base, username: 'ca.admin', roles: [] })).status).toBe(409);
    expect(
      (await ca.post('/api/users', { ...base, username: 'x.four', roles: [], status: 'active' })).status,
    ).toBe(400);
  });

  it('separates the three administrators: one account holds at most one of them', async () => {
    const sec = await signedIn(env, 'sec.admin');
    const sys = await signedIn(env, 'sys.admin');
    const created = await sys.post('/api/users', {
      username: 'ops.one',
      displayName: '运维',
      orgId: 1,
      roles: [],
      password: 'Initial#Pass2026',
    });
    expect(created.status).toBe(201);
    const both = await sec.put(`/api/users/${created.body.id}/roles`, {
      version: created.body.version,
      roles: ['system_admin', 'audit_admin'],
    });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/三员分立/);
    const one = await sec.put(`/api/users/${created.body.id}/roles`, {
      version: created.body.version,
      roles: ['audit_admin'],
    });
    expect(one.status).toBe(200);
    // The system administrator manages accounts but cannot read the audit trail or grant roles.
    expect((await sys.get('/api/audit/events')).status).toBe(403);
    expect(
      (await sys.put(`/api/users/${created.body.id}/roles`, { version: one.body.version, roles: [] })).status,
    ).toBe(403);
    // The security administrator finds accounts to act on, but cannot create them.
    expect((await sec.get('/api/users?q=ops.one')).body.total).toBe(1);
    expect(
      (
        await sec.post('/api/users', {
          username: 'ops.two',
          displayName: '运维',
          orgId: 1,
          roles: [],
          password: 'Initial#Pass2026',
        })
      ).status,
    ).toBe(403);
    // The audit administrator reads the trail and nothing else.
    const aud = await signedIn(env, 'aud.admin');
    expect((await aud.get('/api/audit/events')).status).toBe(200);
    expect((await aud.get('/api/users')).status).toBe(403);
  });

  it('disabling ends the user’s sessions and sign-in; enabling restores it', async () => {
    const hz = await signedIn(env, 'hz.admin');
    const victim = await signedIn(env, 'xh.admin');
    const list = (await hz.get('/api/users?q=xh.admin')).body;
    const u = list.items[0];
    const off = await hz.post(`/api/users/${u.id}/disable`, { version: u.version });
    expect(off.status).toBe(200);
    expect((await victim.get('/api/auth/me')).status).toBe(401);
    expect(
      (await new Client(env).post('/api/auth/login', { username: 'xh.admin', password: PASSWORD })).status,
    ).toBe(401);
    expect((await hz.post(`/api/users/${u.id}/enable`, { version: off.body.version })).status).toBe(200);
    await new Client(env).login('xh.admin');
  });

  it('role changes end sessions; lockouts can be lifted by an administrator', async () => {
    const p = await signedIn(env, 'p.admin');
    const user = await signedIn(env, 'hz.admin');
    const u = (await p.get('/api/users?q=hz.admin')).body.items[0];
    const r = await p.put(`/api/users/${u.id}/roles`, {
      version: u.version,
      roles: ['city_admin', 'reviewer'],
    });
    expect(r.status).toBe(200);
    expect((await user.get('/api/auth/me')).status).toBe(401);
    for (let i = 0; i < 5; i++)
      await new Client(env).post('/api/auth/login', { username: 'hz.admin', password: `Bad#${i}pass` });
    const locked = (await p.get(`/api/users/${u.id}`)).body;
    expect(locked.locked).toBe(true);
    expect((await p.post(`/api/users/${u.id}/unlock`, { version: locked.version })).status).toBe(200);
    await new Client(env).login('hz.admin');
  });

  it('masks phone numbers unless revealed with pii:view, and audits the reveal', async () => {
    const hz = await signedIn(env, 'hz.admin');
    const list = (await hz.get('/api/users')).body;
    expect(JSON.stringify(list)).not.toMatch(/1390000\d{4}/);
    const target = list.items.find((x: any) => x.username === 'ca.admin');
    expect(target.phone).toBe('139****1111');
    const full = await hz.get(`/api/users/${target.id}?reveal=true`);
    expect(full.body.phone).toBe('13900001111');
    const aud = await signedIn(env, 'aud.admin');
    const events = (await aud.get('/api/audit/events?event=pii.view')).body;
    expect(events.items.some((e: any) => e.objectId === String(target.id) && e.username === 'hz.admin')).toBe(
      true,
    );
    const sys = await signedIn(env, 'sys.admin');
    expect((await sys.get(`/api/users/${target.id}?reveal=true`)).status).toBe(403);
  });

  it('resets a password: the user must change it at next sign-in', async () => {
    const p = await signedIn(env, 'p.admin');
    const u = (await p.get('/api/users?q=ent.contact')).body.items[0];
    const r = await p.post(`/api/users/${u.id}/reset-password`, {
      version: u.version,
      password: 'Reset#Pass2026',
    });
    expect(r.status).toBe(200);
    const c = new Client(env);
    await c.login('ent.contact', 'Reset#Pass2026');
    expect((await c.get('/api/auth/me')).body.mustChangePassword).toBe(true);
  });
});
