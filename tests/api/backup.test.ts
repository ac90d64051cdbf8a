// Backup and restore: seed → backup → wipe (a fresh database) → restore → per-table
// checksums equal; the restore refuses a database in use unless forced; the CLIs work.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BackupError,
  backupDatabase,
  restoreDatabase,
  tableChecksums,
  tablesWithData,
} from '../../src/server/db/backup.ts';
import { MIGRATIONS_FOLDER } from '../../src/server/db/client.ts';
import { seedDemo } from '../../src/server/features/demo/demo.seed.ts';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { TEST_KDF } from '../../src/server/lib/crypto.ts';
import { Client, createTestEnv, type TestEnv } from '../helpers/app.ts';
import { runScript } from '../helpers/processes.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'jx-backup-test-'));
let source: TestEnv;
const others: TestDatabase[] = [];

async function freshDatabase() {
  const d = await createTestDatabase();
  others.push(d);
  return d;
}

async function sequences(d: { pool: TestDatabase['pool'] }) {
  const { rows } = await d.pool.query<{ name: string; v: string }>(
    `select sequencename as name, coalesce(last_value, 0)::text as v from pg_sequences where schemaname = 'public' order by 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.v]));
}

beforeAll(async () => {
  source = await createTestEnv();
  await seedDemo(source.db, { kdf: TEST_KDF });
  // Sessions, login and audit rows, idempotency keys: the tables the API writes.
  const admin = await new Client(source).login('province.admin');
  const tree = await admin.get('/api/orgs/tree');
  expect(tree.status).toBe(200);
  await admin.patch(
    `/api/orgs/${(await admin.get('/api/orgs?kind=enterprise&pageSize=1')).body.items[0].id}`,
    {
      version: 1,
      address: '杭州市西湖区“测试”路 1 号\n第二行 \\ 反斜杠',
    },
  );
  await new Client(source).post('/api/auth/login', {
    username: 'province.admin',
    password: 'wrong-password',
  });
  // Text that JSON and SQL both have to escape, and a soft-deleted row.
  await source.db.execute(
    sql`update organizations set contact_name = ${'O\'Brien "引号" \t tab'} where code = '330127'`,
  );
}, 120_000);

afterAll(async () => {
  await source?.close();
  for (const d of others) await d.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('restores every table exactly into a fresh database, sequences included', async () => {
    const before = await tableChecksums(source.database.pool);
    expect(before.organizations.rows).toBeGreaterThan(450);
    expect(before.users.rows).toBeGreaterThanOrEqual(9);
    expect(before.audit_log.rows).toBeGreaterThan(0);
    expect(before.sessions.rows).toBeGreaterThan(0);

    const file = join(dir, 'one.jsonl.gz');
    const summary = await backupDatabase(source.database.pool, file);
    expect(summary.tables.organizations).toBe(before.organizations.rows);
    expect(summary.migrations).toBeGreaterThan(0);

    const target = await freshDatabase();
    // A fresh database has only the reference data: not "in use", so no --force needed.
    expect(await tablesWithData(target.pool)).toEqual([]);
    const restored = await restoreDatabase(target.pool, file);
    expect(restored.tables).toEqual(summary.tables);

    expect(await tableChecksums(target.pool)).toEqual(before);
    expect(await sequences(target)).toEqual(await sequences(source.database));

    // New rows continue the sequences: no duplicate key after a restore.
    await makeEnterprise(target.db, { countyCode: '330127', seq: 9001 });
    // The audit trail stays append-only after the restore.
    await expect(target.pool.query('delete from audit_log')).rejects.toThrow(/append-only/);
  });

  it('refuses a database in use, and wipes it with force', async () => {
    const file = join(dir, 'two.jsonl.gz');
    await backupDatabase(source.database.pool, file);
    const target = await freshDatabase();
    await makeEnterprise(target.db, { countyCode: '330102', seq: 1 });
    await target.pool.query(
      `insert into audit_log (at, event, result, prev_hash, hash) values (now(), 'x', 'success', 'a', 'b')`,
    );
    const refused = await restoreDatabase(target.pool, file).catch((e) => e);
    expect(refused).toBeInstanceOf(BackupError);
    expect(refused.code).toBe('IN_USE');
    expect(refused.message).toMatch(/--force/);
    expect(refused.message).toMatch(/audit_log/);

    await restoreDatabase(target.pool, file, { force: true });
    expect(await tableChecksums(target.pool)).toEqual(await tableChecksums(source.database.pool));
  });

  it('builds the schema of an empty database at the backup’s migration level', async () => {
    const file = join(dir, 'three.jsonl.gz');
    await backupDatabase(source.database.pool, file);
    const target = await freshDatabase();
    await target.pool.query('drop schema drizzle cascade');
    await target.pool.query('drop schema public cascade');
    await target.pool.query('create schema public');
    await restoreDatabase(target.pool, file);
    expect(await tableChecksums(target.pool)).toEqual(await tableChecksums(source.database.pool));
  });

  it('restores a backup of an older version: its schema first, then the newer migrations', async () => {
    // "This version" = ours plus one more migration, which adds a column with a default and a table.
    const newer = join(dir, 'migrations-newer');
    cpSync(MIGRATIONS_FOLDER, newer, { recursive: true });
    const journalFile = join(newer, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
    const last = journal.entries[journal.entries.length - 1];
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_test_newer' });
    writeFileSync(journalFile, JSON.stringify(journal));
    writeFileSync(
      join(newer, '9999_test_newer.sql'),
      `ALTER TABLE organizations ADD COLUMN test_newer text DEFAULT 'x' NOT NULL;\n--> statement-breakpoint\nCREATE TABLE test_newer (id bigserial PRIMARY KEY);`,
    );
    const file = join(dir, 'older.jsonl.gz');
    await backupDatabase(source.database.pool, file);

    // A target already at the newer level: its schema is rebuilt at the backup's level first.
    const target = await freshDatabase();
    await migrate(drizzle(target.pool), { migrationsFolder: newer });
    const restored = await restoreDatabase(target.pool, file, { migrationsFolder: newer });
    expect(restored.migrationsAfter).toBe(journal.entries.length);
    const { organizations: _o, ...before } = await tableChecksums(source.database.pool);
    const { organizations: o, test_newer: t, ...after } = await tableChecksums(target.pool);
    expect(after).toEqual(before);
    expect(o.rows).toBe(_o.rows);
    expect(t.rows).toBe(0);
    const { rows } = await target.pool.query(
      `select count(*)::int as n from organizations where test_newer = 'x'`,
    );
    expect(rows[0].n).toBe(_o.rows);
    await expect(target.pool.query('delete from audit_log')).rejects.toThrow(/append-only/);
  });

  it('refuses files that are not complete backups, leaving the target untouched', async () => {
    const target = await freshDatabase();
    const before = await tableChecksums(target.pool);
    const notGzip = join(dir, 'plain.txt');
    writeFileSync(notGzip, 'hello');
    await expect(restoreDatabase(target.pool, notGzip)).rejects.toThrow(/不是有效的备份文件|not a backup/);
    const other = join(dir, 'other.gz');
    writeFileSync(other, gzipSync('{"hello":1}\n'));
    await expect(restoreDatabase(target.pool, other)).rejects.toThrow(/not a Jiangxin backup/);

    // A backup cut short after its first table (lines intact, end marker missing).
    const full = join(dir, 'full.jsonl.gz');
    await backupDatabase(source.database.pool, full);
    const lines = gunzipSync(readFileSync(full)).toString('utf8').split('\n');
    const cut = join(dir, 'cut.jsonl.gz');
    writeFileSync(
      cut,
      gzipSync(`${lines.slice(0, lines.findIndex((l) => l.startsWith('["end"')) + 1).join('\n')}\n`),
    );
    await expect(restoreDatabase(target.pool, cut)).rejects.toThrow(/不完整|incomplete/);
    expect(await tableChecksums(target.pool)).toEqual(before);
  });

  it('works as two commands (npm run db:backup / db:restore)', async () => {
    const url = (source.database.pool as unknown as { options: { connectionString: string } }).options
      .connectionString;
    const target = await freshDatabase();
    const targetUrl = (target.pool as unknown as { options: { connectionString: string } }).options
      .connectionString;
    const file = join(dir, 'cli.jsonl.gz');
    // Asynchronous: on PGlite the test database is served from this process's event loop.
    const run = (script: string, args: string[], databaseUrl: string) =>
      runScript(script, args, { DATABASE_URL: databaseUrl, DATA_DIR: join(dir, 'cli-data') });
    const backup = await run('scripts/db-backup.ts', ['--out', file], url);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/cli\.jsonl\.gz/);
    const restore = await run('scripts/db-restore.ts', [file], targetUrl);
    expect(restore.status, restore.stderr).toBe(0);
    expect(await tableChecksums(target.pool)).toEqual(await tableChecksums(source.database.pool));
    // Once restored the database is in use: a second restore needs --force.
    const again = await run('scripts/db-restore.ts', [file], targetUrl);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/--force/);
    const forced = await run('scripts/db-restore.ts', [file, '--force'], targetUrl);
    expect(forced.status, forced.stderr).toBe(0);
  }, 300_000);
});
