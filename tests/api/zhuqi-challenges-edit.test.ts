// 揭榜挂帅, the parts issue 5 left open: the applicant edits an application before the deadline
// (compare-and-set, audited; refused once review has started or the date has passed), a panel
// member from the applicant's organisation or team is recused (refused with a reason, listed in
// the panel view, not waited for when the panel closes), the application's own files are listed
// back to the applicant, and the public showcase lists published calls with no personal data.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STUDIO_STATUSES } from '../../src/shared/registries/carriers.ts';
import { auditLog } from '../../src/server/db/schema/system.ts';
import { studios } from '../../src/server/db/schema/registries.ts';
import {
  makeCraftsman,
  makeEnterprise,
  makeServiceTeam,
  orgByCodeOrThrow,
} from '../../src/server/features/demo/factories.ts';
import { todayInChina } from '../../src/server/lib/clock.ts';
import { addUser, Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

const DAY = 86_400_000;
let env: TestEnv;
let county: Client;
let cmA: Client; // leads team A
let cmB: Client; // leads team B (another applicant)
let cmC: Client; // works at the studio's enterprise
let rIn: Client; // reviewer employed by the studio's enterprise
let rTeam: Client; // a craftsman account, member of team A, on the panel
let rFree: Client; // a reviewer with no ties
const ids: Record<string, number> = {};

const day = (n: number) => todayInChina(new Date(env.clock.now().getTime() + n * DAY));
const milestones = (amounts: number[]) =>
  amounts.map((a, i) => ({ title: `里程碑${i + 1}`, amountYuan: a, dueOn: day(30 * (i + 1)) }));
const sc = (n: number) => ({ scores: { technical: n, team: n, feasibility: n, benefit: n } });

async function ok(res: Promise<{ status: number; body: any; text: string }>, status = 200) {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
}

async function challenge(title: string, applyIn: number) {
  const c = await ok(
    county.post('/api/zhuqi/challenges', {
      title,
      problem: `${title}：需要系统的工艺方案。`,
      fundYuan: 100000,
      applyBy: day(applyIn),
      completeBy: day(200),
    }),
    201,
  );
  return ok(county.post(`/api/zhuqi/challenges/${c.id}/publish`, { version: c.version }));
}

beforeAll(async () => {
  env = await createTestEnv();
  const ents = [];
  for (let i = 1; i <= 3; i++) ents.push(await makeEnterprise(env.db, { countyCode: '330127', seq: i }));
  await addUser(env, 'ce.county', '330127', ['county_admin']);
  const uA = await addUser(env, 'ce.cmA', ents[1].uscc!, ['craftsman']);
  const uB = await addUser(env, 'ce.cmB', ents[2].uscc!, ['craftsman']);
  const uC = await addUser(env, 'ce.cmC', ents[0].uscc!, ['craftsman']);
  ids.rIn = (await addUser(env, 'ce.rin', ents[0].uscc!, ['reviewer'])).id;
  const uT = await addUser(env, 'ce.rteam', ents[2].uscc!, ['craftsman']);
  ids.rTeam = uT.id;
  ids.rFree = (await addUser(env, 'ce.rfree', '330127', ['reviewer'])).id;
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
  const t = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '丁工匠',
    employerId: ents[2].id,
    userId: uT.id,
  });
  ids.teamA = (
    await makeServiceTeam(env.db, {
      orgCode: '330127',
      name: '注塑攻关服务队',
      leaderId: a.id,
      memberIds: [t.id],
    })
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
  county = await signedIn(env, 'ce.county');
  cmA = await signedIn(env, 'ce.cmA');
  cmB = await signedIn(env, 'ce.cmB');
  cmC = await signedIn(env, 'ce.cmC');
  rIn = await signedIn(env, 'ce.rin');
  rTeam = await signedIn(env, 'ce.rteam');
  rFree = await signedIn(env, 'ce.rfree');
});
afterAll(() => env?.close());

