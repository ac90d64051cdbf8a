// Rollups of the large registries (decision 020): after every kind of write — through the API
// (create, edit, soft delete), and in SQL (restore, hard delete, a set-at-a-time insert, a
// truncate, a studio deleted under its grants, an enterprise moved to an industry union) — the
// rollups equal a recount of the records, and the evaluator reading them gives every number of
// every organisation exactly as the evaluator scanning the records, at as-of dates across the year.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { METRIC_DEFINITIONS } from '../../src/server/features/targets/definitions.ts';
import { evaluate } from '../../src/server/features/targets/evaluate.ts';
import {
  checkRollups,
  ROLLUPS,
  rebuildRollups,
  rollupTable,
} from '../../src/server/features/targets/rollups.ts';
import { sourceOf } from '../../src/server/features/targets/sources.ts';
import { evaluatedOrgs } from '../../src/server/features/targets/targets.service.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { createOneOfEach, sampleBody } from '../helpers/registries.ts';
import { registryDef } from '../../src/shared/registries/catalog.ts';

let env: TestEnv;
let province: Client;
let chunan: Client;
let xihu: Client;
let enterprises: number[];
const made: Record<string, number>[] = [];

const AS_OF = ['2025-01-01', '2025-02-28', '2025-03-01', '2025-06-15', '2025-10-31', '2025-12-31'];

/** The rollups equal a recount, and both evaluators agree on every number at every date. */
async function expectAgreement() {
  expect(await checkRollups(env.db)).toEqual({});
  const orgs = await evaluatedOrgs(env.db);
  const metricKeys = Object.keys(METRIC_DEFINITIONS);
  for (const asOf of AS_OF) {
    const input = { year: 2025, asOf, orgs, metricKeys };
    const fast = await evaluate(env.db, input);
    const slow = await evaluate(env.db, { ...input, rollups: false });
    expect(fast, `as of ${asOf}`).toEqual(slow);
  }
}

async function provinceValue(key: string, asOf = '2025-12-31') {
  const orgs = await evaluatedOrgs(env.db);
  const p = orgs.find((o) => o.kind === 'province')!;
  const ev = await evaluate(env.db, { year: 2025, asOf, orgs, metricKeys: [key] });
  return ev.get(key)!.get(p.id)!.actual;
}

async function patch(c: Client, registry: string, id: number, body: Record<string, unknown>) {
  const cur = await c.get(`/api/registries/${registry}/${id}`);
  expect(cur.status, cur.text).toBe(200);
  const res = await c.patch(`/api/registries/${registry}/${id}`, { ...body, version: cur.body.version });
  expect(res.status, res.text).toBe(200);
}

async function remove(c: Client, registry: string, id: number) {
  const cur = await c.get(`/api/registries/${registry}/${id}`);
  const res = await c.delete(`/api/registries/${registry}/${id}?version=${cur.body.version}`);
  expect(res.status, res.text).toBe(200);
}

beforeAll(async () => {
  env = await createTestEnv();
  enterprises = [
    (await makeEnterprise(env.db, { countyCode: '330127', seq: 1 })).id,
    (await makeEnterprise(env.db, { countyCode: '330106', seq: 2 })).id,
  ];
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'xh.admin', '330106', ['county_admin']);
  province = await signedIn(env, 'p.admin');
  chunan = await signedIn(env, 'ca.admin');
  xihu = await signedIn(env, 'xh.admin');
});
afterAll(() => env.close());

