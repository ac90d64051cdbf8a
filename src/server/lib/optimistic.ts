// Optimistic locking: an edit names the version it read; a stale version is refused (409)
// instead of overwriting someone else's change.
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { conflict } from './errors.ts';

type Versioned = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * Updates one row if its version still matches (and `opts.where`, e.g. the state a transition
 * starts from, still holds); returns the new row or throws CONFLICT with `opts.message`.
 */
export async function updateVersioned<T extends Versioned>(
  db: Db,
  table: T,
  id: number,
  expectedVersion: number,
  values: Record<string, unknown>,
  now: Date,
  opts: { where?: SQL; message?: string } = {},
): Promise<T['$inferSelect']> {
  const rows = (await db
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: now } as never)
    .where(and(eq(table.id, id), eq(table.version, expectedVersion), opts.where))
    .returning()) as unknown as T['$inferSelect'][];
  if (rows.length === 0) {
    throw conflict(opts.message ?? '该记录已被他人修改，请刷新后再编辑（版本不一致）', [
      { path: 'version', message: '版本已过期' },
    ]);
  }
  return rows[0];
}
