// Backup and restore (备份与恢复) of every table's rows through the `pg` driver, so one
// format serves the embedded PGlite and a PostgreSQL server alike (PGlite has no pg_dump).
//
// The file is gzip'd JSON lines. Control lines are JSON arrays, rows are JSON objects
// (`row_to_json` of the row, written and read back as text, never parsed in Node):
//   ["header", { format, version, createdAt, database, serverVersion, migrations }]
//   ["table", { name, columns }]   then one line per row   then ["end", { name, rows }]
//   ["sequences", [{ name, lastValue, isCalled }]]
//   ["done", { tables: { name: rows } }]
// Tables come in foreign-key order (parents first). Restore loads them in one transaction
// with user triggers off (the audit trail's append-only trigger included) and sets every
// sequence to its saved state. The audit chain's HMAC key is not in the backup, by design:
// keep AUDIT_HMAC_KEY (or DATA_DIR/secrets.json) with it, or the chain cannot be verified.
import { once } from 'node:events';
import {
  copyFileSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type pg from 'pg';
import { MIGRATIONS_FOLDER } from './client.ts';

export const BACKUP_FORMAT = 'jiangxin-backup';
export const BACKUP_VERSION = 1;

/** Tables that `ensureReferenceData` fills on a fresh database: their rows alone do not make it "in use". */
export const REFERENCE_TABLES = [
  'organizations',
  'mountain_island_lists',
  'mountain_island_members',
  'plans',
  'plan_tasks',
  'plan_metrics',
  'achievement_categories',
  'demand_categories', // seeded by a migration (劳模工匠助企行 kinds of help)
  'courses', // the course catalogue's first entries (ensureCourseCatalogue)
  'evaluation_weights', // 成效评估 weights: 2025 seeded by a migration, a year at start
  'evaluation_weight_versions',
];

const FETCH_ROWS = 1000;
const INSERT_BATCH_ROWS = 500;
const INSERT_BATCH_CHARS = 4 * 1024 * 1024;

export interface MigrationState {
  hash: string;
  createdAt: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  database: string;
  serverVersion: string;
  migrations: MigrationState[];
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  tables: Record<string, number>;
  migrations: number;
}

export interface RestoreSummary {
  tables: Record<string, number>;
  sequences: number;
  migrationsAfter: number;
}

/** A backup or restore that cannot go ahead, with a message a person can act on. */
export class BackupError extends Error {
  constructor(
    message: string,
    public readonly code: 'IN_USE' | 'INVALID_FILE' | 'INCOMPATIBLE',
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (name: string) => `public.${ident(name)}`;

async function withClient<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}

/** Ordinary tables of the public schema, parents before the tables whose foreign keys point at them. */
async function tablesInDependencyOrder(c: pg.ClientBase): Promise<string[]> {
  const tables = (
    await c.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`,
    )
  ).rows.map((r) => r.name);
  const deps = (
    await c.query<{ child: string; parent: string }>(
      `select ch.relname as child, pa.relname as parent from pg_constraint k
       join pg_class ch on ch.oid = k.conrelid join pg_namespace n on n.oid = ch.relnamespace
       join pg_class pa on pa.oid = k.confrelid
       where k.contype = 'f' and n.nspname = 'public' and ch.oid <> pa.oid`,
    )
  ).rows;
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const d of deps) parents.get(d.child)?.add(d.parent);
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string) => {
    if (state.get(t) === 'done' || state.get(t) === 'visiting') return; // a cycle: restore skips FK checks
    state.set(t, 'visiting');
    for (const p of parents.get(t) ?? []) visit(p);
    state.set(t, 'done');
    ordered.push(t);
  };
  for (const t of tables) visit(t);
  return ordered;
}

async function storedColumns(c: pg.ClientBase, table: string): Promise<string[]> {
  return (
    await c.query<{ name: string }>(
      `select attname as name from pg_attribute
       where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
      [qualified(table)],
    )
  ).rows.map((r) => r.name);
}

async function primaryKeyColumns(c: pg.ClientBase, table: string): Promise<string[]> {
  return (
    await c.query<{ name: string }>(
      `select a.attname as name from pg_index i
       join lateral unnest(i.indkey) with ordinality as k(attnum, ord) on true
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
       where i.indrelid = $1::regclass and i.indisprimary order by k.ord`,
      [qualified(table)],
    )
  ).rows.map((r) => r.name);
}

async function appliedMigrations(c: pg.ClientBase): Promise<MigrationState[]> {
  const exists = (
    await c.query<{ t: string | null }>(`select to_regclass('drizzle.__drizzle_migrations')::text as t`)
  ).rows[0]?.t;
  if (!exists) return [];
  const rows = (
    await c.query<{ hash: string; created_at: string }>(
      'select hash, created_at::text as created_at from drizzle.__drizzle_migrations order by created_at, id',
    )
  ).rows;
  return rows.map((r) => ({ hash: r.hash, createdAt: Number(r.created_at) }));
}

async function sequenceStates(c: pg.ClientBase): Promise<SequenceState[]> {
  const names = (
    await c.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
    )
  ).rows.map((r) => r.name);
  const out: SequenceState[] = [];
  for (const name of names) {
    const r = (
      await c.query<{ last_value: string; is_called: boolean }>(
        `select last_value::text as last_value, is_called from ${qualified(name)}`,
      )
    ).rows[0];
    out.push({ name, lastValue: r.last_value, isCalled: r.is_called });
  }
  return out;
}

