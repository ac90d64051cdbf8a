// User accounts: created, edited, disabled, unlocked and given roles by administrators of
// an organisation above them. Phone numbers leave the server masked unless revealed.
import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { grantableBy, type Permission, type Role, SEPARATED_ADMIN_ROLES } from '#shared/roles.ts';
import { maskPhone } from '#shared/validators.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { passwordHistory, userRoles, users } from '../../db/schema/users.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  type AuthedContext,
  assertAnyPermission,
  assertPermission,
  hasPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { offsetOf, type Page } from '../../lib/pagination.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { assertNewPassword, revokeAllSessions, setPasswordHash } from '../auth/auth.service.ts';

type UserRow = typeof users.$inferSelect;

// Who may look users up: those who read them, and the security administrator, who must
// find an account to unlock it, change its roles or end its sessions.
const USER_FINDERS: Permission[] = [
  'read:user:subtree',
  'assign:role:subtree',
  'unlock:user:subtree',
  'revoke:session:subtree',
];

function toDto(ctx: ServiceContext, u: UserRow, orgName: string, roles: Role[], revealPhone = false) {
  const now = ctx.clock.now();
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    orgId: u.orgId,
    orgName,
    phone: revealPhone ? u.phone : maskPhone(u.phone),
    email: u.email,
    status: u.status as 'active' | 'disabled',
    locked: !!u.lockedUntil && u.lockedUntil > now,
    lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil.toISOString() : null,
    roles,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    mustChangePassword: u.mustChangePassword,
    version: u.version,
  };
}

async function rolesOf(ctx: ServiceContext, ids: number[]): Promise<Map<number, Role[]>> {
  const map = new Map<number, Role[]>();
  if (!ids.length) return map;
  const rows = await ctx.db
    .select()
    .from(userRoles)
    .where(inArray(userRoles.userId, ids))
    .orderBy(asc(userRoles.role));
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), r.role as Role]);
  return map;
}

/** Users of organisations in the actor's subtree. */
export async function findUsers(
  ctx: ServiceContext,
  q: {
    page: number;
    pageSize: number;
    orgId?: number;
    q?: string;
    status?: 'active' | 'disabled';
    role?: Role;
  },
) {
  assertAnyPermission(ctx, USER_FINDERS);
  const where: SQL[] = [inScope(ctx.actor, organizations.path, organizations.altPath)];
  if (q.orgId) {
    const [org] = await ctx.db
      .select({ path: organizations.path, altPath: organizations.altPath })
      .from(organizations)
      .where(eq(organizations.id, q.orgId));
    if (!org || !isInScope(ctx.actor, org.path, org.altPath)) throw notFound('组织');
    where.push(inScope({ orgPath: org.path }, organizations.path));
  }
  if (q.status) where.push(eq(users.status, q.status));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(or(ilike(users.username, like), ilike(users.displayName, like)) as SQL);
  }
  if (q.role)
    where.push(
      sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.role} = ${q.role})`,
    );
  const cond = and(...where);
  const rows = await ctx.db
    .select({
      u: users,
      orgName: organizations.name,
      total: sql<number>`count(*) over()`,
      roles: sql<
        string[]
      >`coalesce((select array_agg(${userRoles.role} order by ${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(cond)
    .orderBy(asc(users.username))
    .limit(q.pageSize)
    .offset(offsetOf(q));
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && q.page > 1) {
    [{ n: total }] = await ctx.db
      .select({ n: count() })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(cond);
  }
  return {
    items: rows.map((r) => toDto(ctx, r.u, r.orgName, r.roles as Role[])),
    total: Number(total),
    page: q.page,
    pageSize: q.pageSize,
  } satisfies Page<unknown>;
}

async function loadInScope(ctx: AuthedContext, id: number) {
  const [row] = await ctx.db
    .select({
      u: users,
      orgName: organizations.name,
      orgPath: organizations.path,
      orgAltPath: organizations.altPath,
    })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.id, id));
  if (!row || !isInScope(ctx.actor, row.orgPath, row.orgAltPath)) throw notFound('用户');
  return row;
}

