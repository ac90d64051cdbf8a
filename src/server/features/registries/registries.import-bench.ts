// The whole import of a 100,000-row training file into the embedded PGlite (parse, check,
// resolve names, write in one transaction), for `scripts/bench.ts`. Run in a child process of
// its own, so its peak memory is the importer's alone. Goals: ≤ 30 s, ≤ 500 MB.
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { training } from '#shared/registries/carriers.ts';
import { permissionsOf } from '#shared/roles.ts';
import { connect, migrateDatabase } from '../../db/client.ts';
import { startEmbeddedDatabase } from '../../db/embedded.ts';
import { systemClock } from '../../lib/clock.ts';
import type { ServiceContext } from '../../lib/context.ts';
import { ensureReferenceData } from '../orgs/reference-data.ts';
import { ensureCourseCatalogue } from './courses.seed.ts';
import { collect, writeExport } from './registries.excel.ts';
import { importRecords } from './registries.transfer.ts';

export interface ImportBenchFigures {
  import_100k_rows_s: number;
  import_100k_peak_rss_mb: number;
}

const BENCH_USER = 900_000_001;
const DAY = 86_400_000;

/** In the child: a county administrator imports `rows` training sessions at the county's academy. */
async function importChild(dataDir: string, rows: number) {
  const embedded = await startEmbeddedDatabase(dataDir);
  const database = connect(embedded.url, 'pglite');
  try {
    await migrateDatabase(database.db);
    await ensureReferenceData(database.db);
    await ensureCourseCatalogue(database.db);
    const db = database.db;
    const [county] = (
      await db.execute<{ id: string; path: string; name: string }>(
        sql`select id, path, name from organizations where code = '330127'`,
      )
    ).rows;
    const academy = `${county.name}工匠学院（导入基准）`;
    await db.execute(sql`
      insert into academies (org_id, org_path, name, kind, level, year_established)
      select ${county.id}::bigint, ${county.path}::text, ${academy}::text, 'academy', 'county', 2020
      where not exists (select 1 from academies where name = ${academy}::text)`);
    // The file, as a user would fill it: the academy by name, a course, dates, counts.
    const out = new PassThrough();
    const bytes = collect(out);
    const base = Date.UTC(2020, 0, 1);
    function* records() {
      for (let i = 0; i < rows; i++) {
        yield {
          academyId: 1,
          course: `导入基准课程${i % 500}`,
          triz: i % 3 === 0,
          startDate: new Date(base + Math.floor(i / 500) * DAY).toISOString().slice(0, 10),
          endDate: null,
          personTimes: 20 + (i % 480),
          demonstration: i % 5 === 0,
          mountainIsland: true,
        };
      }
    }
    await writeExport(training, records(), out, { refName: () => academy });
    const file = await bytes;
    const ctx: ServiceContext = {
      db,
      actor: {
        userId: BENCH_USER,
        username: 'bench',
        displayName: 'bench',
        orgId: Number(county.id),
        orgPath: county.path,
        scopeOrgId: Number(county.id),
        orgName: county.name,
        roles: ['county_admin'],
        permissions: new Set(permissionsOf(['county_admin'])),
        sessionId: 'bench',
      },
      clock: systemClock,
      ip: null,
      requestId: 'bench',
      userAgent: null,
    };
    // A clean slate: the previous run's rows (the bench user's) go first, and their dead tuples
    // with them (PGlite has no autovacuum: each run would otherwise slow the next).
    await db.execute(sql`delete from training_sessions where created_by = ${BENCH_USER}::bigint`);
    await db.execute(sql`delete from record_history where user_id = ${BENCH_USER}::bigint`);
    await db.execute(sql`vacuum training_sessions, record_history`);
    const t0 = performance.now();
    // When each phase began (ms from the start): where the time goes, printed with the figures.
    const phases: Record<string, number> = {};
    const result = await importRecords(
      ctx,
      'training-sessions',
      { name: 'training.xlsx', content: file },
      'all',
      (p) => {
        if (p.phase && !(p.phase in phases)) phases[p.phase] = Math.round(performance.now() - t0);
      },
    );
    const ms = performance.now() - t0;
    if (!result.imported || result.created !== rows)
      throw new Error(`import bench: ${JSON.stringify({ ...result, errors: result.errors.slice(0, 3) })}`);
    await db.execute(sql`delete from training_sessions where created_by = ${BENCH_USER}::bigint`);
    await db.execute(sql`delete from record_history where user_id = ${BENCH_USER}::bigint`);
    process.stdout.write(
      `${JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024, phases })}\n`,
    );
  } finally {
    await database.close();
    await embedded.stop();
  }
}

export async function benchImport(dataDir: string, rows = 100_000): Promise<ImportBenchFigures> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), dataDir, String(rows)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`benchImport: the importing process exited with ${code}`);
  const { ms, peakMb, phases } = JSON.parse(output.trim().split('\n').pop()!) as {
    ms: number;
    peakMb: number;
    phases: Record<string, number>;
  };
  if (process.env.BENCH_VERBOSE) console.error(`import phases (ms from start): ${JSON.stringify(phases)}`);
  return { import_100k_rows_s: Math.round(ms / 10) / 100, import_100k_peak_rss_mb: Math.round(peakMb) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await importChild(process.argv[2], Number(process.argv[3]));
}
