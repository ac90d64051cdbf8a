// 成效评估 through HTTP: every team's score explained (components sum to the score), the
// province's weights change the order as expected (compare-and-set, audited), scope (province
// all, a city its teams, a county its own), refusals for craftsmen and enterprises, Excel export.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/server/db/schema/system.ts';
import { serviceActionParticipants, serviceActions } from '../../src/server/db/schema/zhuqi.ts';
import {
  makeCraftsman,
  makeDemand,
  makeEnterprise,
  makeServiceTeam,
} from '../../src/server/features/demo/factories.ts';
import { ensureYearWeights } from '../../src/server/features/evaluation/evaluation.service.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let province: Client;
let hangzhou: Client;
let chunan: Client;
let ningbo: Client;
let ent: Client;
let craftsman: Client;
const team: Record<string, number> = {};
const YEAR = 2025;
const at = new Date('2025-06-15T04:00:00Z');

beforeAll(async () => {
  env = await createTestEnv();
  const client = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  const nbClient = await makeEnterprise(env.db, { countyCode: '330212', seq: 1 });
  await addUser(env, 'ev.province', '330000', ['province_admin']);
  await addUser(env, 'ev.hangzhou', '330100', ['city_admin']);
  await addUser(env, 'ev.chunan', '330127', ['county_admin']);
  await addUser(env, 'ev.ningbo', '330200', ['city_admin']);
  await addUser(env, 'ev.ent', (client as any).uscc, ['enterprise_contact']);
  const cu = await addUser(env, 'ev.cm', (client as any).uscc, ['craftsman']);
  province = await signedIn(env, 'ev.province');
  hangzhou = await signedIn(env, 'ev.hangzhou');
  chunan = await signedIn(env, 'ev.chunan');
  ningbo = await signedIn(env, 'ev.ningbo');
  ent = await signedIn(env, 'ev.ent');
  craftsman = await signedIn(env, 'ev.cm');
  const person = async (county: string, name: string, userId?: number) =>
    makeCraftsman(env.db, { countyCode: county, name, userId });
  const a = await person('330127', '甲队长', cu.id);
  const b = await person('330127', '乙队长');
  const c = await person('330212', '丙队长');
  team.solver = (await makeServiceTeam(env.db, { orgCode: '330127', name: '解题队', leaderId: a.id })).id;
  team.trainer = (await makeServiceTeam(env.db, { orgCode: '330127', name: '培训队', leaderId: b.id })).id;
  team.ningbo = (await makeServiceTeam(env.db, { orgCode: '330212', name: '鄞州队', leaderId: c.id })).id;
  const closed = (enterpriseId: number, teamId: number, title: string, when = at) =>
    makeDemand(env.db, {
      enterpriseId,
      title,
      description: title,
      category: '设备改造',
      state: 'closed',
      server: { teamId },
      at: when,
    });
  for (let i = 0; i < 4; i++) await closed(client.id, team.solver, `解题 ${i}`);
  await closed(client.id, team.trainer, '培训一次');
  await closed(nbClient.id, team.ningbo, '鄞州一次');
  await closed(nbClient.id, team.ningbo, '鄞州上一年', new Date('2024-06-01T04:00:00Z'));
  // A 专项行动 the trainer team's leader took part in: 600 workers trained.
  const chunanOrg = (await province.get('/api/orgs/tree')).body.find((n: any) => n.code === '330127');
  const [action] = await env.db
    .insert(serviceActions)
    .values({
      orgId: chunanOrg.id,
      orgPath: `${chunanOrg.path}`,
      title: '技能培训专项行动',
      heldOn: '2025-05-01',
      countyId: chunanOrg.id,
      workersTrained: 600,
    })
    .returning();
  await env.db.insert(serviceActionParticipants).values({ actionId: action.id, craftsmanId: b.id });
});
afterAll(async () => {
  await env.close();
});

const sum = (t: any) => t.components.reduce((s: number, c: any) => s + c.contribution, 0);