describe('editing an application', () => {
  let app: any;

  it('the applicant edits before the deadline: versioned, one event, audited', async () => {
    const c = await challenge('注塑件缩痕攻关', 10);
    ids.challenge = c.id;
    app = await ok(
      cmA.post(`/api/zhuqi/challenges/${c.id}/applications`, {
        applicantType: 'team',
        applicantId: ids.teamA,
        proposal: '先做工艺参数试验',
        milestones: milestones([100000]),
      }),
      201,
    );
    ids.appA = app.id;
    ids.appS = (
      await ok(
        cmC.post(`/api/zhuqi/challenges/${c.id}/applications`, {
          applicantType: 'studio',
          applicantId: ids.studio,
          proposal: '模流分析加模具冷却改造',
          milestones: milestones([100000]),
        }),
        201,
      )
    ).id;
    const edited = await ok(
      cmA.patch(`/api/zhuqi/challenge-applications/${app.id}`, {
        version: app.version,
        proposal: '先做模流分析，再做工艺参数试验',
        milestones: milestones([40000, 60000]),
      }),
    );
    expect(edited.version).toBe(app.version + 1);
    expect(edited.proposal).toBe('先做模流分析，再做工艺参数试验');
    expect(edited.milestones.map((m: any) => m.amountYuan)).toEqual(['40000.00', '60000.00']);
    const events = (await ok(county.get(`/api/zhuqi/challenges/${c.id}/events`))).items;
    const ev = events.find((e: any) => e.action === 'editApplication');
    expect(ev.detail).toMatchObject({ applicationId: app.id, fields: ['proposal', 'milestones'] });
    const audits = await env.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.event, 'challenge.application.update'));
    expect(audits).toHaveLength(1);
    expect((audits[0].detail as any).before.proposal).toBe('先做工艺参数试验');
    app = edited;
  });

  it('refuses a stale version, no change, bad milestones and other people, changing nothing', async () => {
    const path = `/api/zhuqi/challenge-applications/${app.id}`;
    const stale = await cmA.patch(path, { version: app.version - 1, proposal: '别的方案' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/版本不一致/);
    const same = await cmA.patch(path, { version: app.version, proposal: app.proposal });
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/没有变化/);
    const sum = await cmA.patch(path, { version: app.version, milestones: milestones([1, 2]) });
    expect(sum.status).toBe(400);
    expect(sum.body.error.message).toMatch(/应等于榜单资金/);
    const extra = await cmA.patch(path, { version: app.version, state: 'awarded' });
    expect(extra.status).toBe(400);
    // Another applicant does not see it; the union sees it but may not edit it.
    expect((await cmB.patch(path, { version: app.version, proposal: 'x' })).status).toBe(404);
    const byUnion = await county.patch(path, { version: app.version, proposal: 'x' });
    expect(byUnion.status).toBe(403);
    expect(byUnion.body.error.message).toMatch(/只有揭榜方/);
    const now = (await ok(cmA.get(`/api/zhuqi/challenges/${ids.challenge}/applications`))).items[0];
    expect(now).toMatchObject({ version: app.version, proposal: app.proposal });
  });

  it('lists the application files back to the applicant who uploaded them', async () => {
    const form = new FormData();
    form.set('file', new File([Buffer.from('%PDF-1.4\n%%EOF\n')], '方案.pdf'));
    const res = await env.app.request(`/api/attachments?ownerType=challenge-applications&ownerId=${app.id}`, {
      method: 'POST',
      body: form,
      headers: { cookie: cmA.cookie! },
    });
    expect(res.status).toBe(201);
    const list = await ok(cmA.get(`/api/attachments?ownerType=challenge-applications&ownerId=${app.id}`));
    expect(list.total).toBe(1);
    expect(
      (await cmB.get(`/api/attachments?ownerType=challenge-applications&ownerId=${app.id}`)).status,
    ).toBe(404);
  });

  it('refuses an edit after the application deadline, though the call is not yet closed', async () => {
    const c = await challenge('空压机节能攻关', 1);
    const a = await ok(
      cmB.post(`/api/zhuqi/challenges/${c.id}/applications`, {
        applicantType: 'team',
        applicantId: ids.teamB,
        proposal: '变频改造',
        milestones: milestones([100000]),
      }),
      201,
    );
    env.clock.advance(2 * DAY);
    await cmB.login('ce.cmB');
    const late = await cmB.patch(`/api/zhuqi/challenge-applications/${a.id}`, {
      version: a.version,
      proposal: '变频改造加管网查漏',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/截止，不能再修改申请/);
    env.clock.advance(-2 * DAY);
    for (const [c, u] of [
      [county, 'ce.county'],
      [cmA, 'ce.cmA'],
      [cmB, 'ce.cmB'],
      [cmC, 'ce.cmC'],
    ] as const)
      await c.login(u);
  });
});

