// Inserting into the organisation tree: the path of a new organisation is its parent's
// path plus its own id, so the id is drawn from the sequence first.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations } from '../../db/schema/orgs.ts';

export type OrgInsert = Omit<typeof organizations.$inferInsert, 'id' | 'path' | 'depth' | 'parentId'>;

export async function insertOrg(
  db: Db,
  parent: { id: number; path: string; depth: number } | null,
  values: OrgInsert,
  altPath?: string | null,
): Promise<typeof organizations.$inferSelect> {
  const [{ id }] = (
    await db.execute<{ id: number }>(
      sql`select nextval(pg_get_serial_sequence('organizations', 'id'))::int as id`,
    )
  ).rows;
  const [row] = await db
    .insert(organizations)
    .values({
      ...values,
      id,
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
      altPath: altPath ?? null,
    })
    .returning();
  return row;
}

export async function orgByCode(db: Db, code: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.code, code)).limit(1);
  return row ?? null;
}