describe('成效评估', () => {
  let weights: any;

  it('scores every team from its records and explains each score (components sum to it)', async () => {
    const res = await province.get(`/api/evaluation/teams?year=${YEAR}`);
    expect(res.status, res.text).toBe(200);
    const teams = res.body.teams as any[];
    expect(teams.map((t) => t.teamId).sort()).toEqual(Object.values(team).sort());
    for (const t of teams) {
      expect(sum(t)).toBeCloseTo(t.score, 9);
      expect(t.components).toHaveLength(6);
      for (const c of t.components) {
        expect(c.normalisation.length).toBeGreaterThan(0);
        expect(c.contribution).toBeCloseTo((c.weight * c.value * 100) / 100, 9);
      }
    }
    const solver = teams.find((t) => t.teamId === team.solver);
    const raw = Object.fromEntries(solver.components.map((c: any) => [c.key, c.raw]));
    expect(raw.solved).toBe(4);
    expect(raw.rating).toBe(5);
    expect(raw.benefit).toBe(320000);
    expect(raw.trained).toBe(60);
    const trainer = teams.find((t) => t.teamId === team.trainer);
    expect(trainer.components.find((c: any) => c.key === 'trained').raw).toBe(615);
    // The year counts: 鄞州队's 2024 demand is not in 2025.
    const nb = teams.find((t) => t.teamId === team.ningbo);
    expect(nb.components.find((c: any) => c.key === 'solved').raw).toBe(1);
    expect(solver.components.find((c: any) => c.key === 'solved').normalisation).toContain('最小-最大归一');
    // Ranked by score with the default weights: the team that solved most leads.
    expect(teams[0].teamId).toBe(team.solver);
    expect(teams.map((t) => t.rank)).toEqual([1, 2, 3]);
    expect(teams[0].score).toBeGreaterThan(teams[1].score);
  });

  it('the weights are data rows: 2025 seeded with the plan, other years inherit the nearest until seeded', async () => {
    weights = (await province.get(`/api/evaluation/weights?year=${YEAR}`)).body;
    expect(weights).toMatchObject({
      version: 1,
      inheritedFrom: null,
      weights: { solved: 25, rating: 20, response: 15, benefit: 15, mountainIsland: 15, trained: 10 },
    });
    expect(weights.note).toContain('初始权重');
    expect(weights.explanation).toContain('2025 年评估权重第 1 版');
    const ranking = (await province.get(`/api/evaluation/teams?year=${YEAR}`)).body;
    expect(ranking).toMatchObject({ weightsVersion: 1, weightsInheritedFrom: null });
    expect(ranking.weightsExplanation).toBe(weights.explanation);
    // 2026 has no row yet: it reads 2025's, version 0; 2024 reads the nearest later year.
    const next = (await province.get('/api/evaluation/weights?year=2026')).body;
    expect(next).toMatchObject({ version: 0, inheritedFrom: 2025, weights: weights.weights });
    expect(next.explanation).toContain('2026 年尚未设置评估权重，沿用 2025 年第 1 版');
    expect((await province.get('/api/evaluation/weights?year=2024')).body.inheritedFrom).toBe(2025);
    // Seeding a year (done at start for the current year) copies the nearest row as version 1, once.
    expect(await ensureYearWeights(env.db, 2026, env.clock.now())).toBe(true);
    expect(await ensureYearWeights(env.db, 2026, env.clock.now())).toBe(false);
    const seeded = (await province.get('/api/evaluation/weights?year=2026')).body;
    expect(seeded).toMatchObject({ version: 1, inheritedFrom: null, note: '按 2025 年第 1 版权重生成' });
    const versions = (await province.get('/api/evaluation/weights/versions?year=2026')).body.items;
    expect(versions).toHaveLength(1);
  });

  it('the province edits the weights of a year (compare-and-set, versioned, audited); the order changes as expected', async () => {
    const trainingFirst = { solved: 5, rating: 0, response: 0, benefit: 0, mountainIsland: 0, trained: 95 };
    const saved = await province.put('/api/evaluation/weights', {
      year: YEAR,
      version: 1,
      weights: trainingFirst,
      note: '今年突出职工培训',
    });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({
      version: 2,
      inheritedFrom: null,
      weights: trainingFirst,
      note: '今年突出职工培训',
    });
    // A second save from the same stale read loses; saving the same weights again changes nothing.
    const stale = await province.put('/api/evaluation/weights', {
      year: YEAR,
      version: 1,
      weights: trainingFirst,
    });
    expect(stale.status).toBe(409);
    const same = await province.put('/api/evaluation/weights', {
      year: YEAR,
      version: 2,
      weights: trainingFirst,
    });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toBe('权重没有变化，无需保存');
    const teams = (await province.get(`/api/evaluation/teams?year=${YEAR}`)).body;
    expect(teams.weightsVersion).toBe(2);
    expect(teams.weightsExplanation).toContain('培训职工 95');
    expect(teams.weightsExplanation).toContain('今年突出职工培训');
    expect(teams.teams[0].teamId).toBe(team.trainer);
    expect(teams.teams[0].score).toBeGreaterThan(teams.teams[1].score);
    for (const t of teams.teams) {
      expect(sum(t)).toBeCloseTo(t.score, 9);
      expect(t.components.find((c: any) => c.key === 'trained').weight).toBe(95);
    }
    // Every version is kept, newest first, with who set it.
    const versions = (await province.get(`/api/evaluation/weights/versions?year=${YEAR}`)).body.items;
    expect(versions.map((v: any) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ weights: trainingFirst, note: '今年突出职工培训' });
    expect(versions[0].changedBy).toBeTruthy();
    expect(versions[1].weights.solved).toBe(25);
    // Another year keeps its own.
    expect((await province.get('/api/evaluation/weights?year=2026')).body.weights.solved).toBe(25);
    const audits = await env.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.event, 'evaluation.weights.update'));
    expect(audits).toHaveLength(1);
    // Bad input: nothing stored.
    for (const bad of [
      { year: YEAR, version: 1, weights: { ...trainingFirst, solved: -1 } },
      { year: YEAR, version: 1, weights: { ...trainingFirst, extra: 1 } },
      {
        year: YEAR,
        version: 1,
        weights: { solved: 0, rating: 0, response: 0, benefit: 0, mountainIsland: 0, trained: 0 },
      },
      { year: 99999999999, version: 1, weights: trainingFirst },
      { year: YEAR, version: 2 ** 40, weights: trainingFirst },
      { year: YEAR, version: 2, weights: trainingFirst, note: '长'.repeat(201) },
    ]) {
      const res = await province.put('/api/evaluation/weights', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect((await province.get(`/api/evaluation/weights?year=${YEAR}`)).body.version).toBe(2);
  });

  it('shows managers their scope only, and no one else', async () => {
    const ids = async (c: Client) =>
      ((await c.get(`/api/evaluation/teams?year=${YEAR}`)).body.teams as any[]).map((t) => t.teamId).sort();
    expect(await ids(hangzhou)).toEqual([team.solver, team.trainer].sort());
    expect(await ids(chunan)).toEqual([team.solver, team.trainer].sort());
    expect(await ids(ningbo)).toEqual([team.ningbo]);
    // Scores are normalised province-wide: the county sees the same score as the province.
    const p = (await province.get(`/api/evaluation/teams?year=${YEAR}`)).body.teams.find(
      (t: any) => t.teamId === team.solver,
    );
    const cty = (await chunan.get(`/api/evaluation/teams?year=${YEAR}`)).body.teams.find(
      (t: any) => t.teamId === team.solver,
    );
    expect(cty.score).toBe(p.score);
    for (const c of [ent, craftsman]) {
      expect((await c.get(`/api/evaluation/teams?year=${YEAR}`)).status).toBe(403);
      expect((await c.get(`/api/evaluation/teams/export?year=${YEAR}`)).status).toBe(403);
      expect((await c.get(`/api/evaluation/weights?year=${YEAR}`)).status).toBe(403);
    }
    // Only the province edits weights.
    const byCity = await hangzhou.put('/api/evaluation/weights', {
      year: YEAR,
      version: 1,
      weights: { solved: 1, rating: 1, response: 1, benefit: 1, mountainIsland: 1, trained: 1 },
    });
    expect(byCity.status).toBe(403);
    expect((await province.get('/api/evaluation/teams?year=abc')).status).toBe(400);
    expect((await province.get('/api/evaluation/teams?year=1999')).status).toBe(400);
    // Not public.
    const anon = await env.app.request(`/api/evaluation/teams?year=${YEAR}`);
    expect(anon.status).toBe(401);
  });

  it('exports the table to Excel', async () => {
    const res = await env.app.request(`/api/evaluation/teams/export?year=${YEAR}`, {
      headers: { cookie: chunan.cookie! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('排名');
    expect(ws.getRow(1).getCell(4).value).toBe('得分');
    const names = [ws.getRow(2).getCell(2).value, ws.getRow(3).getCell(2).value];
    expect(names).toEqual(['培训队', '解题队']);
    expect(ws.getRow(4).getCell(1).value ?? null).toBeNull();
  });
});
