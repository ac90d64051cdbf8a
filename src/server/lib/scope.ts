// The one scoping helper. Every organisation stores its path (`/1/2/15/`); a user sees a
// record when the record's owning path lies in the user's subtree, or its second path
// (an enterprise's industry union) does. Every list query of scoped data goes through here.
import { type AnyColumn, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from './context.ts';

function likePrefix(column: AnyColumn, prefix: string): SQL {
  // Paths hold only digits and slashes: no LIKE metacharacters to escape.
  if (!/^[\d/]+$/.test(prefix)) throw new Error(`bad scope path ${prefix}`);
  return sql`${column} like ${`${prefix}%`}`;
}

/** WHERE fragment: rows whose `path` (or `altPath`) lies in the actor's subtree. */
export function inScope(actor: Pick<Actor, 'orgPath'>, path: AnyColumn, altPath?: AnyColumn): SQL {
  const own = likePrefix(path, actor.orgPath);
  return altPath ? (or(own, likePrefix(altPath, actor.orgPath)) as SQL) : own;
}

/** The same test in memory, for a row already read. */
export function isInScope(actor: Pick<Actor, 'orgPath'>, path: string, altPath?: string | null): boolean {
  return path.startsWith(actor.orgPath) || (!!altPath && altPath.startsWith(actor.orgPath));
}