describe('conflicts of interest on the panel', () => {
  it('refuses an edit once review has started', async () => {
    let c = await ok(county.get(`/api/zhuqi/challenges/${ids.challenge}`));
    c = await ok(
      county.post(`/api/zhuqi/challenges/${c.id}/panel`, {
        version: c.version,
        userIds: [ids.rIn, ids.rTeam, ids.rFree],
      }),
    );
    c = await ok(county.post(`/api/zhuqi/challenges/${c.id}/close`, { version: c.version }));
    expect(c.state).toBe('reviewing');
    const app = (await ok(cmA.get(`/api/zhuqi/challenges/${c.id}/applications`))).items[0];
    const late = await cmA.patch(`/api/zhuqi/challenge-applications/${app.id}`, {
      version: app.version,
      proposal: '再改一次',
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/评审已开始/);
  });

  it('a member of the applying team, or from its organisation, may not score it', async () => {
    await rIn.login('ce.rin');
    await rTeam.login('ce.rteam');
    await rFree.login('ce.rfree');
    const team = await rTeam.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, sc(90));
    expect(team.status).toBe(403);
    expect(team.body.error.message).toBe(
      '您是揭榜服务队“注塑攻关服务队”的成员，存在利益关系，须回避，不能为该申请评分',
    );
    const same = await rIn.put(`/api/zhuqi/challenge-applications/${ids.appS}/score`, sc(90));
    expect(same.status).toBe(403);
    expect(same.body.error.message).toMatch(/与揭榜工作室“丙工匠创新工作室”同在.*须回避/);
    // Nothing was stored by the refusals.
    const mine = await ok(rIn.get(`/api/zhuqi/challenges/${ids.challenge}/scores`));
    expect(mine.items).toEqual([]);
  });

  it('lists the recusals in the panel view and closes without waiting for them', async () => {
    await ok(rTeam.put(`/api/zhuqi/challenge-applications/${ids.appS}/score`, sc(80)));
    await ok(rIn.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, sc(85)));
    await ok(rFree.put(`/api/zhuqi/challenge-applications/${ids.appA}/score`, sc(70)));
    const view = await ok(county.get(`/api/zhuqi/challenges/${ids.challenge}/scores`));
    const of = (uid: number) => view.progress.find((p: any) => p.userId === uid);
    expect(of(ids.rTeam)).toMatchObject({ scored: 1, of: 1 });
    expect(of(ids.rTeam).recused).toEqual([
      {
        applicationId: ids.appA,
        applicantName: '注塑攻关服务队',
        reason: '是揭榜服务队“注塑攻关服务队”的成员',
      },
    ]);
    expect(of(ids.rIn).recused.map((r: any) => r.applicationId)).toEqual([ids.appS]);
    expect(of(ids.rFree)).toMatchObject({ scored: 1, of: 2, recused: [] });
    let c = await ok(county.get(`/api/zhuqi/challenges/${ids.challenge}`));
    // rFree has not scored the studio yet: the panel cannot close.
    const early = await county.post(`/api/zhuqi/challenges/${c.id}/close-panel`, { version: c.version });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toMatch(/ce.rfree|还没有为“丙工匠创新工作室”评分/);
    await ok(rFree.put(`/api/zhuqi/challenge-applications/${ids.appS}/score`, sc(60)));
    c = await ok(county.post(`/api/zhuqi/challenges/${c.id}/close-panel`, { version: c.version }));
    expect(c.panelClosed).toBe(true);
    const done = await ok(county.get(`/api/zhuqi/challenges/${ids.challenge}/scores`));
    const avg = (id: number) => done.ranking.find((r: any) => r.applicationId === id).average;
    expect(avg(ids.appA)).toBeCloseTo(77.5); // rIn 85 and rFree 70; rTeam recused
    expect(avg(ids.appS)).toBeCloseTo(70); // rTeam 80 and rFree 60; rIn recused
  });
});

describe('the public list of calls', () => {
  it('shows published calls on the showcase, with no personal data; drafts and cancelled ones are not public', async () => {
    const draft = await ok(
      county.post('/api/zhuqi/challenges', {
        title: '尚未发布的草稿榜单',
        problem: '草稿',
        fundYuan: 5000,
        applyBy: day(10),
        completeBy: day(20),
      }),
      201,
    );
    const anon = new Client(env);
    const list = await ok(anon.get('/api/public/challenges'));
    const titles = list.items.map((c: any) => c.title);
    expect(titles).toEqual(expect.arrayContaining(['注塑件缩痕攻关', '空压机节能攻关']));
    expect(titles).not.toContain('尚未发布的草稿榜单');
    const one = list.items.find((c: any) => c.title === '注塑件缩痕攻关');
    expect(one).toMatchObject({ fundYuan: '100000.00', state: 'reviewing', stateLabel: '评审中' });
    expect(one.publisherName).toContain('淳安');
    // No applicant, panel member, score or user id anywhere.
    const text = JSON.stringify(list);
    for (const secret of ['注塑攻关服务队', '丙工匠', 'ce.', 'submittedBy', 'panel', 'userId'])
      expect(text).not.toContain(secret);
    expect((await anon.get(`/api/public/challenges/${draft.id}`)).status).toBe(404);
    expect((await anon.get('/api/public/challenges?state=draft')).status).toBe(400);

    // The server-rendered pages.
    const page = await env.app.request('/share/challenges');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('揭榜挂帅');
    expect(html).toContain('注塑件缩痕攻关');
    expect(html).toContain('10 万元');
    expect(html).not.toContain('尚未发布的草稿榜单');
    expect(html).not.toContain('丙工匠');
    const open = await (await env.app.request('/share/challenges?state=published')).text();
    expect(open).toContain('空压机节能攻关');
    expect(open).not.toContain('注塑件缩痕攻关');
    const detail = await env.app.request(`/share/challenges/${ids.challenge}`);
    expect(detail.status).toBe(200);
    const d = await detail.text();
    expect(d).toContain('攻关难题');
    expect(d).toContain('本榜单已截止揭榜');
    expect(d).not.toContain('注塑攻关服务队');
    expect((await env.app.request(`/share/challenges/${draft.id}`)).status).toBe(404);
    expect((await env.app.request('/share/challenges/99999999')).status).toBe(404);
    // Hostile query strings are ignored, not errors.
    expect((await env.app.request('/share/challenges?state=%3Cscript%3E&page=-1')).status).toBe(200);
  });
});
