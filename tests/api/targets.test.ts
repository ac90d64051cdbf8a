// 任务督办: the 2025 plan as seeded from the source document, numbers computed from records at
// every level, decomposition, warnings, reported metrics through approval, drill-down, the
// Word and Excel reports read back, copying a plan to the next year.
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCraftsman, makeEnterprise, makeServiceTeam } from '../../src/server/features/demo/factories.ts';
import { CORPUS } from '../../src/server/features/sharing/sharing.corpus.ts';
import { makeAchievement, makeOffer } from '../../src/server/features/sharing/sharing.factories.ts';
import { PLAN_2025_TASKS } from '../../src/shared/targets/plan-2025.ts';
import { offerIntentions } from '../../src/server/db/schema/sharing.ts';
import { ensurePlans } from '../../src/server/features/targets/plans.seed.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let province: Client;
let hangzhou: Client;
let chunan: Client;
let xihu: Client;
let chunanEnterprise: number;
const END = '2025-12-31';

type Metric = {
  key: string;
  actual: number | null;
  target: number | null;
  source: string;
  progress: any;
  pending: number | null;
  [k: string]: any;
};

async function metric(client: Client, key: string, org: string, asOf = END, year = 2025): Promise<Metric> {
  const res = await client.get(`/api/plans/${year}/targets?org=${org}&asOf=${asOf}`);
  expect(res.status, res.text).toBe(200);
  const m = (res.body.tasks as any[]).flatMap((t) => t.metrics).find((x: any) => x.key === key);
  expect(m, key).toBeDefined();
  return m;
}

