// Manual dispatch enforces capacity, unavailability and conflicts of interest (capacity alone
// may be overridden with a reason, recorded in the event); the batch proposal explains its
// pairs and is sent row by row through the workflow, stale rows reported and not sent.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craftsmen, demandEvents } from '../../src/server/db/schema/zhuqi.ts';
import {
  makeCraftsman,
  makeDemand,
  makeEnterprise,
  makeServiceTeam,
} from '../../src/server/features/demo/factories.ts';
import { todayInChina } from '../../src/server/lib/clock.ts';
import { closeMatching } from '../../src/server/features/zhuqi/zhuqi.matching.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let county: Client;
let xihu: Client;
let ent: Client;
let client: { id: number };
let employer: { id: number };
const ids: Record<string, number> = {};

async function demand(title: string, description: string) {
  const d = await makeDemand(env.db, {
    enterpriseId: client.id,
    title,
    description,
    category: '工艺设计质量',
    state: 'published',
  });
  return d.id;
}

const fresh = async (id: number) => (await county.get(`/api/zhuqi/demands/${id}`)).body;

beforeAll(async () => {
  env = await createTestEnv();
  client = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  employer = await makeEnterprise(env.db, { countyCode: '330127', seq: 2 });
  const clientUscc = (client as any).uscc as string;
  await addUser(env, 'zd.county', '330127', ['county_admin']);
  await addUser(env, 'zd.xihu', '330106', ['county_admin']);
  await addUser(env, 'zd.ent', clientUscc, ['enterprise_contact']);
  county = await signedIn(env, 'zd.county');
  xihu = await signedIn(env, 'zd.xihu');
  ent = await signedIn(env, 'zd.ent');
  const one = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '满额师傅',
    employerId: employer.id,
    specialtyTags: ['注塑'],
    specialties: '注塑工艺',
    monthlyCapacity: 1,
  });
  const away = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '休假师傅',
    employerId: employer.id,
    specialtyTags: ['注塑'],
    specialties: '注塑工艺',
  });
  const today = todayInChina(env.clock.now());
  await env.db
    .update(craftsmen)
    .set({ unavailable: [{ from: today, to: today, reason: '外出培训' }] })
    .where(eq(craftsmen.id, away.id));
  const insider = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '本企业职工',
    employerId: client.id,
    specialtyTags: ['焊接'],
  });
  const mould = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '注塑模具专家',
    employerId: employer.id,
    specialtyTags: ['注塑', '模具设计'],
    specialties: '注塑件飞边、缩痕、模具温控与工艺参数优化',
    monthlyCapacity: 5,
  });
  const welder = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '焊接技师',
    employerId: employer.id,
    specialtyTags: ['焊接', '焊接机器人'],
    specialties: '焊缝气孔、焊接机器人编程',
    monthlyCapacity: 5,
  });
  const team = await makeServiceTeam(env.db, {
    orgCode: '330127',
    name: '含本企业职工的服务队',
    leaderId: welder.id,
    memberIds: [insider.id],
  });
  Object.assign(ids, {
    one: one.id,
    away: away.id,
    insider: insider.id,
    mould: mould.id,
    welder: welder.id,
    team: team.id,
  });
});
afterAll(async () => {
  await closeMatching();
  await env.close();
});