/**
 * Writes every table's rows, the migration state and the sequences to `file` (gzip'd JSON
 * lines), from one consistent snapshot. The file appears only when complete.
 */
export async function backupDatabase(
  pool: pg.Pool,
  file: string,
  opts: { log?: (m: string) => void } = {},
): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(partial);
  gzip.pipe(out);
  const finished = once(out, 'close');
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  const tables: Record<string, number> = {};
  let migrations: MigrationState[] = [];
  try {
    await withClient(pool, async (c) => {
      // One snapshot for all tables; on PGlite this holds the database for the duration.
      await c.query('begin isolation level repeatable read read only');
      try {
        await c.query('set local statement_timeout = 0');
        const serverVersion = (await c.query<{ v: string }>('show server_version')).rows[0].v;
        migrations = await appliedMigrations(c);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          database: (await c.query<{ d: string }>('select current_database() as d')).rows[0].d,
          serverVersion,
          migrations,
        };
        await write(JSON.stringify(['header', header]));
        for (const table of await tablesInDependencyOrder(c)) {
          const columns = await storedColumns(c, table);
          const pk = await primaryKeyColumns(c, table);
          await write(JSON.stringify(['table', { name: table, columns }]));
          const cols = columns.map(ident).join(', ');
          const order = pk.length ? ` order by ${pk.map(ident).join(', ')}` : '';
          await c.query(
            `declare jx_backup no scroll cursor for select row_to_json(t)::text as j from (select ${cols} from ${qualified(table)}${order}) t`,
          );
          let n = 0;
          for (;;) {
            const { rows } = await c.query<{ j: string }>(`fetch ${FETCH_ROWS} from jx_backup`);
            for (const r of rows) await write(r.j);
            n += rows.length;
            if (rows.length < FETCH_ROWS) break;
          }
          await c.query('close jx_backup');
          await write(JSON.stringify(['end', { name: table, rows: n }]));
          tables[table] = n;
          opts.log?.(`${table}: ${n}`);
        }
        // Read last, so no saved sequence is behind a saved row.
        await write(JSON.stringify(['sequences', await sequenceStates(c)]));
        await write(JSON.stringify(['done', { tables }]));
      } finally {
        await c.query('rollback').catch(() => {});
      }
    });
    gzip.end();
    await finished;
    renameSync(partial, file);
  } catch (err) {
    gzip.destroy();
    out.destroy();
    rmSync(partial, { force: true });
    throw err;
  }
  return { file, bytes: statSync(file).size, tables, migrations: migrations.length };
}

/** Tables (other than the reference data of a fresh database) that hold rows. */
export async function tablesWithData(pool: pg.Pool): Promise<string[]> {
  return withClient(pool, async (c) => {
    const out: string[] = [];
    for (const t of await tablesInDependencyOrder(c)) {
      if (REFERENCE_TABLES.includes(t)) continue;
      const { rows } = await c.query(`select 1 from ${qualified(t)} limit 1`);
      if (rows.length) out.push(t);
    }
    return out;
  });
}