async function download(client: Client, path: string) {
  const res = await env.app.request(path, { headers: { cookie: client.cookie ?? '' } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

beforeAll(async () => {
  env = await createTestEnv();
  chunanEnterprise = (await makeEnterprise(env.db, { countyCode: '330127', seq: 1 })).id;
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'hz.admin', '330100', ['city_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'xh.admin', '330106', ['county_admin']);
  province = await signedIn(env, 'p.admin');
  hangzhou = await signedIn(env, 'hz.admin');
  chunan = await signedIn(env, 'ca.admin');
  xihu = await signedIn(env, 'xh.admin');
});
afterAll(() => env.close());

describe('the 2025 plan', () => {
  it('has the 21 tasks of the 任务清单 and the body’s targets, with the source’s numbers and owners', async () => {
    const res = await province.get('/api/plans/2025');
    expect(res.status).toBe(200);
    const tasks = res.body.tasks as any[];
    const numbered = tasks.filter((t) => /^\d+$/.test(t.no)).map((t) => Number(t.no));
    expect(numbered).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(tasks.length).toBe(PLAN_2025_TASKS.length);
    const t21 = tasks.find((t) => t.no === '21');
    expect(t21.metrics.map((m: any) => m.target)).toEqual([100, 1_600_000, 90_000]);
    expect(t21.owners).toBe(
      '省总工会劳动和经济工作部、宣传部，市、县（市、区）总工会，省级产业工会，浙江工匠学院',
    );
    const t13 = tasks.find((t) => t.no === '13');
    expect(t13.owners).toBe('省总工会劳动和经济工作部、职工技术协作与网络中心');
    expect(t13.metrics.slice(0, 2).map((m: any) => m.target)).toEqual([1000, 10_000]);
    const targets = Object.fromEntries(tasks.flatMap((t) => t.metrics).map((m: any) => [m.key, m.target]));
    expect(targets).toMatchObject({
      innovation_activity_coverage: 0.6,
      innovation_projects_growth: 0.1,
      lecture_sessions: 10_000,
      exchange_activity_coverage: 1,
      provincial_workstations: 30,
      wage_negotiation_reform_coverage: 1,
      wage_negotiation_unionised_coverage: 0.6,
      provincial_studios_new: 70,
      funded_provincial_studios: 30,
      second_batch_alliances: 50,
      funded_alliance_projects: 10,
      special_actions: 1000,
      special_action_craftsmen: 5000,
      candidates_selected: 50,
      cohorts_held: 2,
      cohort_participants: 100,
      provincial_academy_sites: 15,
      academies_total: 100,
      county_academy_coverage: 0.7,
      zj_academy_demonstration_training: 1500,
      academy_training_total: 200_000,
      upgrades_people: 30_000,
      mountain_island_sessions: 30,
      mountain_island_trained: 3000,
      assist_provincial_funds: 4_500_000,
    });
    // Every task's wording is the source's, word for word.
    const source = (await import('node:fs')).readFileSync(
      new URL('../../docs/sources/seed-2025-work-plan.zh.txt', import.meta.url),
      'utf8',
    );
    for (const t of tasks.filter((x) => /^\d+$/.test(x.no))) {
      expect(source.replace(/\s+/g, ''), `task ${t.no}`).toContain(
        t.title.replace(/\s+/g, '').replace(/。$/, ''),
      );
    }
  });

  it('answers the API for other systems in the documented shape', async () => {
    const res = await province.get('/api/plans/2025/targets?org=330000&asOf=2025-06-30');
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2025-06-30');
    const m = res.body.tasks[0].metrics[0];
    for (const k of ['key', 'label', 'unit', 'kind', 'comparator', 'target', 'actual', 'source'])
      expect(m).toHaveProperty(k);
    expect(res.body.tasks[0]).toMatchObject({
      no: '1',
      owners: expect.any(String),
      title: expect.any(String),
    });
    const doc = await province.get('/api/openapi.json');
    expect(doc.body.paths['/api/plans/{year}/targets']).toBeDefined();
  });

  it('refuses an as-of date outside the plan’s year and an unknown year with clear messages', async () => {
    const bad = await province.get('/api/plans/2025/targets?asOf=2026-01-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('2025');
    const none = await province.get('/api/plans/2031/targets');
    expect(none.status).toBe(404);
  });
});

describe('numbers from records, at every level', () => {
  it('a provincial studio in 淳安 counts for 淳安, 杭州 and the province, not for 西湖', async () => {
    const before = await metric(province, 'provincial_studios_new', '330000');
    const created = await chunan.post('/api/registries/studios', {
      name: '千岛湖精密制造劳模创新工作室',
      level: 'provincial',
      year: 2025,
      leaderName: '王建国',
      enterpriseId: chunanEnterprise,
      status: 'active',
    });
    expect(created.status, created.text).toBe(201);
    expect((await metric(province, 'provincial_studios_new', '330000')).actual).toBe(
      (before.actual ?? 0) + 1,
    );
    expect((await metric(province, 'provincial_studios_new', '330100')).actual).toBe(1);
    expect((await metric(province, 'provincial_studios_new', '330127')).actual).toBe(1);
    expect((await metric(province, 'provincial_studios_new', '330106')).actual).toBe(0);
    // A city-level studio does not count for the provincial target.
    await chunan.post('/api/registries/studios', {
      name: '淳安县级工作室',
      level: 'county',
      year: 2025,
      leaderName: '李四',
      status: 'active',
    });
    expect((await metric(province, 'provincial_studios_new', '330127')).actual).toBe(1);
  });

  it('sums training person-times by date up to the as-of date, with a monthly series', async () => {
    const academy = await chunan.post('/api/registries/academies', {
      name: '淳安县工匠学院',
      kind: 'academy',
      level: 'county',
      yearEstablished: 2024,
    });
    expect(academy.status, academy.text).toBe(201);
    for (const [date, n] of [
      ['2025-03-10', 120],
      ['2025-09-20', 80],
      ['2024-05-01', 999],
    ] as const) {
      const r = await chunan.post('/api/registries/training-sessions', {
        academyId: academy.body.id,
        course: `TRIZ 创新思维方法 ${date}`,
        triz: true,
        startDate: date,
        personTimes: n,
      });
      expect(r.status, r.text).toBe(201);
    }
    const mid = await metric(province, 'academy_training_total', '330127', '2025-06-30');
    expect(mid.actual).toBe(120);
    expect(mid.monthly?.[2]).toBe(120);
    expect(mid.lastYearMonthly?.[4]).toBe(999);
    const end = await metric(province, 'academy_training_total', '330127');
    expect(end.actual).toBe(200);
    expect((await metric(province, 'triz_sessions', '330100')).actual).toBe(2);
    // Coverage of counties: 淳安 has an academy.
    const cov = await metric(province, 'county_academy_coverage', '330000');
    expect(cov.numerator).toBe(1);
    expect(cov.denominator).toBe(90);
    expect(cov.actual).toBeCloseTo(1 / 90);
    const hz = await metric(province, 'county_academy_coverage', '330100');
    expect(hz.denominator).toBe(13);
    expect((await metric(province, 'county_academy_coverage', '330127')).actual).toBe(1);
    expect((await metric(province, 'academies_total', '330000')).actual).toBe(1);
  });

  it('counts coverage over enterprises by the enterprise the record names', async () => {
    const pilot = await makeEnterprise(env.db, {
      countyCode: '330127',
      seq: 2,
      flags: { reformPilot: true, hasUnion: true, aboveScaleIndustry: true },
    });
    const before = await metric(province, 'wage_negotiation_reform_coverage', '330127');
    expect(before.denominator).toBeGreaterThanOrEqual(1);
    const r = await chunan.post('/api/registries/wage-negotiations', {
      enterpriseId: pilot.id,
      year: 2025,
      signedOn: '2025-04-01',
      contractKind: 'enterprise',
    });
    expect(r.status, r.text).toBe(201);
    const after = await metric(province, 'wage_negotiation_reform_coverage', '330127');
    expect(after.numerator).toBe((before.numerator ?? 0) + 1);
  });

  it('counts each city’s coordination mechanism as a milestone of 11', async () => {
    const r = await hangzhou.post('/api/registries/mechanisms', {
      kind: 'coordination',
      establishedOn: '2025-05-01',
      documentTitle: '杭州市职工创新工作协同机制',
    });
    expect(r.status, r.text).toBe(201);
    const p = await metric(province, 'coordination_mechanism_cities', '330000');
    expect(p.actual).toBe(1);
    expect(p.target).toBe(11);
    const hz = await metric(province, 'coordination_mechanism_cities', '330100');
    expect(hz.actual).toBe(1);
    expect(hz.progress.pace).toBe('achieved');
    // Before it was established, it did not count.
    expect((await metric(province, 'coordination_mechanism_cities', '330000', '2025-04-30')).actual).toBe(0);
  });
});

describe('targets 2–6 from the sharing platform', () => {
  it('projects, their growth, lectures, listings and exchange activities move the numbers', async () => {
    const cov0 = await metric(province, 'innovation_activity_coverage', '330127');
    const ent = await makeEnterprise(env.db, {
      countyCode: '330127',
      seq: 7,
      flags: { hasUnion: true, aboveScaleIndustry: true },
    });
    // Last year: 2 projects; this year: 3 submitted or further, plus a draft that does not count.
    for (const [i, year, state] of [
      [0, 2024, 'published'],
      [1, 2024, 'published'],
      [2, 2025, 'published'],
      [3, 2025, 'submitted'],
      [4, 2025, 'approved'],
      [5, 2025, 'draft'],
    ] as const) {
      await makeAchievement(env.db, {
        enterpriseId: ent.id,
        item: CORPUS[i],
        year,
        state,
        at: new Date(`${year}-03-0${i + 1}T08:00:00Z`),
      });
    }
    const cov = await metric(province, 'innovation_activity_coverage', '330127');
    expect(cov.numerator).toBe((cov0.numerator ?? 0) + 1);
    expect(cov.denominator).toBe((cov0.denominator ?? 0) + 1);
    const growth = await metric(province, 'innovation_projects_growth', '330127');
    expect(growth.numerator).toBe(3);
    expect(growth.denominator).toBe(2);
    expect(growth.actual).toBeCloseTo(0.5);
    expect(growth.progress.pace).toBe('achieved');

    const lecture = await chunan.post('/api/registries/lectures', {
      topic: '弘扬劳模精神 发展新质生产力',
      heldOn: '2025-05-04',
      speaker: '王建国',
      audience: '一线职工',
      audienceCount: 120,
    });
    expect(lecture.status, lecture.text).toBe(201);
    expect((await metric(province, 'lecture_sessions', '330127')).actual).toBe(1);
    expect((await metric(province, 'lecture_sessions', '330100')).actual).toBe(1);

    const before6 = await metric(province, 'exchange_activity_coverage', '330000');
    expect(before6.denominator).toBe(102);
    const act = await chunan.post('/api/registries/exchange-activities', {
      name: '千岛湖职工创新成果展',
      mode: 'exhibit',
      countyCode: '330127',
      heldOn: '2025-06-18',
      crossRegion: false,
      crossIndustry: true,
      participants: 300,
    });
    expect(act.status, act.text).toBe(201);
    const after6 = await metric(province, 'exchange_activity_coverage', '330000');
    expect(after6.numerator).toBe((before6.numerator ?? 0) + 1);
    expect((await metric(province, 'exchange_activity_coverage', '330127')).actual).toBe(1);

    const offers0 = (await metric(province, 'achievement_listings', '330127')).actual ?? 0;
    const published = await makeAchievement(env.db, {
      enterpriseId: ent.id,
      item: CORPUS[6],
      year: 2025,
      state: 'published',
    });
    const offer = await makeOffer(env.db, {
      achievementId: published.id,
      mode: 'license',
      listedOn: '2025-07-01',
    });
    expect((await metric(province, 'achievement_listings', '330127')).actual).toBe(offers0 + 1);

    // An enterprise's intention counts where the achievement lies, on the day it was sent (China time).
    const intentions0 = (await metric(province, 'achievement_intentions', '330127')).actual ?? 0;
    const buyer = await makeEnterprise(env.db, { countyCode: '330106', seq: 77 });
    await env.db.insert(offerIntentions).values({
      offerId: offer.id,
      orgPath: offer.orgPath,
      orgAltPath: offer.orgAltPath,
      senderOrgId: buyer.id,
      senderPath: buyer.path,
      message: '希望获得许可',
      contactName: '李工',
      createdAt: new Date('2025-12-31T17:00:00Z'), // 2026-01-01 01:00 in China: next year's
    });
    expect((await metric(province, 'achievement_intentions', '330127')).actual).toBe(intentions0);
    await env.db.insert(offerIntentions).values({
      offerId: offer.id,
      orgPath: offer.orgPath,
      orgAltPath: offer.orgAltPath,
      senderOrgId: buyer.id,
      senderPath: buyer.path,
      message: '再次联系',
      contactName: '李工',
      createdAt: new Date('2025-12-31T15:00:00Z'), // 23:00 in China: this year's
    });
    expect((await metric(province, 'achievement_intentions', '330127')).actual).toBe(intentions0 + 1);
    expect((await metric(province, 'achievement_intentions', '330106')).actual ?? 0).toBe(0);
  });
});

describe('an installation seeded before a metric joined the seed', () => {
  it('gets the metric added to its task at start, in the seed’s order, once', async () => {
    await env.db.execute(sql`delete from plan_metrics where key = 'achievement_intentions'`);
    await ensurePlans(env.db);
    await ensurePlans(env.db);
    const rows = await env.db.execute<{ key: string }>(
      sql`select m.key from plan_metrics m join plan_tasks t on t.id = m.task_id join plans p on p.id = m.plan_id
          where p.year = 2025 and t.no = '5' order by m.sort_order, m.id`,
    );
    expect(rows.rows.map((r) => r.key)).toEqual(
      PLAN_2025_TASKS.find((t) => t.no === '5')!.metrics.map((m) => m.key),
    );
  });
});

describe('who sees what', () => {
  it('a county sees its own county’s view by default and not another county’s', async () => {
    const own = await chunan.get('/api/plans/2025/targets?asOf=2025-12-31');
    expect(own.status).toBe(200);
    expect(own.body.org.code).toBe('330127');
    expect((await chunan.get('/api/plans/2025/targets?org=330106')).status).toBe(404);
    expect((await chunan.get('/api/plans/2025/targets?org=330000')).status).toBe(404);
    expect(
      (await chunan.get('/api/plans/2025/metrics/provincial_studios_new/records?org=330106')).status,
    ).toBe(404);
  });
  it('only the province edits the plan; a county cannot assign sub-targets', async () => {
    const plan = (await province.get('/api/plans/2025')).body;
    const m = plan.tasks[8].metrics[0];
    expect(
      (await hangzhou.patch(`/api/plans/2025/metrics/${m.id}`, { version: m.version, target: 71 })).status,
    ).toBe(403);
    expect(
      (
        await chunan.put('/api/plans/2025/metrics/provincial_studios_new/assignments', {
          items: [{ org: '330127', target: 1 }],
        })
      ).status,
    ).toBe(403);
  });
});

describe('decomposition', () => {
  it('shows where the cities’ sub-targets do not add up to the province’s', async () => {
    const items = ['330100', '330200', '330300'].map((org) => ({ org, target: 10 }));
    const put = await province.put('/api/plans/2025/metrics/provincial_studios_new/assignments', { items });
    expect(put.status, put.text).toBe(200);
    const b = await province.get(
      `/api/plans/2025/metrics/provincial_studios_new/breakdown?org=330000&asOf=${END}`,
    );
    expect(b.status).toBe(200);
    expect(b.body.children.length).toBeGreaterThanOrEqual(11);
    expect(b.body.decomposition).toMatchObject({
      assignedSum: 30,
      assignedCount: 3,
      target: 70,
      mismatch: -40,
    });
    const hz = b.body.children.find((c: any) => c.org.code === '330100');
    expect(hz).toMatchObject({ target: 10, targetSource: 'assigned', actual: 1 });
    // A city decomposes to its counties.
    const city = await hangzhou.put('/api/plans/2025/metrics/provincial_studios_new/assignments', {
      items: [{ org: '330127', target: 4 }],
    });
    expect(city.status, city.text).toBe(200);
    const cb = await hangzhou.get(`/api/plans/2025/metrics/provincial_studios_new/breakdown?asOf=${END}`);
    expect(cb.body.decomposition).toMatchObject({ assignedSum: 4, target: 10, mismatch: -6 });
    // Another city's county is refused with a message, and nothing is stored.
    const bad = await hangzhou.put('/api/plans/2025/metrics/provincial_studios_new/assignments', {
      items: [{ org: '330203', target: 4 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].message).toContain('不是');
  });
});

describe('warnings (督办)', () => {
  it('lists what will be missed, for the organisation and those below it', async () => {
    const w = await province.get('/api/plans/2025/warnings?asOf=2025-09-30');
    expect(w.status).toBe(200);
    const keys = new Set((w.body.items as any[]).map((i) => i.metric.key));
    expect(keys.has('provincial_studios_new')).toBe(true);
    expect(w.body.items.every((i: any) => i.metric.progress.willMiss)).toBe(true);
    expect(w.body.items.some((i: any) => i.org.code === '330100')).toBe(true);
    const county = await chunan.get('/api/plans/2025/warnings?asOf=2025-09-30');
    expect(county.body.items.every((i: any) => i.org.code === '330127')).toBe(true);
  });
});

describe('a reported metric goes through approval', () => {
  it('city submits, province returns, city resubmits, province approves; only then it counts', async () => {
    const key = 'assist_budget_cities';
    const save = await hangzhou.put(`/api/plans/2025/metrics/${key}/report`, {
      value: 1,
      asOf: '2025-03-31',
      explanation: '已将助企行经费纳入 2025 年市总工会预算',
    });
    expect(save.status, save.text).toBe(200);
    expect(save.body.status).toBe('draft');
    let r = save.body;
    // A county cannot approve; the city cannot approve its own.
    r = (await hangzhou.post(`/api/metric-reports/${r.id}/submit`, { version: r.version })).body;
    expect(r.status).toBe('submitted');
    expect((await hangzhou.post(`/api/metric-reports/${r.id}/approve`, { version: r.version })).status).toBe(
      403,
    );
    expect((await metric(province, key, '330000')).pending).toBe(1);
    expect((await metric(province, key, '330000')).actual).toBe(0);
    // Locked while submitted.
    const locked = await hangzhou.put(`/api/plans/2025/metrics/${key}/report`, {
      value: 1,
      asOf: '2025-03-31',
      version: r.version,
    });
    expect(locked.status).toBe(409);
    // Returning needs a reason.
    expect((await province.post(`/api/metric-reports/${r.id}/return`, { version: r.version })).status).toBe(
      400,
    );
    r = (
      await province.post(`/api/metric-reports/${r.id}/return`, {
        version: r.version,
        reason: '请附预算文件',
      })
    ).body;
    expect(r.status).toBe('returned');
    expect(r.returnReason).toBe('请附预算文件');
    const again = await hangzhou.put(`/api/plans/2025/metrics/${key}/report`, {
      value: 1,
      asOf: '2025-04-15',
      evidence: '杭工〔2025〕12号 预算文件',
      version: r.version,
    });
    expect(again.status, again.text).toBe(200);
    r = (await hangzhou.post(`/api/metric-reports/${r.id}/submit`, { version: again.body.version })).body;
    // A stale version loses.
    expect(
      (await province.post(`/api/metric-reports/${r.id}/approve`, { version: r.version - 1 })).status,
    ).toBe(409);
    r = (await province.post(`/api/metric-reports/${r.id}/approve`, { version: r.version })).body;
    expect(r.status).toBe('approved');
    expect(r.events.map((e: any) => e.action)).toEqual([
      'save',
      'submit',
      'return',
      'save',
      'submit',
      'approve',
    ]);
    const p = await metric(province, key, '330000');
    expect(p).toMatchObject({ actual: 1, source: 'reported', pending: null });
    // Approved is locked until reopened.
    expect(
      (
        await hangzhou.put(`/api/plans/2025/metrics/${key}/report`, {
          value: 0,
          asOf: '2025-05-01',
          version: r.version,
        })
      ).status,
    ).toBe(409);
    // Another county's report is not visible to 西湖.
    expect((await xihu.get(`/api/metric-reports/${r.id}`)).status).toBe(404);
    // Metrics that records make cannot be reported.
    expect(
      (
        await hangzhou.put('/api/plans/2025/metrics/provincial_studios_new/report', {
          value: 5,
          asOf: '2025-05-01',
        })
      ).status,
    ).toBe(400);
    // The drill-down lists the report.
    const d = await province.get(`/api/plans/2025/metrics/${key}/records?org=330000`);
    expect(d.body.mode).toBe('reports');
    expect(d.body.items[0]).toMatchObject({ value: 1, status: 'approved' });
  });
});

describe('drill-down and files', () => {
  it('lists the records behind a number and exports them to Excel', async () => {
    const d = await province.get(
      `/api/plans/2025/metrics/academy_training_total/records?org=330100&asOf=${END}`,
    );
    expect(d.status).toBe(200);
    expect(d.body.mode).toBe('records');
    expect(d.body.total).toBe(2);
    expect(d.body.items.map((i: any) => i.value).sort()).toEqual([120, 80].sort());
    const cov = await province.get(
      `/api/plans/2025/metrics/county_academy_coverage/records?org=330100&pageSize=50`,
    );
    expect(cov.body.mode).toBe('population');
    expect(cov.body.total).toBe(13);
    expect(cov.body.items.find((i: any) => i.code === '330127').covered).toBe(true);
    const file = await download(
      province,
      `/api/plans/2025/metrics/academy_training_total/records.xlsx?org=330100&asOf=${END}`,
    );
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.bytes as never);
    const ws = wb.getWorksheet('明细')!;
    expect(ws.rowCount).toBe(3);
    expect(String(ws.getRow(2).getCell(2).value)).toContain('TRIZ');
  });

  it('writes the Word progress report in the official layout, and the Excel tables by city', async () => {
    const t0 = performance.now();
    const docx = await download(province, `/api/plans/2025/report.docx?asOf=${END}`);
    expect(docx.status).toBe(200);
    expect(docx.type).toContain('wordprocessingml');
    const files = unzipSync(docx.bytes);
    const xml = strFromU8(files['word/document.xml']);
    expect(xml).toContain('推进情况的报告');
    expect(xml).toContain('一、总体情况');
    expect(xml).toContain('三、滞后事项');
    expect(xml).toContain('本年建设的省级劳模工匠创新工作室');
    expect(xml).toContain('仿宋_GB2312');
    // GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (in twips).
    expect(xml).toMatch(/w:top="2098"/);
    expect(xml).toMatch(/w:left="1588"/);
    expect(Object.keys(files).some((f) => f.startsWith('word/footer'))).toBe(true);
    expect(performance.now() - t0).toBeGreaterThan(0);

    const xlsx = await download(province, `/api/plans/2025/report.xlsx?asOf=${END}`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as never);
    const byCity = wb.getWorksheet('分市')!;
    const header = (byCity.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(header).toContain('杭州市总工会');
    const summary = wb.getWorksheet('总表')!;
    const row = summary
      .getSheetValues()
      .find((r: any) => Array.isArray(r) && r[3] === '本年建设的省级劳模工匠创新工作室') as unknown[];
    expect(row[6]).toBe(70);
    expect(row[7]).toBe(1);
  });
});

describe('next year’s plan', () => {
  it('is made by copying, and its growth compares with the year before', async () => {
    const copy = await province.post('/api/plans/2025/copy', { toYear: 2026 });
    expect(copy.status, copy.text).toBe(201);
    expect(copy.body.basedOnYear).toBe(2025);
    expect(copy.body.tasks.length).toBe(PLAN_2025_TASKS.length);
    expect((await province.post('/api/plans/2025/copy', { toYear: 2026 })).status).toBe(409);
    // Editing a target of the copy leaves 2025 as it was.
    const m = copy.body.tasks.find((t: any) => t.no === '9').metrics[0];
    const edit = await province.patch(`/api/plans/2026/metrics/${m.id}`, { version: m.version, target: 80 });
    expect(edit.status, edit.text).toBe(200);
    expect(
      (await province.patch(`/api/plans/2026/metrics/${m.id}`, { version: m.version, target: 81 })).status,
    ).toBe(409);
    expect((await metric(province, 'provincial_studios_new', '330000', '2026-12-31', 2026)).target).toBe(80);
    expect((await metric(province, 'provincial_studios_new', '330000')).target).toBe(70);
    // The 2025 trainings are last year's for 2026's profile.
    const t = await metric(province, 'academy_training_total', '330127', '2026-06-30', 2026);
    expect(t.lastYearMonthly?.[2]).toBe(120);
  });
});

describe('targets 13–14 and the mountain/island sessions from 劳模工匠助企行', () => {
  it('teams, members, special actions and their mountain/island share move the numbers', async () => {
    const year = Number(new Date().toISOString().slice(0, 4));
    const asOf = `${year}-12-31`;
    const get = (key: string, org: string) => metric(province, key, org, asOf, year);
    // The platform's own records are dated now: this year's plan (copied, if no earlier test did).
    const copied = await province.post('/api/plans/2025/copy', { toYear: year });
    expect([201, 409]).toContain(copied.status);
    const teams0 = (await get('service_teams', '330127')).actual ?? 0;
    const a = await makeCraftsman(env.db, {
      countyCode: '330127',
      name: '王建国',
      honours: [{ id: 'zj-model-worker', year: 2020 }],
    });
    const b = await makeCraftsman(env.db, { countyCode: '330127', name: '李海峰' });
    await makeServiceTeam(env.db, {
      orgCode: '330127',
      name: '千岛湖技术服务队',
      leaderId: a.id,
      memberIds: [a.id, b.id],
    });
    expect((await get('service_teams', '330127')).actual).toBe(teams0 + 1);
    expect((await get('service_teams', '330100')).actual).toBeGreaterThanOrEqual(1);
    expect((await get('service_team_members', '330127')).actual).toBeGreaterThanOrEqual(2);
    expect((await get('model_workers_on_platform', '330127')).actual).toBeGreaterThanOrEqual(1);

    const chunanId = ((await province.get('/api/orgs/tree')).body as any[]).find(
      (n) => n.code === '330127',
    ).id;
    const action = await chunan.post('/api/zhuqi/service-actions', {
      title: '淳安县山区专场服务',
      heldOn: `${year}-04-20`,
      countyId: chunanId,
      workersTrained: 60,
      participantIds: [a.id, b.id],
    });
    expect(action.status, action.text).toBe(201);
    expect((await get('special_actions', '330127')).actual).toBe(1);
    expect((await get('special_action_craftsmen', '330127')).actual).toBe(2);
    expect((await get('special_actions', '330000')).actual).toBe(1);
    // 淳安 is on the mountain and island list; its special session counts on its own.
    expect(action.body.mountainIsland).toBe(true);
    expect((await get('mountain_island_sessions', '330127')).actual).toBe(1);
    expect((await get('mountain_island_trained', '330100')).actual).toBe(60);
    expect((await get('special_actions', '330106')).actual).toBe(0);
  });
});
