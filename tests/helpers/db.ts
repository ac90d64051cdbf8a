// A database of its own for each test file, copied from the migrated snapshot: PGlite
// served on loopback (the app speaks to it with the same driver as to PostgreSQL), or a
// fresh database made from the template on the PostgreSQL server of DATABASE_URL.
import { readFileSync } from 'node:fs';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Database } from '../../src/server/db/client.ts';
import { openPglite } from '../../src/server/db/pglite.ts';

export interface TestDatabase extends Database {
  /** Where a second connection (a second app process) can reach the same database. */
  url: string;
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `jx_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name} template ${inject('postgresTemplate')}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = connect(u.toString(), 'postgres', 10);
    return {
      ...database,
      url: u.toString(),
      async destroy() {
        await database.close();
        await admin.query(`drop database if exists ${name}`).catch(() => {});
        await admin.end();
      },
    };
  }
  const blob = new Blob([readFileSync(inject('pgliteSnapshot'))]);
  const db = await openPglite({ loadDataDir: blob });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
  await server.start();
  const socketUrl = `postgres://postgres@${server.getServerConn()}/postgres`;
  const database = connect(socketUrl, 'pglite');
  return {
    ...database,
    url: socketUrl,
    async destroy() {
      await database.close();
      await server.stop();
      await db.close();
    },
  };
}
