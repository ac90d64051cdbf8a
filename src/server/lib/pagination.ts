import { z } from '@hono/zod-openapi';
import { and, count, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';

export const MAX_PAGE_SIZE = 100;

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1).openapi({ description: '页码，从 1 开始' }),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(20)
    .openapi({ description: `每页条数，至多 ${MAX_PAGE_SIZE}` }),
};

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export function offsetOf(p: { page: number; pageSize: number }): number {
  return (p.page - 1) * p.pageSize;
}

/**
 * One page of a table's rows and the total that match: the page and its total in one query
 * (a window count); counted apart only when the page asked for lies past the last one.
 */
export async function pageOfRows<T extends PgTable>(
  db: Db,
  table: T,
  where: SQL[],
  orderBy: (SQL | AnyPgColumn)[],
  q: { page: number; pageSize: number },
): Promise<{ rows: T['$inferSelect'][]; total: number }> {
  const cond = and(...where);
  const from = table as unknown as PgTable;
  const page = await db
    .select({ row: from, total: sql<number>`count(*) over()` })
    .from(from)
    .where(cond)
    .orderBy(...orderBy)
    .limit(q.pageSize)
    .offset(offsetOf(q));
  let total = Number(page[0]?.total ?? 0);
  if (!page.length && q.page > 1) {
    const [{ n }] = await db.select({ n: count() }).from(from).where(cond);
    total = Number(n);
  }
  return { rows: page.map((p) => p.row as T['$inferSelect']), total };
}