/** Per-table row count and md5 of the rows' text in a fixed order: equal on both sides of a faithful restore. */
export async function tableChecksums(pool: pg.Pool): Promise<Record<string, { rows: number; md5: string }>> {
  return withClient(pool, async (c) => {
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const t of (await tablesInDependencyOrder(c)).sort()) {
      const r = (
        await c.query<{ n: string; md5: string }>(
          `select count(*)::text as n, md5(coalesce(string_agg(x, E'\\n' order by x collate "C"), '')) as md5
           from (select t::text as x from ${qualified(t)} t) s`,
        )
      ).rows[0];
      out[t] = { rows: Number(r.n), md5: r.md5 };
    }
    return out;
  });
}

/** Line reader over a gzip'd backup file. */
function readLines(file: string): AsyncIterator<string> {
  const source = createReadStream(file);
  const input = createGunzip();
  source.on('error', (err) => input.destroy(err));
  source.pipe(input);
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();
}

async function readHeader(file: string): Promise<BackupHeader> {
  const lines = readLines(file);
  let first: IteratorResult<string>;
  try {
    first = await lines.next();
  } catch {
    throw new BackupError(
      `${file} 不是有效的备份文件（不是 gzip） / not a backup file (not gzip)`,
      'INVALID_FILE',
    );
  } finally {
    await lines.return?.();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(first.value ?? '');
  } catch {}
  const h = Array.isArray(parsed) && parsed[0] === 'header' ? (parsed[1] as BackupHeader) : null;
  if (!h || h.format !== BACKUP_FORMAT) {
    throw new BackupError(`${file} 不是匠心的备份文件 / not a Jiangxin backup file`, 'INVALID_FILE');
  }
  if (h.version > BACKUP_VERSION) {
    throw new BackupError(
      `备份格式版本 ${h.version} 比本程序新，请升级后再恢复 / backup format is newer than this program`,
      'INCOMPATIBLE',
    );
  }
  return h;
}

