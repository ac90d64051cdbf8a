// Sign-in, sessions and passwords (SECURITY.md "Identity and sessions").
import { and, desc, eq, getTableName, isNull, sql } from 'drizzle-orm';
import { checkPassword, PASSWORD_HISTORY, PASSWORD_MAX_AGE_DAYS } from '#shared/password-policy.ts';
import { permissionsOf, type Role } from '#shared/roles.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { loginLog, passwordHistory, sessions, userRoles, users } from '../../db/schema/users.ts';
import { UNTRACKED_WRITE } from '../../db/write-tracking.ts';
import { writeAudit } from '../../lib/audit.ts';
import { type Actor, inTransaction, requireActor, type ServiceContext } from '../../lib/context.ts';
import {
  hashPassword,
  type KdfParams,
  needsRehash,
  randomToken,
  sm3Hex,
  verifyPassword,
} from '../../lib/crypto.ts';
import { AppError, invalid } from '../../lib/errors.ts';

export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_DURATION_MS = 30 * 60_000;
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 8 * 60 * 60_000;
const LAST_SEEN_WRITE_MS = 60_000; // refresh last_seen_at at most once a minute per session

const STAFF_UNIT_KINDS = new Set(['department', 'centre']);

const LOGIN_FAILED = '用户名或密码错误；连续失败 5 次，账户将锁定 30 分钟';

let kdf: KdfParams | undefined;
/** The password-hash cost in force (tests use a cheaper one; stored hashes say their own). */
export function configureKdf(params: KdfParams | undefined): void {
  kdf = params;
}
const hash = (password: string) => hashPassword(password, kdf);

// A hash to spend the same time on when the user does not exist.
let dummyHash: Promise<string> | null = null;

export interface LoginResult {
  token: string;
  mustChangePassword: boolean;
  userId: number;
}

/** Checks a username and password; on success opens a new session (the old one, if any, ends). */
export async function login(
  ctx: ServiceContext,
  input: { username: string; password: string },
  previousToken?: string | null,
): Promise<LoginResult> {
  const now = ctx.clock.now();
  const [user] = await ctx.db
    .select({ u: users, orgName: organizations.name })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(users.username, input.username))
    .limit(1);

  const fail = async (reason: string, userId: number | null, orgId: number | null) => {
    await inTransaction(ctx, async (tx) => {
      await tx.db.insert(loginLog).values({
        at: now,
        username: input.username.slice(0, 64),
        userId,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        success: false,
        reason,
      });
      await writeAudit(tx, {
        event: 'auth.login',
        result: 'failure',
        userId,
        username: input.username.slice(0, 64),
        orgId,
        detail: { reason },
      });
    });
    throw new AppError('UNAUTHENTICATED', LOGIN_FAILED);
  };

  if (!user) {
    dummyHash ??= hash('dummy-password-for-timing');
    await verifyPassword(input.password, await dummyHash);
    return fail('unknown_user', null, null);
  }
  const u = user.u;
  if (u.lockedUntil && u.lockedUntil > now) {
    await verifyPassword(input.password, u.passwordHash);
    return fail('locked', u.id, u.orgId);
  }
  const ok = await verifyPassword(input.password, u.passwordHash);
  if (!ok) {
    const windowOpen = u.firstFailedAt && now.getTime() - u.firstFailedAt.getTime() < LOCKOUT_WINDOW_MS;
    const failures = windowOpen ? u.failedLogins + 1 : 1;
    const lock = failures >= LOCKOUT_THRESHOLD;
    await inTransaction(ctx, async (tx) => {
      await tx.db
        .update(users)
        .set({
          failedLogins: lock ? 0 : failures,
          firstFailedAt: lock ? null : windowOpen ? u.firstFailedAt : now,
          lockedUntil: lock ? new Date(now.getTime() + LOCKOUT_DURATION_MS) : u.lockedUntil,
        })
        .where(eq(users.id, u.id));
      if (lock) {
        await writeAudit(tx, {
          event: 'auth.lockout',
          objectType: 'user',
          objectId: u.id,
          userId: u.id,
          username: u.username,
          orgId: u.orgId,
          detail: { minutes: LOCKOUT_DURATION_MS / 60_000 },
        });
      }
    });
    return fail('wrong_password', u.id, u.orgId);
  }
  if (u.status !== 'active') return fail('disabled', u.id, u.orgId);

  const token = randomToken(32);
  const passwordExpired = now.getTime() - u.passwordChangedAt.getTime() > PASSWORD_MAX_AGE_DAYS * 86_400_000;
  const rehash = needsRehash(u.passwordHash, kdf) ? await hash(input.password) : null;
  await inTransaction(ctx, async (tx) => {
    if (previousToken) {
      await tx.db
        .update(sessions)
        .set({ revokedAt: now })
        .where(eq(sessions.id, sm3Hex(previousToken)));
    }
    await tx.db.insert(sessions).values({
      id: sm3Hex(token),
      userId: u.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 300),
    });
    await tx.db
      .update(users)
      .set({
        failedLogins: 0,
        firstFailedAt: null,
        lockedUntil: null,
        lastLoginAt: now,
        ...(rehash ? { passwordHash: rehash } : {}),
      })
      .where(eq(users.id, u.id));
    await tx.db.insert(loginLog).values({
      at: now,
      username: u.username,
      userId: u.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 300),
      success: true,
    });
    await writeAudit(tx, { event: 'auth.login', userId: u.id, username: u.username, orgId: u.orgId });
  });
  return { token, mustChangePassword: u.mustChangePassword || passwordExpired, userId: u.id };
}

