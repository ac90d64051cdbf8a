// Migrates one database once for the whole run: on PGlite a data-directory dump that every
// test file loads; on PostgreSQL (DATABASE_URL) a template database that each file copies.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, migrateDatabase } from '../../src/server/db/client.ts';
import { openPglite } from '../../src/server/db/pglite.ts';
import { ensureReferenceData } from '../../src/server/features/orgs/reference-data.ts';
import { ensureCourseCatalogue } from '../../src/server/features/registries/courses.seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `jx_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const u = new URL(url);
    u.pathname = `/${template}`;
    const database = connect(u.toString(), 'postgres', 2);
    await migrateDatabase(database.db);
    await ensureReferenceData(database.db);
    await ensureCourseCatalogue(database.db);
    await database.close();
    project.provide('postgresTemplate', template);
    project.provide('pgliteSnapshot', '');
    return async () => {
      await admin.query(`drop database if exists ${template}`).catch(() => {});
      await admin.end();
    };
  }
  const db = await openPglite();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
  await server.start();
  const database = connect(`postgres://postgres@${server.getServerConn()}/postgres`, 'pglite', 1);
  await migrateDatabase(database.db);
  await ensureReferenceData(database.db);
  await ensureCourseCatalogue(database.db);
  await database.close();
  await server.stop();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const file = join(mkdtempSync(join(tmpdir(), 'jx-test-')), 'snapshot.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  project.provide('postgresTemplate', '');
}
