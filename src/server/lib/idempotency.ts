// Idempotency-Key: a creating POST or a transition sent again with the same key gets the
// stored response instead of a second side effect.
import { and, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { idempotencyKeys } from '../db/schema/system.ts';
import { AppError } from './errors.ts';
import type { AppEnv } from './http.ts';

const PENDING = 0;

export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    const ctx = c.get('ctx');
    if (!key || c.req.method === 'GET' || !ctx?.actor) return next();
    if (key.length > 200) throw new AppError('INVALID_INPUT', 'Idempotency-Key 过长（至多 200 字符）');
    const userId = ctx.actor.userId;
    const claimed = await ctx.db
      .insert(idempotencyKeys)
      .values({ userId, key, method: c.req.method, path: c.req.path, status: PENDING })
      .onConflictDoNothing()
      .returning({ id: idempotencyKeys.id });
    if (claimed.length === 0) {
      const [prior] = await ctx.db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
      if (!prior || prior.method !== c.req.method || prior.path !== c.req.path) {
        throw new AppError('CONFLICT', '该 Idempotency-Key 已用于另一个请求');
      }
      if (prior.status === PENDING) throw new AppError('CONFLICT', '相同的请求正在处理，请稍后再试');
      c.header('Idempotent-Replayed', 'true');
      return c.json(prior.body as object, prior.status as 200);
    }
    const id = claimed[0].id;
    try {
      await next();
    } finally {
      const res = c.res;
      if (c.error || res.status >= 400) {
        // Failed attempts are not remembered: the client may correct and retry with the key.
        await ctx.db.delete(idempotencyKeys).where(eq(idempotencyKeys.id, id));
      } else {
        let body: unknown = null;
        try {
          body = await res.clone().json();
        } catch {}
        await ctx.db
          .update(idempotencyKeys)
          .set({ status: res.status, body })
          .where(eq(idempotencyKeys.id, id));
      }
    }
  };
}
