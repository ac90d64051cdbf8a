// 揭榜挂帅 through HTTP on a real database: 共性难题 clusters of similar open demands, a
// challenge made from one, applications by a service team and a studio (late, duplicate and
// unbalanced ones refused), the panel (only members score, each sees only their own scores
// until the panel closes), the award (wrong scope 404, a lower-ranked choice needs a reason,
// concurrent awards → one wins), milestones that must add up to the fund, and each accepted
// milestone paid as a tranche in the grants ledger.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDIO_STATUSES } from '../../src/shared/registries/carriers.ts';
import { todayInChina } from '../../src/server/lib/clock.ts';
import { auditLog } from '../../src/server/db/schema/system.ts';
import { grants, studios } from '../../src/server/db/schema/registries.ts';
import { demands } from '../../src/server/db/schema/zhuqi.ts';
import {
  makeCraftsman,
  makeDemand,
  makeEnterprise,
  makeServiceTeam,
  orgByCodeOrThrow,
} from '../../src/server/features/demo/factories.ts';
import { tick } from '../../src/server/features/zhuqi/zhuqi.ticker.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

const DAY = 86_400_000;
let env: TestEnv;
let county: Client; // 淳安县总
let city: Client; // 杭州市总
let xihu: Client; // 西湖区总: another scope
let r1: Client;
let r2: Client;
let r3: Client; // a reviewer not on the panel
let cmA: Client; // leads 服务队 A
let cmB: Client; // leads 服务队 B
let cmC: Client; // works at the studio's enterprise
const ids: Record<string, number> = {};
const similarDemands: number[] = [];

const day = (n: number) => todayInChina(new Date(env.clock.now().getTime() + n * DAY));

async function ok(res: Promise<{ status: number; body: any; text: string }>, status = 200) {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
}

const milestones = (amounts: number[]) =>
  amounts.map((a, i) => ({ title: `里程碑${i + 1}`, amountYuan: a, dueOn: day(30 * (i + 1)) }));