describe('the rollups of the registries', () => {
  it('hold what records are created through the API, at both grains', async () => {
    made.push(await createOneOfEach(province, enterprises[0], { n: 1 }));
    made.push(await createOneOfEach(chunan, enterprises[0], { n: 2, fallback: province }));
    made.push(await createOneOfEach(xihu, enterprises[1], { n: 3, fallback: province }));
    made.push(await createOneOfEach(chunan, enterprises[0], { n: 7, fallback: province }));
    for (const spec of ROLLUPS) {
      const { rows } = await env.db.execute<{ grain: string; n: string }>(
        sql.raw(`select grain, sum(n)::int as n from ${rollupTable(spec)} group by grain order by grain`),
      );
      expect(rows.length, spec.source).toBe(2);
      expect(rows[0].n, spec.source).toBe(rows[1].n);
    }
    expect(await provinceValue('academy_training_total')).toBeGreaterThan(0);
    await expectAgreement();
  });

  it('follow edits of dates, years, amounts, filters and placement', async () => {
    const [a, b, c] = made;
    await patch(province, 'training-sessions', a['training-sessions'], {
      startDate: '2024-12-31',
      personTimes: 77,
    });
    await patch(chunan, 'training-sessions', b['training-sessions'], {
      startDate: '2025-02-28',
      demonstration: true,
      triz: true,
    });
    await patch(province, 'training-sessions', c['training-sessions'], { startDate: '2025-03-01' });
    await patch(province, 'grants', a.grants, { amount: 12345.67, year: 2024 });
    await patch(province, 'workstations', a.workstations, {
      enterpriseId: enterprises[1],
      level: 'provincial',
    });
    await patch(province, 'studios', a.studios, { level: 'provincial', year: 2025 });
    await patch(province, 'candidates', a.candidates, { studioId: null });
    await patch(province, 'competitions', a.competitions, { startDate: '2025-12-31', promotions: null });
    await patch(province, 'upgrades', a.upgrades, { periodEnd: '2025-06-15', people: 40 });
    await patch(province, 'academies', a.academies, { yearEstablished: 2024 });
    await expectAgreement();
  });

  it('drop soft-deleted records and take restored ones back', async () => {
    const [a, b] = made;
    for (const registry of ['training-sessions', 'grants', 'candidates', 'competitions']) {
      await remove(province, registry, a[registry]);
    }
    await remove(chunan, 'training-sessions', b['training-sessions']);
    await expectAgreement();
    await env.db.execute(
      sql`update training_sessions set deleted_at = null where id = ${a['training-sessions']}`,
    );
    await env.db.execute(sql`update grants set deleted_at = null, year = 2025 where id = ${a.grants}`);
    await expectAgreement();
  });

  it('follow writes of many rows in one statement, hard deletes and a truncate', async () => {
    for (const spec of ROLLUPS) {
      const table = sourceOf(spec.source).table;
      const { rows } = await env.db.execute<{ name: string }>(
        sql`select column_name as name from information_schema.columns
          where table_schema = 'public' and table_name = ${table} and column_name <> 'id' order by ordinal_position`,
      );
      const cols = rows.map((r) => `"${r.name}"`).join(', ');
      // Every live and deleted record again, twice: a set-at-a-time insert as imports write.
      await env.db.execute(
        sql.raw(
          `insert into ${table} (${cols}) select ${cols} from ${table} cross join generate_series(1, 2)`,
        ),
      );
    }
    await expectAgreement();
    await env.db.execute(
      sql`delete from grants where id in (select id from grants order by id desc limit 3)`,
    );
    await env.db.execute(sql`update competitions set level = 'provincial', deleted_at = null`);
    await env.db.execute(sql`truncate upgrades`);
    await expectAgreement();
    expect(await provinceValue('upgrades_people')).toBe(0);
  });

  it('place records by where their studio and enterprise lie now', async () => {
    const [a] = made;
    const before = await provinceValue('funded_provincial_studios');
    // Grants are placed by their studio while it is live, by their keeper once it is deleted.
    await env.db.execute(sql`update studios set deleted_at = now() where id = ${a.studios}`);
    // An enterprise joins an industry union: its workstations count for that union too.
    await env.db.execute(
      sql`update organizations set alt_path = (select path from organizations where kind = 'industry_union' order by id limit 1)
        where id = ${enterprises[0]}`,
    );
    await expectAgreement();
    expect(await provinceValue('funded_provincial_studios')).toBe(before);
  });

  it('stay exact under concurrent writers to the same rollup rows', async () => {
    const def = registryDef('training-sessions')!;
    const refs = made[1];
    const body = (n: number) => ({
      ...sampleBody(def, n, { enterpriseId: enterprises[0], refs }),
      startDate: '2025-05-20',
      demonstration: true,
      triz: false,
    });
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) => chunan.post('/api/registries/training-sessions', body(20 + i))),
    );
    for (const r of created) expect(r.status, r.text).toBe(201);
    const changed = await Promise.all(
      created.map((r, i) =>
        i % 2
          ? chunan.patch(`/api/registries/training-sessions/${r.body.id}`, {
              version: r.body.version,
              startDate: '2025-05-21',
            })
          : chunan.delete(`/api/registries/training-sessions/${r.body.id}?version=${r.body.version}`),
      ),
    );
    for (const r of changed) expect(r.status, r.text).toBe(200);
    await expectAgreement();
  });

  it('date a record entered early on a Zhejiang day on that day, whatever the server’s time zone', async () => {
    const id = made.find((m) => m.workstations)!.workstations;
    const table = rollupTable(ROLLUPS.find((s) => s.source === 'workstations')!);
    const onDay = async (day: string) =>
      (
        await env.db.execute<{ n: number }>(
          sql.raw(`select coalesce(sum(n), 0)::int as n from ${table} where grain = 'd' and day = '${day}'`),
        )
      ).rows[0].n;
    const before = await onDay('2025-07-01');
    // 07:30 on 1 July in Zhejiang is 23:30 on 30 June in UTC, the time zone PGlite's session has.
    await env.db.execute(
      sql`update workstations set created_at = '2025-06-30T23:30:00Z', year = 2025 where id = ${id}`,
    );
    expect(await onDay('2025-07-01')).toBe(before + 1);
    const { rows } = await env.db.execute<{ d: string }>(sql`select current_setting('TimeZone') as tz`);
    expect(rows[0]).toMatchObject({ tz: 'Asia/Shanghai' });
    await expectAgreement();
  });

  it('a rollup that drifts from its records is found by the recount and mended by a rebuild', async () => {
    await env.db.execute(
      sql`update rollup_training_sessions set n = n + 1, person_times = person_times + 5
        where ctid = (select ctid from rollup_training_sessions where grain = 'm' and day >= '2025-01-01' limit 1)`,
    );
    expect(await checkRollups(env.db)).toEqual({ rollup_training_sessions: 2 });
    await rebuildRollups(env.db);
    await expectAgreement();
  });
});