describe('人工派单的接单能力、不可接单时段与利益冲突', () => {
  it('refuses a craftsman at capacity unless the operator gives a reason, which the event records', async () => {
    const first = await fresh(await demand('注塑件缩痕', '注塑件表面缩痕'));
    const ok = await county.post(`/api/zhuqi/demands/${first.id}/dispatch`, {
      version: first.version,
      candidates: [{ type: 'craftsman', id: ids.one }],
    });
    expect(ok.status, ok.text).toBe(200);

    const second = await fresh(await demand('注塑件变形', '注塑件翘曲变形'));
    const refused = await county.post(`/api/zhuqi/demands/${second.id}/dispatch`, {
      version: second.version,
      candidates: [{ type: 'craftsman', id: ids.one }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('本月已满额（已接 1 单，每月可接 1 单）');
    expect(refused.body.error.message).toContain('超额派单理由');
    expect((await fresh(second.id)).state).toBe('published');
    // A blank reason is no reason.
    const blank = await county.post(`/api/zhuqi/demands/${second.id}/dispatch`, {
      version: second.version,
      candidates: [{ type: 'craftsman', id: ids.one }],
      capacityOverrideReason: '   ',
    });
    expect(blank.status).toBe(400);

    const overridden = await county.post(`/api/zhuqi/demands/${second.id}/dispatch`, {
      version: second.version,
      candidates: [{ type: 'craftsman', id: ids.one }],
      capacityOverrideReason: '企业指定，师傅本人同意加班',
    });
    expect(overridden.status, overridden.text).toBe(200);
    const [ev] = await env.db
      .select()
      .from(demandEvents)
      .where(and(eq(demandEvents.demandId, second.id), eq(demandEvents.action, 'dispatch')));
    expect(ev.detail).toMatchObject({
      capacityOverride: {
        reason: '企业指定，师傅本人同意加班',
        candidates: [expect.stringContaining('满额师傅')],
      },
    });
  });

  it('refuses a craftsman in a period when they cannot serve, even with a reason', async () => {
    const d = await fresh(await demand('模具温控', '模具温度波动大'));
    for (const reason of [undefined, '急需']) {
      const res = await county.post(`/api/zhuqi/demands/${d.id}/dispatch`, {
        version: d.version,
        candidates: [{ type: 'craftsman', id: ids.away }],
        ...(reason ? { capacityOverrideReason: reason } : {}),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('不能接单（外出培训）');
    }
    expect((await fresh(d.id)).state).toBe('published');
  });

  it('never overrides a conflict of interest, for a craftsman or a team with an insider', async () => {
    const d = await fresh(await demand('焊缝裂纹', '焊缝出现裂纹'));
    for (const cand of [
      { type: 'craftsman', id: ids.insider },
      { type: 'team', id: ids.team },
    ]) {
      const res = await county.post(`/api/zhuqi/demands/${d.id}/dispatch`, {
        version: d.version,
        candidates: [{ type: 'craftsman', id: ids.mould }, cand],
        capacityOverrideReason: '确需',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('利益冲突不可越过');
      expect(res.body.error.issues[0].path).toBe('candidates.1');
    }
    expect((await fresh(d.id)).state).toBe('published');
  });
});

describe('批量派单：方案、审核、派出', () => {
  it('proposes explained pairs, sends the reviewed rows through the workflow and reports stale ones', async () => {
    const a = await demand('注塑件飞边严重', '新模具试产时注塑件飞边多，希望优化工艺参数');
    const b = await demand('焊缝气孔多', '焊接机器人焊缝出现气孔，返修率高');
    const c = await demand('焊接变形', '薄板焊接变形');
    // Refusals: other scopes and roles.
    expect((await ent.post('/api/zhuqi/dispatch/proposal')).status).toBe(403);
    const entSend = await ent.post('/api/zhuqi/dispatch/send', {
      rows: [{ demandId: a, version: 1, candidate: { type: 'craftsman', id: ids.mould } }],
    });
    expect(entSend.status).toBe(403);
    expect((await county.post('/api/zhuqi/dispatch/send', { rows: [] })).status).toBe(400);

    const res = await county.post('/api/zhuqi/dispatch/proposal');
    expect(res.status, res.text).toBe(200);
    const rows = res.body.assignments as any[];
    const rowA = rows.find((r) => r.demandId === a);
    expect(rowA.candidate).toEqual({ type: 'craftsman', id: ids.mould });
    for (const r of rows) {
      const sum = r.components.reduce((s: number, x: any) => s + x.contribution, 0);
      expect(sum).toBeCloseTo(r.score, 9);
      expect(r.components.find((x: any) => x.key === 'text').reason.length).toBeGreaterThan(0);
    }
    const rowB = rows.find((r) => r.demandId === b);
    const rowC = rows.find((r) => r.demandId === c);
    expect(rowB && rowC).toBeTruthy();

    // Meanwhile someone else cancels demand c: its row is stale.
    const dc = await fresh(c);
    expect(
      (await county.post(`/api/zhuqi/demands/${c}/cancel`, { version: dc.version, reason: '企业已自行解决' }))
        .status,
    ).toBe(200);

    // The operator changes row b to the welder, and sends a, b and c; a row for another county's view is refused.
    const send = await county.post('/api/zhuqi/dispatch/send', {
      rows: [
        { demandId: a, version: rowA.demandVersion, candidate: rowA.candidate },
        { demandId: b, version: rowB.demandVersion, candidate: { type: 'craftsman', id: ids.welder } },
        { demandId: c, version: rowC.demandVersion, candidate: rowC.candidate },
      ],
    });
    expect(send.status, send.text).toBe(200);
    expect(send.body.sent).toBe(2);
    const status = new Map((send.body.results as any[]).map((r) => [r.demandId, r.status]));
    expect(status.get(a)).toBe('sent');
    expect(status.get(b)).toBe('sent');
    expect(status.get(c)).toBe('stale');
    // One dispatch event each, offered first to the chosen candidate, next-ranked ones queued behind.
    for (const [id, who] of [
      [a, ids.mould],
      [b, ids.welder],
    ]) {
      const evs = await env.db
        .select()
        .from(demandEvents)
        .where(and(eq(demandEvents.demandId, id), eq(demandEvents.action, 'dispatch')));
      expect(evs).toHaveLength(1);
      const list = (await county.get(`/api/zhuqi/demands/${id}/assignments`)).body as any[];
      const offered = list.find((x) => x.state === 'offered');
      expect(offered.candidateId).toBe(who);
      expect(list.length).toBeGreaterThan(1);
      expect(offered.position).toBe(1);
    }
    // Sending the same rows again: both are stale now (the versions moved on).
    const again = await county.post('/api/zhuqi/dispatch/send', {
      rows: [{ demandId: a, version: rowA.demandVersion, candidate: rowA.candidate }],
    });
    expect(again.body.results[0].status).toBe('stale');
    // Another county cannot send this county's demands.
    const foreign = await xihu.post('/api/zhuqi/dispatch/send', {
      rows: [{ demandId: b, version: 1, candidate: { type: 'craftsman', id: ids.welder } }],
    });
    expect(foreign.status).toBe(200);
    expect(foreign.body.results[0]).toMatchObject({ status: 'refused', message: '需求不存在或无权访问' });
    // A demand twice in one batch is bad input.
    const twice = await county.post('/api/zhuqi/dispatch/send', {
      rows: [
        { demandId: a, version: 1, candidate: rowA.candidate },
        { demandId: a, version: 1, candidate: rowA.candidate },
      ],
    });
    expect(twice.status).toBe(400);
  });
});