beforeAll(async () => {
  env = await createTestEnv();
  const ents = [];
  for (let i = 1; i <= 3; i++) ents.push(await makeEnterprise(env.db, { countyCode: '330127', seq: i }));
  await makeEnterprise(env.db, { countyCode: '330106', seq: 1 });
  await addUser(env, 'ch.county', '330127', ['county_admin']);
  await addUser(env, 'ch.city', '330100', ['city_admin']);
  await addUser(env, 'ch.xihu', '330106', ['county_admin']);
  const ur1 = await addUser(env, 'ch.r1', '330127', ['reviewer']);
  const ur2 = await addUser(env, 'ch.r2', '330127', ['reviewer']);
  await addUser(env, 'ch.r3', '330127', ['reviewer']);
  const uA = await addUser(env, 'ch.cmA', ents[1].uscc!, ['craftsman']);
  const uB = await addUser(env, 'ch.cmB', ents[2].uscc!, ['craftsman']);
  const uC = await addUser(env, 'ch.cmC', ents[0].uscc!, ['craftsman']);
  ids.r1 = ur1.id;
  ids.r2 = ur2.id;
  const a = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '甲工匠',
    employerId: ents[1].id,
    userId: uA.id,
  });
  const b = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '乙工匠',
    employerId: ents[2].id,
    userId: uB.id,
  });
  await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '丙工匠',
    employerId: ents[0].id,
    userId: uC.id,
  });
  ids.teamA = (
    await makeServiceTeam(env.db, { orgCode: '330127', name: '注塑攻关服务队', leaderId: a.id })
  ).id;
  ids.teamB = (await makeServiceTeam(env.db, { orgCode: '330127', name: '模具服务队', leaderId: b.id })).id;
  const chunan = await orgByCodeOrThrow(env.db, '330127');
  const [studio] = await env.db
    .insert(studios)
    .values({
      orgId: chunan.id,
      orgPath: chunan.path,
      name: '丙工匠创新工作室',
      level: 'provincial',
      year: 2024,
      leaderName: '丙工匠',
      enterpriseId: ents[0].id,
      status: STUDIO_STATUSES[0].value,
    })
    .returning();
  ids.studio = studio.id;
  // Three enterprises with one problem (injection moulding), one with another; all open.
  const texts = [
    ['注塑件表面缩痕问题', '我厂注塑件表面出现缩痕和气泡，良品率低，需要优化注塑工艺参数和模具冷却。'],
    ['注塑产品缩痕气泡多', '注塑成型后产品表面缩痕、气泡严重，希望专家帮助调整注塑工艺和模具冷却水路。'],
    ['注塑工艺优化', '注塑件缩痕明显，模具冷却不均匀，想请工匠指导注塑工艺参数调整。'],
  ];
  for (let i = 0; i < 3; i++) {
    const d = await makeDemand(env.db, {
      enterpriseId: ents[i].id,
      title: texts[i][0],
      description: texts[i][1],
      category: '工艺设计质量',
      state: 'published',
    });
    similarDemands.push(d.id);
  }
  const other = await makeDemand(env.db, {
    enterpriseId: ents[0].id,
    title: '空压机能耗过高',
    description: '车间空压机用电量大，管网泄漏严重，希望做节能诊断和变频改造。',
    category: '工艺设计质量',
    state: 'published',
  });
  ids.otherDemand = other.id;
  // One industry for all of them: the clustering also requires the same industry.
  for (const id of [...similarDemands, other.id])
    await env.db.update(demands).set({ industryDivision: '29' }).where(eq(demands.id, id));
  county = await signedIn(env, 'ch.county');
  city = await signedIn(env, 'ch.city');
  xihu = await signedIn(env, 'ch.xihu');
  r1 = await signedIn(env, 'ch.r1');
  r2 = await signedIn(env, 'ch.r2');
  r3 = await signedIn(env, 'ch.r3');
  cmA = await signedIn(env, 'ch.cmA');
  cmB = await signedIn(env, 'ch.cmB');
  cmC = await signedIn(env, 'ch.cmC');
});
afterAll(() => env.close());

