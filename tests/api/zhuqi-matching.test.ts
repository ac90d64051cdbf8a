// 派单 with the engine, over the 助企行 rows: the explained candidate list of one demand and
// the batch proposal for the operator's scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCraftsman, makeDemand, makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { closeMatching } from '../../src/server/features/zhuqi/zhuqi.matching.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let chunan: Client;
let xihu: Client;
let demandId: number;
let ids: Record<string, number>;

beforeAll(async () => {
  env = await createTestEnv();
  const client = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  const employer = await makeEnterprise(env.db, { countyCode: '330127', seq: 2 });
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'xh.admin', '330106', ['county_admin']);
  chunan = await signedIn(env, 'ca.admin');
  xihu = await signedIn(env, 'xh.admin');
  const mould = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '注塑模具专家',
    employerId: employer.id,
    specialtyTags: ['注塑', '模具设计'],
    specialties: '注塑件飞边、缩痕、模具温控与工艺参数优化',
  });
  const welder = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '焊接技师',
    employerId: employer.id,
    specialtyTags: ['焊接', '焊接机器人'],
    specialties: '焊缝气孔、焊接机器人编程',
  });
  const insider = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '本企业职工',
    employerId: client.id,
    specialtyTags: ['注塑'],
    specialties: '注塑工艺',
  });
  ids = { mould: mould.id, welder: welder.id, insider: insider.id };
  const d = await makeDemand(env.db, {
    enterpriseId: client.id,
    title: '注塑件飞边严重',
    description: '新模具试产时注塑件飞边多，合模后仍有毛边，希望优化工艺参数',
    category: '工艺设计质量',
    state: 'published',
  });
  demandId = d.id;
  await makeDemand(env.db, {
    enterpriseId: client.id,
    title: '焊缝气孔多',
    description: '焊接机器人焊缝出现气孔，返修率高',
    category: '工艺设计质量',
    state: 'published',
  });
});
afterAll(async () => {
  await closeMatching();
  await env.close();
});

describe('派单 with the engine', () => {
  it('ranks the county’s craftsmen for a demand, explains every score and names the conflict of interest', async () => {
    const res = await chunan.get(`/api/zhuqi/demands/${demandId}/candidates`);
    expect(res.status, res.text).toBe(200);
    const results = res.body.results as any[];
    expect(results[0].candidateId).toBe(`craftsman:${ids.mould}`);
    expect(results.findIndex((r) => r.candidateId === `craftsman:${ids.welder}`)).toBeGreaterThan(0);
    for (const r of results) {
      const sum = r.components.reduce((s: number, c: any) => s + c.contribution, 0);
      expect(sum).toBeCloseTo(r.score, 9);
      for (const c of r.components) expect(c.reason.length).toBeGreaterThan(0);
    }
    // The enterprise's own employee is excluded, with the reason.
    expect(results.some((r) => r.candidateId === `craftsman:${ids.insider}`)).toBe(false);
    const ex = (res.body.excluded as any[]).find((e) => e.candidateId === `craftsman:${ids.insider}`);
    expect(ex.reasons.map((r: any) => r.key)).toContain('conflict');
    // Another county does not see the demand.
    expect((await xihu.get(`/api/zhuqi/demands/${demandId}/candidates`)).status).toBe(404);
  });

  it('proposes an optimal batch for the county’s published demands without exceeding capacities', async () => {
    const res = await chunan.post('/api/zhuqi/dispatch/proposal');
    expect(res.status, res.text).toBe(200);
    expect(res.body.demands).toBe(2);
    expect(res.body.capacityViolations).toBe(0);
    expect(res.body.totalScore).toBeGreaterThanOrEqual(res.body.greedyTotal - 1e-9);
    const byDemand = new Map((res.body.assignments as any[]).map((a) => [a.demandId, a.candidate]));
    expect(byDemand.get(demandId)).toEqual({ type: 'craftsman', id: ids.mould });
    // The proposal can be sent as it is: the operator dispatches the first proposal.
    const d = (await chunan.get(`/api/zhuqi/demands/${demandId}`)).body;
    const sent = await chunan.post(`/api/zhuqi/demands/${demandId}/dispatch`, {
      version: d.version,
      candidates: [byDemand.get(demandId)],
    });
    expect(sent.status, sent.text).toBe(200);
  });
});
