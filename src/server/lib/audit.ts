// The audit trail (审计日志): one row per security-relevant event, written in the same
// transaction as the change it records, chained by HMAC-SM3 so that any edit shows.
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema/system.ts';
import type { ServiceContext } from './context.ts';
import { hmacSm3Hex } from './crypto.ts';

const GENESIS = '0'.repeat(64);
const CHAIN_LOCK = 7_202_501; // advisory lock that serialises appends to the chain

let auditKey = 'jiangxin-development-audit-key';

/** Set once at start from AUDIT_HMAC_KEY (or the data directory's generated secret). */
export function configureAuditKey(key: string): void {
  auditKey = key;
}

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  event: string; // e.g. user.create, auth.login, org.update
  objectType?: string;
  objectId?: string | number | null;
  result?: AuditResult;
  detail?: Record<string, unknown>;
  /** For events before sign-in (login failures): who it concerns. */
  userId?: number | null;
  username?: string | null;
  orgId?: number | null;
}

/** Key order of jsonb is not ours to keep: hash a canonical form with sorted keys. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface HashedFields {
  at: string;
  userId: number | null;
  username: string | null;
  orgId: number | null;
  ip: string | null;
  event: string;
  objectType: string | null;
  objectId: string | null;
  result: string;
  requestId: string | null;
  detail: unknown;
}

export function auditRowHash(prevHash: string, row: HashedFields): string {
  const at = new Date(row.at).toISOString();
  return hmacSm3Hex(
    auditKey,
    `${prevHash}|${canonical([at, row.userId, row.username, row.orgId, row.ip, row.event, row.objectType, row.objectId, row.result, row.requestId, row.detail ?? null])}`,
  );
}

/** Appends one audit row. Call with the transaction that makes the change. */
export async function writeAudit(ctx: ServiceContext, e: AuditEvent): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const [last] = await tx
      .select({ hash: auditLog.hash })
      .from(auditLog)
      .orderBy(desc(auditLog.id))
      .limit(1);
    const prevHash = last?.hash ?? GENESIS;
    const row: HashedFields = {
      at: ctx.clock.now().toISOString(),
      userId: e.userId !== undefined ? e.userId : (ctx.actor?.userId ?? null),
      username: e.username !== undefined ? e.username : (ctx.actor?.username ?? null),
      orgId: e.orgId !== undefined ? e.orgId : (ctx.actor?.orgId ?? null),
      ip: ctx.ip,
      event: e.event,
      objectType: e.objectType ?? null,
      objectId: e.objectId === undefined || e.objectId === null ? null : String(e.objectId),
      result: e.result ?? 'success',
      requestId: ctx.requestId,
      detail: e.detail ?? null,
    };
    await tx.insert(auditLog).values({ ...row, prevHash, hash: auditRowHash(prevHash, row) });
  });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: number | null;
  reason: string | null;
}

/** Walks the whole chain and recomputes every hash. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(batch);
    if (rows.length === 0) return { ok: true, checked, firstBadId: null, reason: null };
    for (const r of rows) {
      if (r.prevHash !== prev)
        return { ok: false, checked, firstBadId: r.id, reason: '链接断开（上一条哈希不符） / broken link' };
      if (auditRowHash(prev, r) !== r.hash)
        return { ok: false, checked, firstBadId: r.id, reason: '内容被改动（哈希不符） / content changed' };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
}