describe('共性难题 and the challenge draft', () => {
  it('groups the similar open demands of the scope and says why', async () => {
    const res = await ok(county.get('/api/zhuqi/challenge-clusters'));
    expect(res.items).toHaveLength(1);
    const [c] = res.items;
    expect(c.demands.map((d: any) => d.id)).toEqual(similarDemands);
    expect(c.reason).toContain('工艺设计质量');
    expect(c.sharedTerms.join()).toContain('注塑');
    expect(c.links.length).toBeGreaterThanOrEqual(2);
    // Another county sees none of them.
    expect((await ok(xihu.get('/api/zhuqi/challenge-clusters'))).items).toEqual([]);
    // A craftsman does not run clusters.
    expect((await cmA.get('/api/zhuqi/challenge-clusters')).status).toBe(403);
  });

  it('refuses bad drafts with a message and stores nothing', async () => {
    const base = {
      title: '注塑件缩痕共性难题攻关',
      problem: '三家企业注塑件缩痕、气泡问题',
      fundYuan: 300000,
      applyBy: day(10),
      completeBy: day(200),
    };
    const weights = await county.post('/api/zhuqi/challenges', {
      ...base,
      criteria: [
        { key: 'technical', label: '技术方案', weight: 60 },
        { key: 'team', label: '团队能力', weight: 30 },
      ],
    });
    expect(weights.status).toBe(400);
    expect(weights.body.error.message).toContain('权重合计应为 100');
    const dates = await county.post('/api/zhuqi/challenges', { ...base, completeBy: day(5) });
    expect(dates.status).toBe(400);
    expect(dates.body.error.message).toContain('完成期限应晚于');
    const cents = await county.post('/api/zhuqi/challenges', { ...base, fundYuan: 10.005 });
    expect(cents.status).toBe(400);
    const foreign = await xihu.post('/api/zhuqi/challenges', { ...base, demandIds: similarDemands });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain('不在您的管辖范围内');
    expect((await ok(county.get('/api/zhuqi/challenges'))).total).toBe(0);
  });

  it('turns the cluster into a draft with the demands linked', async () => {
    const cl = (await ok(county.get('/api/zhuqi/challenge-clusters'))).items[0];
    const c = await ok(
      county.post('/api/zhuqi/challenges', {
        title: '注塑件缩痕共性难题攻关',
        problem: '三家企业注塑件缩痕、气泡问题，需要系统的工艺与模具冷却方案。',
        requirements: '三个月内提出方案，六个月内在三家企业验证。',
        fundYuan: 300000,
        applyBy: day(10),
        completeBy: day(200),
        industryDivision: '29',
        categoryId: cl.categoryId,
        demandIds: cl.demands.map((d: any) => d.id),
        clusterNote: cl.reason,
      }),
      201,
    );
    expect(c.state).toBe('draft');
    expect(c.fundYuan).toBe('300000.00');
    expect(c.demands.map((d: any) => d.id)).toEqual(similarDemands);
    expect(c.criteria.reduce((a: number, k: any) => a + k.weight, 0)).toBe(100);
    ids.challenge = c.id;
    // Linked demands leave the cluster view; a second challenge cannot take them.
    expect((await ok(county.get('/api/zhuqi/challenge-clusters'))).items).toEqual([]);
    const again = await county.post('/api/zhuqi/challenges', {
      title: '重复',
      problem: '重复',
      fundYuan: 1,
      applyBy: day(10),
      completeBy: day(20),
      demandIds: [similarDemands[0]],
    });
    expect(again.status).toBe(409);
    // Drafts are not shown to craftsmen.
    expect((await cmA.get(`/api/zhuqi/challenges/${c.id}`)).status).toBe(404);
  });
});

