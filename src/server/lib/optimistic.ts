// Optimistic locking: an edit names the version it read; a stale version is refused (409)
// instead of overwriting someone else's change.
import { and, eq, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { conflict } from './errors.ts';

type Versioned = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/** Updates one row if its version still matches; returns the new row or throws CONFLICT. */
export async function updateVersioned<T extends Versioned>(
  db: Db,
  table: T,
  id: number,
  expectedVersion: number,
  values: Record<string, unknown>,
  now: Date,
): Promise<T['$inferSelect']> {
  const rows = (await db
    .update(table)
    .set({ ...values, version: sql`${table.version} + 1`, updatedAt: now } as never)
    .where(and(eq(table.id, id), eq(table.version, expectedVersion)))
    .returning()) as unknown as T['$inferSelect'][];
  if (rows.length === 0) {
    throw conflict('该记录已被他人修改，请刷新后再编辑（版本不一致）', [
      { path: 'version', message: '版本已过期' },
    ]);
  }
  return rows[0];
}
