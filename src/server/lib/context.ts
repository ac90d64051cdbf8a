import type { Permission, Role } from '#shared/roles.ts';
import type { Db } from '../db/client.ts';
import type { ReadCache } from '../db/write-tracking.ts';
import type { Clock } from './clock.ts';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { isRetryable } from './db-errors.ts';
import { AppError } from './errors.ts';

/** Who is acting: the signed-in user, their organisation's place in the tree, their grants. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  /** The path that bounds what the actor sees: their organisation's, or the province's for its departments. */
  orgPath: string;
  /** The organisation whose subtree that is (owner of what they register by default). */
  scopeOrgId: number;
  orgName: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  sessionId: string;
}

/** What every service function takes first. Inside a transaction `db` is the transaction. */
export interface ServiceContext {
  db: Db;
  actor: Actor | null;
  clock: Clock;
  ip: string | null;
  requestId: string;
  userAgent: string | null;
  /** Cached reads (decision 013); absent inside a transaction, which must see its own writes. */
  reads?: ReadCache;
}

export interface AuthedContext extends ServiceContext {
  actor: Actor;
}

export function requireActor(ctx: ServiceContext): asserts ctx is AuthedContext {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
}

export function hasPermission(ctx: ServiceContext, permission: Permission): boolean {
  return !!ctx.actor?.permissions.has(permission);
}

/** Throws unless the actor holds the permission. The first line of a service function. */
export function assertPermission(ctx: ServiceContext, permission: Permission): asserts ctx is AuthedContext {
  requireActor(ctx);
  if (!ctx.actor.permissions.has(permission)) throw new AppError('FORBIDDEN');
}

/** Throws unless the actor holds at least one of the permissions. */
export function assertAnyPermission(
  ctx: ServiceContext,
  permissions: Permission[],
): asserts ctx is AuthedContext {
  requireActor(ctx);
  const held = ctx.actor.permissions;
  if (!permissions.some((p) => held.has(p))) throw new AppError('FORBIDDEN');
}

const TRANSACTION_ATTEMPTS = 3;

/**
 * Runs `fn` in one transaction, with the transaction as `ctx.db`. A transaction that PostgreSQL
 * chose as a deadlock's victim (or a serialisation conflict's) was rolled back whole: it runs
 * again, up to three times in all, after a short random pause. Nested in another transaction
 * (a savepoint) it does not: only the outermost can start over.
 */
export async function inTransaction<T>(
  ctx: ServiceContext,
  fn: (tx: ServiceContext) => Promise<T>,
): Promise<T> {
  const outermost = !(ctx.db instanceof PgTransaction);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction(async (tx) =>
        fn({ ...ctx, db: tx as unknown as Db, reads: undefined }),
      );
    } catch (err) {
      if (!outermost || attempt >= TRANSACTION_ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * attempt));
    }
  }
}