/** One user; `reveal` shows the full phone number to holders of pii:view, audited. */
export async function getUser(ctx: ServiceContext, id: number, opts: { reveal?: boolean } = {}) {
  assertAnyPermission(ctx, USER_FINDERS);
  const row = await loadInScope(ctx, id);
  if (opts.reveal) {
    if (!hasPermission(ctx, 'pii:view'))
      throw new AppError('FORBIDDEN', '没有查看完整个人信息的权限（pii:view）');
    await writeAudit(ctx, {
      event: 'pii.view',
      objectType: 'user',
      objectId: id,
      detail: { fields: ['phone'] },
    });
  }
  const roles = await rolesOf(ctx, [id]);
  return toDto(ctx, row.u, row.orgName, roles.get(id) ?? [], !!opts.reveal);
}

async function orgInScope(ctx: AuthedContext, orgId: number) {
  const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org || !isInScope(ctx.actor, org.path, org.altPath))
    throw invalid('所选组织不存在或不在您的管辖范围内', [{ path: 'orgId', message: '无效' }]);
  return org;
}

/** Every role given or taken away must be one the actor may grant. */
function assertGrantable(ctx: AuthedContext, changed: Role[]) {
  const allowed = grantableBy(ctx.actor.roles);
  const denied = changed.filter((r) => !allowed.has(r));
  if (denied.length) throw forbidden(`您不能授予或撤销这些角色：${denied.join('、')}`);
}

/** 三员分立: one separated administrator role at most, and nothing beside it. */
function assertSeparation(roles: Role[]) {
  const separated = roles.filter((r) => SEPARATED_ADMIN_ROLES.includes(r));
  if (separated.length > 1 || (separated.length === 1 && roles.length > 1)) {
    throw invalid('系统管理员、安全管理员、审计管理员三员分立：一个账号只能担任其中一个，且不兼任其他角色', [
      { path: 'roles', message: '三员分立' },
    ]);
  }
}

