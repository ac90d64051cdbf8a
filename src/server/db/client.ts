// One driver for both modes: node-postgres, to the embedded PGlite server or to PostgreSQL.
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { PLATFORM_TIME_ZONE } from './time-zone.ts';
import { listenForWrites, ReadCache, trackWrites, WriteGenerations } from './write-tracking.ts';

// count(*) and bigint arrive as strings from pg; numbers that fit are numbers here, in one place.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export type Db = NodePgDatabase<Record<string, never>>;

export interface Database {
  db: Db;
  pool: pg.Pool;
  kind: 'pglite' | 'postgres';
  /** Reads cached until a table they read is written (decision 013). */
  reads: ReadCache;
  close(): Promise<void>;
}

export function connect(url: string, kind: 'pglite' | 'postgres', poolSize?: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    // PGlite is one session: its socket multiplexer interleaves the extended-protocol messages of
    // concurrent connections, so all queries go through one connection, in order.
    max: kind === 'pglite' ? 1 : (poolSize ?? 10),
    // Statement timeout (SECURITY.md): no query holds the database for more than 5 s. The
    // platform's time zone (decision 026); PGlite gets it where it is opened (pglite.ts).
    options: kind === 'postgres' ? `-c statement_timeout=5000 -c TimeZone=${PLATFORM_TIME_ZONE}` : undefined,
  });
  pool.on('error', () => {}); // a dropped idle client is replaced on the next checkout
  // Cached reads stay valid until a write to a table they read: this process's writes are seen
  // on the connection; on a PostgreSQL server other processes' arrive by LISTEN/NOTIFY. The
  // embedded database has one process (the data-directory lock).
  const generations = new WriteGenerations();
  trackWrites(pool, generations, { notify: kind === 'postgres' });
  const listener = kind === 'postgres' ? listenForWrites(url, generations) : null;
  const db = drizzle(pool) as Db;
  return {
    db,
    pool,
    kind,
    reads: new ReadCache(generations),
    close: async () => {
      await listener?.close();
      await pool.end();
    },
  };
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export async function migrateDatabase(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
