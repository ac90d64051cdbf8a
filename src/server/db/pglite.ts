// A PGlite database as the platform uses it, for the embedded database's host process and the
// tests alike: one session serves every connection, so what the session needs is set here once.
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { SET_PLATFORM_TIME_ZONE } from './time-zone.ts';

/** Opens (or creates) a PGlite database: a data directory, or options such as `loadDataDir`. */
export async function openPglite(from: string | PGliteOptions = {}): Promise<PGlite> {
  const db = typeof from === 'string' ? await PGlite.create(from) : await PGlite.create(from);
  // PGlite ignores the startup options that give a PostgreSQL server's sessions their time zone.
  await db.exec(SET_PLATFORM_TIME_ZONE);
  return db;
}