describe('揭榜', () => {
  it('publishes; teams and studios apply once each, with milestones adding up to the fund', async () => {
    const id = ids.challenge;
    let c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    c = await ok(county.post(`/api/zhuqi/challenges/${id}/publish`, { version: c.version }));
    expect(c.state).toBe('published');
    // Open calls are visible to craftsmen, with the applicants they may act for.
    const seen = await ok(cmA.get(`/api/zhuqi/challenges/${id}`));
    expect(seen.me.applyAs).toEqual([{ type: 'team', id: ids.teamA, name: '注塑攻关服务队' }]);
    expect((await ok(cmA.get('/api/zhuqi/challenges'))).items.map((x: any) => x.id)).toContain(id);

    const proposal = { proposal: '采用模流分析优化浇口与冷却水路', plan: '三阶段实施' };
    const unbalanced = await cmA.post(`/api/zhuqi/challenges/${id}/applications`, {
      applicantType: 'team',
      applicantId: ids.teamA,
      ...proposal,
      milestones: milestones([100000, 100000]),
    });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.error.message).toContain('应等于榜单资金 300000.00 元');
    const notMine = await cmA.post(`/api/zhuqi/challenges/${id}/applications`, {
      applicantType: 'team',
      applicantId: ids.teamB,
      ...proposal,
      milestones: milestones([300000]),
    });
    expect(notMine.status).toBe(400);
    expect(notMine.body.error.message).toContain('您所在的服务队');

    const a = await ok(
      cmA.post(`/api/zhuqi/challenges/${id}/applications`, {
        applicantType: 'team',
        applicantId: ids.teamA,
        ...proposal,
        milestones: milestones([100000, 120000, 80000]),
      }),
      201,
    );
    ids.appA = a.id;
    const dup = await cmA.post(`/api/zhuqi/challenges/${id}/applications`, {
      applicantType: 'team',
      applicantId: ids.teamA,
      ...proposal,
      milestones: milestones([300000]),
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('不能重复揭榜');
    const s = await ok(
      cmC.post(`/api/zhuqi/challenges/${id}/applications`, {
        applicantType: 'studio',
        applicantId: ids.studio,
        proposal: '工作室牵头，联合高校攻关',
        milestones: milestones([150000, 150000]),
      }),
      201,
    );
    ids.appS = s.id;
    // Team B applies, withdraws, and applies again (one live application per applicant).
    const b1 = await ok(
      cmB.post(`/api/zhuqi/challenges/${id}/applications`, {
        applicantType: 'team',
        applicantId: ids.teamB,
        proposal: '模具改造方案',
        milestones: milestones([300000]),
      }),
      201,
    );
    expect(
      (await cmA.post(`/api/zhuqi/challenge-applications/${b1.id}/withdraw`, { version: 1 })).status,
    ).toBe(404);
    await ok(cmB.post(`/api/zhuqi/challenge-applications/${b1.id}/withdraw`, { version: b1.version }));
    const b2 = await ok(
      cmB.post(`/api/zhuqi/challenges/${id}/applications`, {
        applicantType: 'team',
        applicantId: ids.teamB,
        proposal: '模具改造方案（修订）',
        milestones: milestones([200000, 100000]),
      }),
      201,
    );
    ids.appB = b2.id;
    // An applicant sees their own applications only; the union sees all.
    expect(
      (await ok(cmA.get(`/api/zhuqi/challenges/${id}/applications`))).items.map((x: any) => x.id),
    ).toEqual([ids.appA]);
    expect((await ok(county.get(`/api/zhuqi/challenges/${id}/applications`))).items).toHaveLength(4);
  });

  it('names the panel: reviewers in scope only', async () => {
    const id = ids.challenge;
    const c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    const xh = await county.post(`/api/zhuqi/challenges/${id}/panel`, {
      version: c.version,
      userIds: [ids.r1, (await ok(xihu.get('/api/auth/me'))).id],
    });
    expect(xh.status).toBe(400);
    const p = await ok(
      county.post(`/api/zhuqi/challenges/${id}/panel`, { version: c.version, userIds: [ids.r1, ids.r2] }),
    );
    expect(p.panel.map((m: any) => m.userId)).toEqual([ids.r1, ids.r2]);
    // Nobody scores while the call is open.
    const early = await r1.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, {
      scores: { technical: 90, team: 80, feasibility: 80, benefit: 80 },
    });
    expect(early.status).toBe(409);
  });
});

