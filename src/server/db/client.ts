// One driver for both modes: node-postgres, to the embedded PGlite server or to PostgreSQL.
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
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

/**
 * The platform's time zone. Whatever the server's own setting, the dates the database derives
 * from timestamps (`::date`, a record's effective date in the rollups of decision 020) are
 * Zhejiang's: a record entered at 07:30 on 1 July belongs to 1 July (decision 026).
 */
export const PLATFORM_TIME_ZONE = 'Asia/Shanghai';

export function connect(url: string, kind: 'pglite' | 'postgres', poolSize?: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    // PGlite is one session: its socket multiplexer interleaves the extended-protocol messages of
    // concurrent connections, so all queries go through one connection, in order.
    max: kind === 'pglite' ? 1 : (poolSize ?? 10),
    // Statement timeout (SECURITY.md): no query holds the database for more than 5 s.
    options: kind === 'postgres' ? '-c statement_timeout=5000' : undefined,
  });
  pool.on('error', () => {}); // a dropped idle client is replaced on the next checkout
  // The first statement of every connection (a client runs its queries in order). PGlite ignores
  // the startup packet's options, hence a statement rather than `-c TimeZone=…`.
  pool.on('connect', (client) => {
    client.query(`set time zone '${PLATFORM_TIME_ZONE}'`).catch(() => {});
  });
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
