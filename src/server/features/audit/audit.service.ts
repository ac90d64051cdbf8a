// The audit administrator's view of the audit trail and the login log.
import { and, count, desc, eq, gte, ilike, lte, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema/system.ts';
import { loginLog } from '../../db/schema/users.ts';
import { verifyAuditChain, writeAudit } from '../../lib/audit.ts';
import { assertPermission, type ServiceContext } from '../../lib/context.ts';
import { offsetOf } from '../../lib/pagination.ts';

export async function findAuditEvents(
  ctx: ServiceContext,
  q: {
    page: number;
    pageSize: number;
    event?: string;
    username?: string;
    result?: string;
    from?: string;
    to?: string;
  },
) {
  assertPermission(ctx, 'read:audit:all');
  const where: SQL[] = [];
  if (q.event) where.push(eq(auditLog.event, q.event));
  if (q.username) where.push(ilike(auditLog.username, `%${q.username.replace(/[\\%_]/g, (m) => `\\${m}`)}%`));
  if (q.result) where.push(eq(auditLog.result, q.result));
  if (q.from) where.push(gte(auditLog.at, new Date(q.from).toISOString()));
  if (q.to) where.push(lte(auditLog.at, new Date(q.to).toISOString()));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [{ n }]] = await Promise.all([
    ctx.db
      .select()
      .from(auditLog)
      .where(cond)
      .orderBy(desc(auditLog.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    ctx.db.select({ n: count() }).from(auditLog).where(cond),
  ]);
  return {
    items: rows.map((r) => ({
      ...r,
      at: new Date(r.at).toISOString(),
      detail: (r.detail ?? null) as Record<string, unknown> | null,
    })),
    total: n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function findLoginLog(
  ctx: ServiceContext,
  q: { page: number; pageSize: number; username?: string; success?: 'true' | 'false' },
) {
  assertPermission(ctx, 'read:audit:all');
  const where: SQL[] = [];
  if (q.username) where.push(eq(loginLog.username, q.username));
  if (q.success) where.push(eq(loginLog.success, q.success === 'true'));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [{ n }]] = await Promise.all([
    ctx.db
      .select()
      .from(loginLog)
      .where(cond)
      .orderBy(desc(loginLog.id))
      .limit(q.pageSize)
      .offset(offsetOf(q)),
    ctx.db.select({ n: count() }).from(loginLog).where(cond),
  ]);
  return {
    items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
    total: n,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Recomputes the whole hash chain; the check itself is audited. */
export async function verifyAudit(ctx: ServiceContext) {
  assertPermission(ctx, 'verify:audit:all');
  const result = await verifyAuditChain(ctx.db);
  await writeAudit(ctx, {
    event: 'audit.verify',
    result: result.ok ? 'success' : 'failure',
    detail: { checked: result.checked, firstBadId: result.firstBadId },
  });
  return result;
}