describe('review and award', () => {
  it('closes the call; members score; each sees only their own until the panel closes', async () => {
    const id = ids.challenge;
    let c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    c = await ok(county.post(`/api/zhuqi/challenges/${id}/close`, { version: c.version }));
    expect(c.state).toBe('reviewing');
    // Applications are closed now.
    const late = await cmA.post(`/api/zhuqi/challenges/${id}/applications`, {
      applicantType: 'team',
      applicantId: ids.teamA,
      proposal: 'x',
      milestones: milestones([300000]),
    });
    expect(late.status).toBe(409);
    // Withdrawing after review started is refused.
    const w = await cmB.post(`/api/zhuqi/challenge-applications/${ids.appB}/withdraw`, { version: 1 });
    expect(w.status).toBe(409);

    const sc = (t: number, team: number, f: number, b: number) => ({
      scores: { technical: t, team, feasibility: f, benefit: b },
      comment: '方案可行',
    });
    // r3 is a reviewer in scope but not on this panel; a craftsman is nobody here.
    expect(
      (await r3.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, sc(90, 90, 90, 90))).status,
    ).toBe(404);
    expect(
      (await cmB.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, sc(90, 90, 90, 90))).status,
    ).toBe(404);
    const badKeys = await r1.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, {
      scores: { technical: 90 },
    });
    expect(badKeys.status).toBe(400);
    expect(badKeys.body.error.message).toContain('技术方案');
    // Weighted: A 85.75/87.10, S 80.25/78, B 70/72 — A first, the studio second.
    const s1 = await ok(r1.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, sc(90, 85, 80, 85)));
    expect(s1.total).toBe(85.75);
    await ok(r1.put(`/api/zhuqi/challenge-applications/${ids.appS}/score`, sc(80, 85, 75, 80)));
    await ok(r1.put(`/api/zhuqi/challenge-applications/${ids.appB}/score`, sc(70, 70, 70, 70)));
    await ok(r2.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, sc(88, 86, 86, 88)));
    await ok(r2.put(`/api/zhuqi/challenge-applications/${ids.appS}/score`, sc(78, 78, 78, 78)));

    const mine = await ok(r1.get(`/api/zhuqi/challenges/${id}/scores`));
    expect(mine.closed).toBe(false);
    expect(mine.items).toHaveLength(3);
    expect(mine.items.every((s: any) => s.userId === ids.r1)).toBe(true);
    expect(mine.ranking).toEqual([]);
    const op = await ok(county.get(`/api/zhuqi/challenges/${id}/scores`));
    expect(op.items).toEqual([]);
    expect(op.progress.map((p: any) => p.scored)).toEqual([3, 2]);
    // The panel cannot close while a member has not scored everything.
    c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    const early = await county.post(`/api/zhuqi/challenges/${id}/close-panel`, { version: c.version });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toContain('还没有为“模具服务队”评分');
    const awardEarly = await county.post(`/api/zhuqi/challenges/${id}/award`, {
      version: c.version,
      applicationId: ids.appA,
    });
    expect(awardEarly.status).toBe(409);
    await ok(r2.put(`/api/zhuqi/challenge-applications/${ids.appB}/score`, sc(72, 72, 72, 72)));
    c = await ok(county.post(`/api/zhuqi/challenges/${id}/close-panel`, { version: c.version }));
    expect(c.panelClosed).toBe(true);
    const all = await ok(r1.get(`/api/zhuqi/challenges/${id}/scores`));
    expect(all.items).toHaveLength(6);
    expect(all.ranking.map((r: any) => [r.applicationId, r.rank])).toEqual([
      [ids.appA, 1],
      [ids.appS, 2],
      [ids.appB, 3],
    ]);
    expect(all.ranking[0].average).toBe(86.43); // (85.75 + 87.10) / 2, to the cent
    // Scores are frozen now.
    expect(
      (await r1.put(`/api/zhuqi/challenge-applications/${ids.appB}/score`, sc(99, 99, 99, 99))).status,
    ).toBe(409);
  });

  it('refuses an award from another scope, and a lower-ranked choice without a reason', async () => {
    const id = ids.challenge;
    const c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    const foreign = await xihu.post(`/api/zhuqi/challenges/${id}/award`, {
      version: c.version,
      applicationId: ids.appA,
    });
    expect(foreign.status).toBe(404);
    const panelist = await r1.post(`/api/zhuqi/challenges/${id}/award`, {
      version: c.version,
      applicationId: ids.appA,
    });
    expect(panelist.status).toBe(403);
    const noReason = await county.post(`/api/zhuqi/challenges/${id}/award`, {
      version: c.version,
      applicationId: ids.appS,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('排名第 2');
    expect((await ok(county.get(`/api/zhuqi/challenges/${id}`))).state).toBe('reviewing');
  });

  it('two concurrent awards: exactly one wins', async () => {
    const id = ids.challenge;
    const c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    const [x, y] = await Promise.all([
      county.post(`/api/zhuqi/challenges/${id}/award`, { version: c.version, applicationId: ids.appA }),
      city.post(`/api/zhuqi/challenges/${id}/award`, {
        version: c.version,
        applicationId: ids.appS,
        reason: '工作室有高校合作基础，更适合共性难题',
      }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const after = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    expect(after.state).toBe('awarded');
    const winner = x.status === 200 ? ids.appA : ids.appS;
    expect(after.awardedApplicationId).toBe(winner);
    const apps = (await ok(county.get(`/api/zhuqi/challenges/${id}/applications`))).items;
    expect(apps.filter((a: any) => a.state === 'awarded').map((a: any) => a.id)).toEqual([winner]);
    const ev = (await ok(county.get(`/api/zhuqi/challenges/${id}/events`))).items;
    expect(ev.filter((e: any) => e.action === 'award')).toHaveLength(1);
    ids.winner = winner;
  });
});

describe('milestones and tranches', () => {
  it('milestones must add up to the fund', async () => {
    const id = ids.challenge;
    const m = await ok(county.get(`/api/zhuqi/challenges/${id}/milestones`));
    expect(m.items.reduce((a: number, x: any) => a + Number(x.amountYuan), 0)).toBe(300000);
    const c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    const bad = await county.put(`/api/zhuqi/challenges/${id}/milestones`, {
      version: c.version,
      milestones: milestones([100000, 100000, 99999.99]),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('合计 299999.99 元，应等于榜单资金 300000.00 元');
    const good = await ok(
      county.put(`/api/zhuqi/challenges/${id}/milestones`, {
        version: c.version,
        milestones: [
          { title: '方案设计与模流分析', amountYuan: 90000, dueOn: day(60) },
          { title: '首家企业验证', amountYuan: 110000, dueOn: day(120) },
          { title: '三家企业推广', amountYuan: 100000, dueOn: day(190) },
        ],
      }),
    );
    expect(good.items.map((x: any) => x.amountYuan)).toEqual(['90000.00', '110000.00', '100000.00']);
    const started = await ok(
      county.post(`/api/zhuqi/challenges/${id}/start`, {
        version: (await ok(county.get(`/api/zhuqi/challenges/${id}`))).version,
      }),
    );
    expect(started.state).toBe('in_progress');
  });

  it('each accepted milestone pays a tranche into the grants ledger, in the same transaction', async () => {
    const id = ids.challenge;
    let m = await ok(county.get(`/api/zhuqi/challenges/${id}/milestones`));
    const first = m.items[0];
    const noEvidence = await county.post(`/api/zhuqi/challenge-milestones/${first.id}/accept`, {
      version: first.version,
      evidence: '',
    });
    expect(noEvidence.status).toBe(400);
    expect(
      (
        await xihu.post(`/api/zhuqi/challenge-milestones/${first.id}/accept`, {
          version: first.version,
          evidence: '越权',
        })
      ).status,
    ).toBe(404);
    m = await ok(
      county.post(`/api/zhuqi/challenge-milestones/${first.id}/accept`, {
        version: first.version,
        evidence: '模流分析报告与试模记录',
      }),
    );
    expect(m.items[0].state).toBe('accepted');
    expect(m.items[0].tranche).toBe(1);
    expect(m.paidYuan).toBe('90000.00');
    const [g] = await env.db.select().from(grants).where(eq(grants.id, m.items[0].grantId));
    expect(g).toMatchObject({
      recipientKind: 'challenge',
      tranche: 1,
      purpose: 'assist_enterprises',
      sourceLevel: 'county',
      year: Number(todayInChina(env.clock.now()).slice(0, 4)),
    });
    expect(Number(g.amount)).toBe(90000);
    expect(g.recipientName).toContain('注塑件缩痕共性难题攻关');
    // Visible in the registry as a record of the county, with its history and audit row.
    const reg = await ok(county.get(`/api/registries/grants/${g.id}`));
    expect(reg.recipientKind).toBe('challenge');
    expect((await ok(county.get(`/api/registries/grants/${g.id}/history`))).length ?? 1).toBeGreaterThan(0);
    const audit = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.event, 'registry.create'), eq(auditLog.objectType, 'grants')));
    expect(audit.length).toBeGreaterThanOrEqual(1);
    // Accepting it twice pays nothing more.
    const twice = await county.post(`/api/zhuqi/challenge-milestones/${first.id}/accept`, {
      version: m.items[0].version,
      evidence: '重复',
    });
    expect(twice.status).toBe(409);
    // The winner is told.
    const winnerClient = ids.winner === ids.appA ? cmA : cmC;
    const notes = (await ok(winnerClient.get('/api/notifications'))).items.map((n: any) => n.title);
    expect(notes.some((t: string) => t.includes('第 1 笔资金'))).toBe(true);
    expect(notes.some((t: string) => t.includes('中榜'))).toBe(true);
  });

  it('completes only when every milestone is accepted; the ledger then holds the whole fund', async () => {
    const id = ids.challenge;
    let c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    const early = await county.post(`/api/zhuqi/challenges/${id}/complete`, { version: c.version });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('还有里程碑未验收');
    let m = await ok(county.get(`/api/zhuqi/challenges/${id}/milestones`));
    for (const x of m.items.filter((i: any) => i.state === 'pending'))
      m = await ok(
        county.post(`/api/zhuqi/challenge-milestones/${x.id}/accept`, {
          version: x.version,
          evidence: '验收报告',
        }),
      );
    expect(m.items.map((x: any) => x.tranche)).toEqual([1, 2, 3]);
    c = await ok(county.get(`/api/zhuqi/challenges/${id}`));
    c = await ok(county.post(`/api/zhuqi/challenges/${id}/complete`, { version: c.version }));
    expect(c.state).toBe('completed');
    const rows = await env.db.select().from(grants).where(eq(grants.recipientKind, 'challenge'));
    expect(rows.reduce((a, r) => a + Number(r.amount), 0)).toBe(300000);
    const ev = (await ok(county.get(`/api/zhuqi/challenges/${id}/events`))).items.map((e: any) => e.action);
    expect(ev).toEqual(
      expect.arrayContaining([
        'create',
        'publish',
        'apply',
        'withdraw',
        'panel',
        'close',
        'closePanel',
        'award',
        'editMilestones',
        'start',
        'acceptMilestone',
        'complete',
      ]),
    );
    // The losing applicants were told too.
    const loser = ids.winner === ids.appA ? cmC : cmA;
    const notes = (await ok(loser.get('/api/notifications'))).items.map((n: any) => n.title);
    expect(notes.some((t: string) => t.includes('未中榜'))).toBe(true);
  });
});

describe('the deadline', () => {
  it('refuses a late application, and the ticker closes the call after the deadline', async () => {
    let c = await ok(
      county.post('/api/zhuqi/challenges', {
        title: '今日截止的榜单',
        problem: '空压机节能',
        fundYuan: 50000,
        applyBy: day(0),
        completeBy: day(90),
      }),
      201,
    );
    c = await ok(county.post(`/api/zhuqi/challenges/${c.id}/publish`, { version: c.version }));
    env.clock.advance(2 * DAY);
    await cmA.login('ch.cmA');
    await county.login('ch.county');
    const late = await cmA.post(`/api/zhuqi/challenges/${c.id}/applications`, {
      applicantType: 'team',
      applicantId: ids.teamA,
      proposal: '迟到的方案',
      milestones: [{ title: '一次性', amountYuan: 50000 }],
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('截止');
    await tick(env.db, env.clock);
    const after = await ok(county.get(`/api/zhuqi/challenges/${c.id}`));
    expect(after.state).toBe('reviewing');
    const ev = (await ok(county.get(`/api/zhuqi/challenges/${c.id}/events`))).items;
    expect(ev.at(-1)).toMatchObject({ action: 'close', userName: '系统' });
  });
});
