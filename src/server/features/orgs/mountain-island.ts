// Which counties are 山区海岛县 in a given year: one rule for every feature that asks.
import { asc, desc, eq, lte } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mountainIslandLists, mountainIslandMembers } from '../../db/schema/orgs.ts';

/**
 * The county ids on the list in force in `year`: the latest list of that year or before it;
 * for a year before the first list, the first list (the classification existed before the
 * platform's first dated list); without a year, the latest list.
 */
export async function mountainIslandCountyIds(db: Db, year?: number): Promise<Set<number>> {
  const lists = db.select({ id: mountainIslandLists.id }).from(mountainIslandLists);
  let [list] =
    year === undefined
      ? await lists.orderBy(desc(mountainIslandLists.year)).limit(1)
      : await lists
          .where(lte(mountainIslandLists.year, year))
          .orderBy(desc(mountainIslandLists.year))
          .limit(1);
  if (!list && year !== undefined) {
    [list] = await db
      .select({ id: mountainIslandLists.id })
      .from(mountainIslandLists)
      .orderBy(asc(mountainIslandLists.year))
      .limit(1);
  }
  if (!list) return new Set();
  const rows = await db
    .select({ id: mountainIslandMembers.orgId })
    .from(mountainIslandMembers)
    .where(eq(mountainIslandMembers.listId, list.id));
  return new Set(rows.map((r) => r.id));
}