export async function createUser(
  ctx: ServiceContext,
  input: {
    username: string;
    displayName: string;
    orgId: number;
    phone?: string | null;
    email?: string | null;
    roles: Role[];
    password: string;
  },
) {
  assertPermission(ctx, 'manage:user:subtree');
  const org = await orgInScope(ctx, input.orgId);
  const roles = [...new Set(input.roles)];
  if (roles.length) {
    if (!hasPermission(ctx, 'assign:role:subtree')) throw forbidden('您不能为用户分配角色');
    assertGrantable(ctx, roles);
    assertSeparation(roles);
  }
  const hash = await assertNewPassword(
    ctx,
    null,
    input.password,
    {
      username: input.username,
      orgName: org.name,
    },
    'password',
  );
  return inTransaction(ctx, async (tx) => {
    const [dup] = await tx.db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${input.username})`);
    if (dup) throw conflict(`用户名 ${input.username} 已存在`, [{ path: 'username', message: '已存在' }]);
    const now = ctx.clock.now();
    const [u] = await tx.db
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        orgId: org.id,
        phone: input.phone ?? null,
        email: input.email ?? null,
        passwordHash: hash,
        passwordChangedAt: now,
        mustChangePassword: true,
      })
      .returning();
    await tx.db.insert(passwordHistory).values({ userId: u.id, passwordHash: hash, createdAt: now });
    if (roles.length) await tx.db.insert(userRoles).values(roles.map((role) => ({ userId: u.id, role })));
    await writeAudit(tx, {
      event: 'user.create',
      objectType: 'user',
      objectId: u.id,
      detail: { orgId: org.id, roles },
    });
    return toDto(tx, u, org.name, roles.sort());
  });
}

export async function updateUser(
  ctx: ServiceContext,
  id: number,
  input: {
    version: number;
    displayName?: string;
    phone?: string | null;
    email?: string | null;
    orgId?: number;
  },
) {
  assertPermission(ctx, 'manage:user:subtree');
  const row = await loadInScope(ctx, id);
  let orgName = row.orgName;
  if (input.orgId !== undefined && input.orgId !== row.u.orgId)
    orgName = (await orgInScope(ctx, input.orgId)).name;
  const { version, ...values } = input;
  return inTransaction(ctx, async (tx) => {
    const u = await updateVersioned(tx.db, users, id, version, values, ctx.clock.now());
    if (input.orgId !== undefined && input.orgId !== row.u.orgId) await revokeAllSessions(tx, id);
    await writeAudit(tx, {
      event: 'user.update',
      objectType: 'user',
      objectId: id,
      detail: { fields: Object.keys(values) },
    });
    return toDto(tx, u, orgName, (await rolesOf(tx, [id])).get(id) ?? []);
  });
}

/** Replaces a user's roles; their sessions end so the new grants apply at once. */
export async function setUserRoles(
  ctx: ServiceContext,
  id: number,
  input: { version: number; roles: Role[] },
) {
  assertPermission(ctx, 'assign:role:subtree');
  const row = await loadInScope(ctx, id);
  if (row.u.id === ctx.actor.userId) throw forbidden('不能修改自己的角色');
  const roles = [...new Set(input.roles)];
  const current = (await rolesOf(ctx, [id])).get(id) ?? [];
  assertGrantable(ctx, [
    ...roles.filter((r) => !current.includes(r)),
    ...current.filter((r) => !roles.includes(r)),
  ]);
  assertSeparation(roles);
  return inTransaction(ctx, async (tx) => {
    const u = await updateVersioned(tx.db, users, id, input.version, {}, ctx.clock.now());
    await tx.db.delete(userRoles).where(eq(userRoles.userId, id));
    if (roles.length) await tx.db.insert(userRoles).values(roles.map((role) => ({ userId: id, role })));
    await revokeAllSessions(tx, id);
    await writeAudit(tx, {
      event: 'user.roles',
      objectType: 'user',
      objectId: id,
      detail: { from: current, to: roles },
    });
    return toDto(tx, u, row.orgName, roles.sort());
  });
}

async function setStatus(ctx: ServiceContext, id: number, version: number, status: 'active' | 'disabled') {
  assertPermission(ctx, 'manage:user:subtree');
  const row = await loadInScope(ctx, id);
  if (row.u.id === ctx.actor.userId) throw forbidden('不能停用或启用自己的账号');
  return inTransaction(ctx, async (tx) => {
    const u = await updateVersioned(tx.db, users, id, version, { status }, ctx.clock.now());
    if (status === 'disabled') await revokeAllSessions(tx, id);
    await writeAudit(tx, {
      event: status === 'disabled' ? 'user.disable' : 'user.enable',
      objectType: 'user',
      objectId: id,
    });
    return toDto(tx, u, row.orgName, (await rolesOf(tx, [id])).get(id) ?? []);
  });
}

export const disableUser = (ctx: ServiceContext, id: number, version: number) =>
  setStatus(ctx, id, version, 'disabled');
export const enableUser = (ctx: ServiceContext, id: number, version: number) =>
  setStatus(ctx, id, version, 'active');

/** Ends a lockout before its 30 minutes are up. */
export async function unlockUser(ctx: ServiceContext, id: number, version: number) {
  assertPermission(ctx, 'unlock:user:subtree');
  const row = await loadInScope(ctx, id);
  return inTransaction(ctx, async (tx) => {
    const u = await updateVersioned(
      tx.db,
      users,
      id,
      version,
      { lockedUntil: null, failedLogins: 0, firstFailedAt: null },
      ctx.clock.now(),
    );
    await writeAudit(tx, { event: 'user.unlock', objectType: 'user', objectId: id });
    return toDto(tx, u, row.orgName, (await rolesOf(tx, [id])).get(id) ?? []);
  });
}

/** Sets a new initial password; the user must change it at next sign-in. */
export async function resetUserPassword(
  ctx: ServiceContext,
  id: number,
  input: { version: number; password: string },
) {
  assertPermission(ctx, 'manage:user:subtree');
  const row = await loadInScope(ctx, id);
  if (row.u.id === ctx.actor.userId) throw forbidden('请在“个人中心”修改自己的密码');
  const hash = await assertNewPassword(
    ctx,
    id,
    input.password,
    {
      username: row.u.username,
      orgName: row.orgName,
    },
    'password',
  );
  return inTransaction(ctx, async (tx) => {
    const u = await updateVersioned(tx.db, users, id, input.version, {}, ctx.clock.now());
    await setPasswordHash(tx, id, hash, { mustChange: true });
    await writeAudit(tx, { event: 'user.password_reset', objectType: 'user', objectId: id });
    return toDto(
      tx,
      { ...u, version: u.version + 1, mustChangePassword: true },
      row.orgName,
      (await rolesOf(tx, [id])).get(id) ?? [],
    );
  });
}

/** Ends every session of a user (security administrator). */
export async function revokeUserSessions(ctx: ServiceContext, id: number) {
  assertPermission(ctx, 'revoke:session:subtree');
  await loadInScope(ctx, id);
  return inTransaction(ctx, async (tx) => {
    const n = await revokeAllSessions(tx, id);
    await writeAudit(tx, {
      event: 'user.sessions_revoke',
      objectType: 'user',
      objectId: id,
      detail: { sessions: n },
    });
    return n;
  });
}
