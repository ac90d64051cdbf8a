// A registry list over 1,000,000 records, for `scripts/bench.ts`: the training-session list as
// the page asks for it (scoped, filtered, sorted, one page and its total), on the embedded
// PGlite. Goal: p95 ≤ 100 ms. The data directory is kept between runs (seeding takes minutes).
import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { permissionsOf, type Role } from '#shared/roles.ts';
import { connect, migrateDatabase } from '../../db/client.ts';
import { startEmbeddedDatabase } from '../../db/embedded.ts';
import type { Actor, ServiceContext } from '../../lib/context.ts';
import { systemClock } from '../../lib/clock.ts';
import { ensureReferenceData } from '../orgs/reference-data.ts';
import { ensureCourseCatalogue } from './courses.seed.ts';
import { findRecords, type ListQuery } from './registries.service.ts';

export interface ListBenchFigures {
  registry_list_1m_p95_ms: number;
  registry_list_1m_median_ms: number;
  registry_list_1m_seed_s: number;
}

const log = (m: string) => process.stderr.write(`[bench] registries: ${m}\n`);

/** 1,000,000 training sessions spread over one academy per county (about 11,000 each). */
async function seed(db: ReturnType<typeof connect>['db'], rows: number) {
  const [{ n }] = (await db.execute<{ n: string }>(sql`select count(*) n from training_sessions`)).rows;
  if (Number(n) >= rows) return false;
  log(`seeding ${rows} training sessions (once; the data directory is kept)…`);
  await db.execute(sql`
    insert into academies (org_id, org_path, org_alt_path, name, kind, level, year_established)
    select id, path, alt_path, name || '工匠学院', 'academy', 'county', 2020
    from organizations where kind = 'county' and not exists (select 1 from academies)`);
  const chunk = 50_000;
  for (let from = Number(n); from < rows; from += chunk) {
    await db.execute(sql`
      with a as (
        select array_agg(id order by id) ids, array_agg(org_id order by id) orgs,
               array_agg(org_path order by id) paths, count(*)::int k
        from academies where deleted_at is null)
      insert into training_sessions
        (org_id, org_path, academy_id, course, triz, start_date, end_date, person_times, demonstration, mountain_island)
      select a.orgs[1 + g % a.k], a.paths[1 + g % a.k], a.ids[1 + g % a.k],
             '课程' || (g % 997), (g / 90) % 3 = 0, date '2021-01-01' + ((g / 90) % 1800), date '2021-01-03' + ((g / 90) % 1800),
             20 + g % 480, (g / 90) % 5 = 0, g % 7 = 0
      from a, generate_series(${from + 1}::int, ${Math.min(from + chunk, rows)}::int) g`);
    if ((from / chunk) % 4 === 0) log(`  ${Math.min(from + chunk, rows)} rows`);
  }
  await db.execute(sql`vacuum analyze training_sessions`);
  return true;
}

async function actorAt(db: ReturnType<typeof connect>['db'], code: string, role: Role): Promise<Actor> {
  const [o] = (
    await db.execute<{ id: string; path: string; name: string }>(
      sql`select id, path, name from organizations where code = ${code}`,
    )
  ).rows;
  return {
    userId: 1,
    username: 'bench',
    displayName: 'bench',
    orgId: Number(o.id),
    orgPath: o.path,
    scopeOrgId: Number(o.id),
    orgName: o.name,
    roles: [role],
    permissions: new Set(permissionsOf([role])),
    sessionId: 'bench',
  };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export async function benchRegistryList(
  dataDir: string,
  rows = 1_000_000,
  samples = 120,
): Promise<ListBenchFigures> {
  const fresh = !existsSync(dataDir);
  const embedded = await startEmbeddedDatabase(dataDir, log);
  const database = connect(embedded.url, 'pglite');
  try {
    await migrateDatabase(database.db);
    await ensureReferenceData(database.db);
    await ensureCourseCatalogue(database.db);
    const t0 = performance.now();
    const seeded = await seed(database.db, rows);
    const seedS = seeded || fresh ? Math.round((performance.now() - t0) / 100) / 10 : 0;
    const ctxOf = async (code: string, role: Role): Promise<ServiceContext> => ({
      db: database.db,
      actor: await actorAt(database.db, code, role),
      clock: systemClock,
      ip: null,
      requestId: 'bench',
      userAgent: null,
    });
    const province = await ctxOf('330000', 'province_admin');
    const city = await ctxOf('330100', 'city_admin');
    const county = await ctxOf('330127', 'county_admin');
    // What the list page sends: the default sort, a column sort, the filters of the definition, pages.
    const queries: [ServiceContext, Partial<ListQuery>][] = [
      [province, {}],
      [province, { triz: 'true' }],
      [province, { mountainIsland: 'true', sort: 'personTimes', order: 'desc' }],
      [province, { demonstration: 'false', page: 3 }],
      [province, { sort: 'course', order: 'asc', page: 2 }],
      [city, { triz: 'true' }],
      [city, { sort: 'personTimes', order: 'asc' }],
      [county, {}],
      [county, { mountainIsland: 'true', page: 2 }],
      [county, { sort: 'startDate', order: 'asc' }],
    ];
    const run = (i: number) => {
      const [ctx, q] = queries[i % queries.length];
      return findRecords(ctx, 'training-sessions', { page: 1, pageSize: 20, ...q } as ListQuery);
    };
    for (let i = 0; i < queries.length; i++) await run(i); // warm the caches once
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t = performance.now();
      const page = await run(i);
      times.push(performance.now() - t);
      if (page.items.length === 0)
        throw new Error(`benchRegistryList: empty page for query ${i % queries.length}`);
    }
    if (process.env.JX_BENCH_DEBUG)
      for (let k = 0; k < queries.length; k++)
        log(
          `query ${k} ${JSON.stringify(queries[k][1])}: ${times
            .filter((_, i) => i % queries.length === k)
            .map(Math.round)
            .join(' ')} ms`,
        );
    return {
      registry_list_1m_p95_ms: Math.round(percentile(times, 95) * 10) / 10,
      registry_list_1m_median_ms: Math.round(percentile(times, 50) * 10) / 10,
      registry_list_1m_seed_s: seedS,
    };
  } finally {
    await database.close();
    await embedded.stop();
  }
}