/** A migrations folder holding only the first `count` migrations of ours. */
function partialMigrationsFolder(from: string, count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'jx-migrations-'));
  const journal = JSON.parse(readFileSync(join(from, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  journal.entries = journal.entries.slice(0, count);
  mkdirSync(join(dir, 'meta'));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) copyFileSync(join(from, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  return dir;
}

const isPrefix = (a: MigrationState[], b: MigrationState[]) =>
  a.length <= b.length && a.every((m, i) => m.hash === b[i].hash);

/**
 * Restores a backup into the database of `pool`. Refuses a database that already holds data
 * (anything beyond the reference data a fresh start creates) unless `force`, which wipes it.
 * The schema is brought to the backup's migration level, the rows loaded in one transaction,
 * the sequences set, then the remaining migrations of this version applied.
 */
export async function restoreDatabase(
  pool: pg.Pool,
  file: string,
  opts: {
    force?: boolean;
    log?: (m: string) => void /** this version's migrations (tests) */;
    migrationsFolder?: string;
  } = {},
): Promise<RestoreSummary> {
  const log = opts.log ?? (() => {});
  const header = await readHeader(file);
  const migrationsFolder = opts.migrationsFolder ?? MIGRATIONS_FOLDER;
  const local: MigrationState[] = readMigrationFiles({ migrationsFolder }).map((m) => ({
    hash: m.hash,
    createdAt: m.folderMillis,
  }));
  if (!isPrefix(header.migrations, local)) {
    throw new BackupError(
      '备份来自更新或不同的程序版本（数据库迁移不符），请用相同或更新的版本恢复 / the backup was made by a newer or different version (migrations differ)',
      'INCOMPATIBLE',
    );
  }

  const inUse = await tablesWithData(pool);
  if (inUse.length && !opts.force) {
    throw new BackupError(
      `目标数据库已有数据（${inUse.join('、')}），拒绝覆盖；确认要清空后恢复请加 --force / ` +
        `the target database already holds data (${inUse.join(', ')}); add --force to wipe it and restore`,
      'IN_USE',
    );
  }

  // Bring the schema to the backup's level: a database at another level is emptied first.
  const applied = await withClient(pool, appliedMigrations);
  if (!isPrefix(applied, header.migrations)) {
    log('正在重建数据库结构 / recreating the schema at the backup’s migration level');
    await withClient(pool, async (c) => {
      await c.query('drop schema if exists drizzle cascade');
      await c.query('drop schema if exists public cascade');
      await c.query('create schema public');
    });
  }
  if (applied.length !== header.migrations.length || !isPrefix(applied, header.migrations)) {
    const folder = partialMigrationsFolder(migrationsFolder, header.migrations.length);
    try {
      await migrate(drizzle(pool), { migrationsFolder: folder });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  const tables: Record<string, number> = {};
  let sequences = 0;
  await withClient(pool, async (c) => {
    await c.query('begin');
    try {
      await c.query('set local statement_timeout = 0');
      // A superuser can skip FK checks, which a self-referencing table may need; others rely on the FK order.
      const superuser =
        (await c.query<{ s: string }>(`select current_setting('is_superuser') as s`)).rows[0].s === 'on';
      if (superuser) await c.query('set local session_replication_role = replica');
      const targetTables = await tablesInDependencyOrder(c);
      const withTriggers = (
        await c.query<{ name: string }>(
          `select distinct c.relname as name from pg_trigger g join pg_class c on c.oid = g.tgrelid
           join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not g.tgisinternal`,
        )
      ).rows.map((r) => r.name);
      // The append-only trigger refuses TRUNCATE: user triggers stay off until the load is done.
      for (const t of withTriggers) await c.query(`alter table ${qualified(t)} disable trigger user`);
      if (targetTables.length) await c.query(`truncate ${targetTables.map(qualified).join(', ')}`);

      let table: { name: string; columns: string[]; sql: string } | null = null;
      let batch: string[] = [];
      let batchChars = 0;
      let count = 0;
      let done = false;
      const flush = async () => {
        if (!table || batch.length === 0) return;
        await c.query(table.sql, [`[${batch.join(',')}]`]);
        batch = [];
        batchChars = 0;
      };
      const lines = readLines(file);
      let lineNo = 0;
      try {
        for (let it = await lines.next(); !it.done; it = await lines.next()) {
          const line = it.value;
          lineNo++;
          if (lineNo === 1 || line === '') continue;
          if (line.startsWith('{')) {
            if (!table)
              throw new BackupError(
                `备份文件第 ${lineNo} 行：数据不属于任何表 / row outside a table`,
                'INVALID_FILE',
              );
            batch.push(line);
            batchChars += line.length;
            count++;
            if (batch.length >= INSERT_BATCH_ROWS || batchChars >= INSERT_BATCH_CHARS) await flush();
            continue;
          }
          const [kind, body] = JSON.parse(line) as [string, unknown];
          if (kind === 'table') {
            const t = body as { name: string; columns: string[] };
            if (!targetTables.includes(t.name)) {
              throw new BackupError(
                `备份中的表 ${t.name} 在目标数据库中不存在 / table ${t.name} missing in the target`,
                'INCOMPATIBLE',
              );
            }
            const have = new Set(await storedColumns(c, t.name));
            const missing = t.columns.filter((col) => !have.has(col));
            if (missing.length) {
              throw new BackupError(
                `表 ${t.name} 缺少列 ${missing.join(', ')} / columns missing in the target`,
                'INCOMPATIBLE',
              );
            }
            const cols = t.columns.map(ident).join(', ');
            table = {
              ...t,
              sql: `insert into ${qualified(t.name)} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${qualified(t.name)}, $1::json)`,
            };
            count = 0;
          } else if (kind === 'end') {
            const e = body as { name: string; rows: number };
            await flush();
            if (!table || e.name !== table.name || e.rows !== count) {
              throw new BackupError(
                `备份文件已损坏：表 ${e.name} 的行数不符 / row count mismatch`,
                'INVALID_FILE',
              );
            }
            tables[e.name] = count;
            log(`${e.name}: ${count}`);
            table = null;
          } else if (kind === 'sequences') {
            for (const s of body as SequenceState[]) {
              const exists = (await c.query(`select to_regclass($1) as r`, [qualified(s.name)])).rows[0].r;
              if (!exists) continue;
              await c.query('select setval($1::regclass, $2::bigint, $3)', [
                qualified(s.name),
                s.lastValue,
                s.isCalled,
              ]);
              sequences++;
            }
          } else if (kind === 'done') {
            done = true;
          }
        }
      } finally {
        await lines.return?.();
      }
      if (!done)
        throw new BackupError('备份文件不完整（缺少结尾） / the backup file is incomplete', 'INVALID_FILE');
      for (const t of withTriggers) await c.query(`alter table ${qualified(t)} enable trigger user`);
      await c.query('commit');
    } catch (err) {
      await c.query('rollback').catch(() => {});
      throw err;
    }
  });

  // Then this version's later migrations, as a start of the server would.
  await migrate(drizzle(pool), { migrationsFolder });
  const after = await withClient(pool, appliedMigrations);
  return { tables, sequences, migrationsAfter: after.length };
}
