// Model-based test of account administration: random actors take random actions on random
// accounts; the system allows exactly what a small model of roles × scope × state allows.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantableBy, permissionsOf, type Permission, type Role } from '../../src/shared/roles.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

interface Account {
  id: number;
  username: string;
  orgCode: string;
  roles: Role[];
}

// Organisation codes and the chain above each, for the model's notion of scope.
const ABOVE: Record<string, string[]> = {
  '330000': [],
  '330100': ['330000'],
  '330127': ['330100', '330000'],
  '330106': ['330100', '330000'],
  '330200': ['330000'],
  '330212': ['330200', '330000'],
};
const within = (actorOrg: string, targetOrg: string) =>
  actorOrg === targetOrg || ABOVE[targetOrg].includes(actorOrg);

const ACTORS: { username: string; orgCode: string; roles: Role[] }[] = [
  { username: 'm.province', orgCode: '330000', roles: ['province_admin'] },
  { username: 'm.hangzhou', orgCode: '330100', roles: ['city_admin'] },
  { username: 'm.chunan', orgCode: '330127', roles: ['county_admin'] },
  { username: 'm.ningbo', orgCode: '330200', roles: ['city_admin'] },
  { username: 'm.security', orgCode: '330000', roles: ['security_admin'] },
  { username: 'm.system', orgCode: '330000', roles: ['system_admin'] },
  { username: 'm.audit', orgCode: '330000', roles: ['audit_admin'] },
  { username: 'm.staff', orgCode: '330000', roles: ['department_staff'] },
];
const TARGETS: { username: string; orgCode: string; roles: Role[] }[] = [
  { username: 't.xihu', orgCode: '330106', roles: ['reviewer'] },
  { username: 't.chunan', orgCode: '330127', roles: ['craftsman'] },
  { username: 't.yinzhou', orgCode: '330212', roles: ['enterprise_contact'] },
  { username: 't.city', orgCode: '330100', roles: ['county_admin'] },
];

type Action = { kind: 'disable' | 'enable' | 'unlock' | 'get' } | { kind: 'roles'; roles: Role[] };

const FINDERS: Permission[] = [
  'read:user:subtree',
  'assign:role:subtree',
  'unlock:user:subtree',
  'revoke:session:subtree',
];

/** What the model says: 200, 403 (no permission or a role beyond the grant) or 404 (outside scope). */
function expected(actor: (typeof ACTORS)[number], target: Account, action: Action): number {
  const perms = permissionsOf(actor.roles);
  const needs: Permission[] =
    action.kind === 'get'
      ? FINDERS
      : action.kind === 'roles'
        ? ['assign:role:subtree']
        : action.kind === 'unlock'
          ? ['unlock:user:subtree']
          : ['manage:user:subtree'];
  if (!needs.some((p) => perms.has(p))) return 403;
  if (!within(actor.orgCode, target.orgCode)) return 404;
  if (action.kind === 'roles') {
    const allowed = grantableBy(actor.roles);
    const changed = [
      ...action.roles.filter((r) => !target.roles.includes(r)),
      ...target.roles.filter((r) => !action.roles.includes(r)),
    ];
    if (changed.some((r) => !allowed.has(r))) return 403;
  }
  return 200;
}

let env: TestEnv;
const clients = new Map<string, Client>();
const accounts: Account[] = [];

beforeAll(async () => {
  env = await createTestEnv();
  for (const a of ACTORS) await addUser(env, a.username, a.orgCode, a.roles);
  for (const t of TARGETS) {
    const u = await addUser(env, t.username, t.orgCode, t.roles);
    accounts.push({ id: u.id, ...t, roles: [...t.roles] });
  }
  for (const a of ACTORS) clients.set(a.username, await signedIn(env, a.username));
});
afterAll(() => env.close());

describe('account administration follows the model', () => {
  it('allows exactly what roles, scope and grants allow', async () => {
    const grantable: Role[] = [
      'reviewer',
      'craftsman',
      'enterprise_contact',
      'county_admin',
      'city_admin',
      'province_admin',
    ];
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.constantFrom<Action>({ kind: 'disable' }, { kind: 'enable' }, { kind: 'unlock' }, { kind: 'get' }),
      fc
        .uniqueArray(fc.constantFrom(...grantable), { maxLength: 2 })
        .map((roles) => ({ kind: 'roles' as const, roles })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTORS),
        fc.nat({ max: TARGETS.length - 1 }),
        action,
        async (actor, t, act) => {
          const target = accounts[t];
          const c = clients.get(actor.username)!;
          const province = clients.get('m.province')!;
          const current = (await province.get(`/api/users/${target.id}`)).body;
          const path = `/api/users/${target.id}`;
          const res =
            act.kind === 'get'
              ? await c.get(path)
              : act.kind === 'roles'
                ? await c.put(`${path}/roles`, { version: current.version, roles: act.roles })
                : await c.post(`${path}/${act.kind}`, { version: current.version });
          const want = expected(actor, target, act);
          expect(res.status, `${actor.username} ${act.kind} ${target.username} ${JSON.stringify(act)}`).toBe(
            want,
          );
          if (res.status === 200 && act.kind === 'roles') target.roles = [...act.roles];
          // Role changes and disabling end the target's sessions; the actors are never targets.
        },
      ),
      { numRuns: 150 },
    );
  }, 300_000);
});