/** Finds the live session of a token and builds the actor; null when there is none. */
/** What the session lookup reads: a write to any of these makes a cached session stale. */
const SESSION_TABLES = [
  getTableName(sessions),
  getTableName(users),
  getTableName(userRoles),
  getTableName(organizations),
];

/** The session, its user, roles and scope, read in one query (plus the parent for staff units). */
async function loadSession(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db
    .select({
      s: sessions,
      u: users,
      orgPath: organizations.path,
      orgName: organizations.name,
      orgKind: organizations.kind,
      parentId: organizations.parentId,
      // The roles come with the session: one query per authenticated request.
      roles: sql<
        string[]
      >`coalesce((select array_agg(${userRoles.role} order by ${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Staff of the federation's departments and centre work for the whole province: their
  // scope is the province's, and what they register belongs to it.
  let scope = { id: row.u.orgId, path: row.orgPath };
  if (STAFF_UNIT_KINDS.has(row.orgKind) && row.parentId) {
    const [parent] = await ctx.db
      .select({ id: organizations.id, path: organizations.path })
      .from(organizations)
      .where(eq(organizations.id, row.parentId));
    if (parent) scope = parent;
  }
  return { ...row, scope };
}

// The session's id is the SM3 hash of its token (only the hash is stored). A signed-in browser
// sends the same token with every request, so the hashes of the last few thousand tokens are
// kept: the tokens are in this process's memory while their requests run anyway (decision 023).
const SESSION_ID_MEMO = 10_000;
const sessionIds = new Map<string, string>();

function sessionIdOf(token: string): string {
  let id = sessionIds.get(token);
  if (id === undefined) {
    id = sm3Hex(token);
    if (sessionIds.size >= SESSION_ID_MEMO) {
      const oldest = sessionIds.keys().next().value;
      if (oldest !== undefined) sessionIds.delete(oldest);
    }
    sessionIds.set(token, id);
  }
  return id;
}

/**
 * The actor of a session token, or null. The lookup is cached per process until one of
 * SESSION_TABLES is written (decision 013) — any logout, role or user change ends it at once;
 * the once-a-minute last-seen touch is the one write that does not.
 */
export async function authenticate(
  ctx: ServiceContext,
  token: string,
): Promise<(Actor & { mustChangePassword: boolean }) | null> {
  if (!token || token.length > 100) return null;
  const now = ctx.clock.now();
  const id = sessionIdOf(token);
  const key = `session:${id}`;
  const reads = ctx.reads;
  let row = reads
    ? await reads.read(
        key,
        SESSION_TABLES,
        () => loadSession(ctx, id),
        (r) => r !== null,
      )
    : await loadSession(ctx, id);
  if (!row) return null;
  const idle = () => now.getTime() - row!.s.lastSeenAt.getTime() > SESSION_IDLE_MS;
  if (reads && idle()) {
    // The cached last-seen time may be older than another process's touch: ask the database.
    reads.forget(key);
    row = await loadSession(ctx, id);
    if (!row) return null;
  }
  if (row.s.expiresAt.getTime() <= now.getTime()) return null;
  if (row.u.status !== 'active') return null;
  if (idle()) {
    await ctx.db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, id));
    return null;
  }
  if (now.getTime() - row.s.lastSeenAt.getTime() > LAST_SEEN_WRITE_MS) {
    await ctx.db.execute(
      sql`${sql.raw(UNTRACKED_WRITE)} update sessions set last_seen_at = ${now} where id = ${id}`,
    );
    row.s.lastSeenAt = now; // the cached copy too: the touch is not a tracked write
  }
  const roles = row.roles as Role[];
  const passwordExpired =
    now.getTime() - row.u.passwordChangedAt.getTime() > PASSWORD_MAX_AGE_DAYS * 86_400_000;
  return {
    userId: row.u.id,
    username: row.u.username,
    displayName: row.u.displayName,
    orgId: row.u.orgId,
    orgPath: row.scope.path,
    scopeOrgId: row.scope.id,
    orgName: row.orgName,
    roles,
    permissions: permissionsOf(roles),
    sessionId: id,
    mustChangePassword: row.u.mustChangePassword || passwordExpired,
  };
}

/** Ends the current session. */
export async function logout(ctx: ServiceContext): Promise<void> {
  requireActor(ctx);
  const actor = ctx.actor;
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(sessions).set({ revokedAt: ctx.clock.now() }).where(eq(sessions.id, actor.sessionId));
    await writeAudit(tx, { event: 'auth.logout' });
  });
}

/** Ends every session of a user (logout everywhere, disabling, password or role change). */
export async function revokeAllSessions(ctx: ServiceContext, userId: number): Promise<number> {
  const res = await ctx.db
    .update(sessions)
    .set({ revokedAt: ctx.clock.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return res.length;
}

/** Logout everywhere: all of the actor's sessions end. */
export async function logoutEverywhere(ctx: ServiceContext): Promise<number> {
  requireActor(ctx);
  const actor = ctx.actor;
  return inTransaction(ctx, async (tx) => {
    const n = await revokeAllSessions(tx, actor.userId);
    await writeAudit(tx, { event: 'auth.logout_all', detail: { sessions: n } });
    return n;
  });
}

/** Checks a new password against the policy and the last five; returns its hash. */
export async function assertNewPassword(
  ctx: ServiceContext,
  userId: number | null,
  password: string,
  context: { username: string; orgName: string },
  field = 'newPassword',
): Promise<string> {
  const problems = checkPassword(password, context);
  if (problems.length) {
    throw invalid(
      problems.map((p) => p.zh).join('；'),
      problems.map((p) => ({ path: field, message: p.zh })),
    );
  }
  if (userId !== null) {
    const recent = await ctx.db
      .select({ h: passwordHistory.passwordHash })
      .from(passwordHistory)
      .where(eq(passwordHistory.userId, userId))
      .orderBy(desc(passwordHistory.id))
      .limit(PASSWORD_HISTORY);
    for (const r of recent) {
      if (await verifyPassword(password, r.h)) {
        throw invalid(`新密码不能与最近 ${PASSWORD_HISTORY} 次使用过的密码相同`, [
          { path: field, message: '与近期密码重复' },
        ]);
      }
    }
  }
  return hash(password);
}

/** Stores a new password hash, its history, and ends the user's sessions (all but `keepSession`). */
export async function setPasswordHash(
  ctx: ServiceContext,
  userId: number,
  passwordHash: string,
  opts: { mustChange: boolean },
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .update(users)
    .set({
      passwordHash,
      passwordChangedAt: now,
      mustChangePassword: opts.mustChange,
      updatedAt: now,
      version: sql`${users.version} + 1`,
    })
    .where(eq(users.id, userId));
  await ctx.db.insert(passwordHistory).values({ userId, passwordHash, createdAt: now });
  await revokeAllSessions(ctx, userId);
}

/** The actor changes their own password; every session ends, the caller signs in again. */
export async function changeOwnPassword(
  ctx: ServiceContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  requireActor(ctx);
  const actor = ctx.actor;
  const [u] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!u || !(await verifyPassword(input.currentPassword, u.passwordHash))) {
    await writeAudit(ctx, {
      event: 'auth.password_change',
      result: 'failure',
      detail: { reason: 'wrong_current' },
    });
    throw invalid('当前密码不正确', [{ path: 'currentPassword', message: '当前密码不正确' }]);
  }
  if (input.currentPassword === input.newPassword) {
    throw invalid('新密码不能与当前密码相同', [{ path: 'newPassword', message: '与当前密码相同' }]);
  }
  const newHash = await assertNewPassword(ctx, u.id, input.newPassword, {
    username: u.username,
    orgName: actor.orgName,
  });
  await inTransaction(ctx, async (tx) => {
    await setPasswordHash(tx, u.id, newHash, { mustChange: false });
    await writeAudit(tx, { event: 'auth.password_change', objectType: 'user', objectId: u.id });
  });
}
