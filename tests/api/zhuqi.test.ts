// 劳模工匠助企行 through HTTP on a real database: the resource list with masked personal
// data, demands from posting to rating, decline and timeout passing the demand on, escalation
// county → city → province, 20 concurrent accepts, claims, follow-ups, notifications, timers
// that survive a restart, and the webhook channel against a local receiver.
import { createServer, type Server } from 'node:http';
import JSZip from 'jszip';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { auditLog } from '../../src/server/db/schema/system.ts';
import { demandEvents, dueJobs } from '../../src/server/db/schema/zhuqi.ts';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import {
  configureOutboundChannels,
  signWebhook,
  WebhookChannel,
} from '../../src/server/features/notifications/notifications.channel.ts';
import { tick } from '../../src/server/features/zhuqi/zhuqi.ticker.ts';
import { ManualClock } from '../../src/server/lib/clock.ts';
import { addUser, Client, createTestEnv, signedIn, TEST_RATE_LIMITS, type TestEnv } from '../helpers/app.ts';

const HOUR = 3_600_000;
let env: TestEnv;
let county: Client; // 淳安县总
let city: Client; // 杭州市总
let province: Client;
let ent: Client; // 企业联系人 of ent1
let cm1: Client; // craftsman linked to c1
let cm2: Client; // craftsman linked to c2
const ents: { id: number; name: string }[] = [];
let c1: any;
let c2: any;
let c3: any;
let categoryId: number;

async function post(client: Client, path: string, body: unknown, status = 200) {
  const res = await client.post(path, body);
  expect(res.status, `${path} ${res.text}`).toBe(status);
  return res.body;
}

async function newDemand(title: string) {
  const d = await post(
    ent,
    '/api/zhuqi/demands',
    {
      title,
      description: `${title}：车间设备能耗偏高，希望劳模工匠上门诊断。`,
      categoryId,
      urgency: 'urgent',
    },
    201,
  );
  return post(county, `/api/zhuqi/demands/${d.id}/publish`, { version: d.version });
}

/** Moves the clock; sessions time out after 30 idle minutes, so everyone signs in again. */
async function advance(ms: number) {
  env.clock.advance(ms);
  for (const [c, u] of [
    [county, 'z.county'],
    [city, 'z.city'],
    [province, 'z.province'],
    [ent, 'z.ent'],
    [cm1, 'z.cm1'],
    [cm2, 'z.cm2'],
  ] as const)
    await c.login(u);
}

async function events(id: number) {
  return (await county.get(`/api/zhuqi/demands/${id}/events`)).body as any[];
}

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 1; i <= 3; i++) ents.push(await makeEnterprise(env.db, { countyCode: '330127', seq: i }));
  await makeEnterprise(env.db, { countyCode: '330106', seq: 1 });
  await addUser(env, 'z.province', '330000', ['province_admin']);
  await addUser(env, 'z.city', '330100', ['city_admin']);
  await addUser(env, 'z.county', '330127', ['county_admin']);
  await addUser(env, 'z.xihu', '330106', ['county_admin']);
  province = await signedIn(env, 'z.province');
  city = await signedIn(env, 'z.city');
  county = await signedIn(env, 'z.county');
  categoryId = (await county.get('/api/zhuqi/demand-categories')).body.find(
    (c: any) => c.name === '节能降耗',
  ).id;
});
afterAll(async () => {
  configureOutboundChannels([]);
  await env.close();
});

describe('资源清单', () => {
  it('registers craftsmen with validated, masked personal data; reveal is audited', async () => {
    // Users for the craftsman accounts sit at their employers.
    const [e1, e2, e3] = ents as any[];
    await addUser(env, 'z.ent', e1.uscc, ['enterprise_contact']);
    const u1 = await addUser(env, 'z.cm1', e2.uscc, ['craftsman']);
    const u2 = await addUser(env, 'z.cm2', e3.uscc, ['craftsman']);
    ent = await signedIn(env, 'z.ent');
    cm1 = await signedIn(env, 'z.cm1');
    cm2 = await signedIn(env, 'z.cm2');
    const tree = (await province.get('/api/orgs/tree')).body as any[];
    const chunan = tree.find((n) => n.code === '330127');

    const base = {
      name: '王建国',
      gender: 'male',
      birthYear: 1975,
      countyId: chunan.id,
      occupation: '6-18',
      skillLevel: 6,
      honours: [{ id: 'zj-gongjiang', year: 2023 }],
      specialtyTags: ['数控机床', '节能改造'],
      specialties: '擅长数控机床故障诊断与节能改造',
      industries: ['34'],
      monthlyCapacity: 3,
      employerConsent: true,
      publicConsent: false,
    };
    const badPhone = await county.post('/api/zhuqi/craftsmen', { ...base, phone: '12345' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error.message).toContain('手机号码无效');
    const badId = await county.post('/api/zhuqi/craftsmen', { ...base, idNumber: '110105194912310021' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.message).toContain('身份证号码无效');
    const badLevel = await county.post('/api/zhuqi/craftsmen', { ...base, skillLevel: 9 });
    expect(badLevel.status).toBe(400);
    const badHonour = await county.post('/api/zhuqi/craftsmen', {
      ...base,
      honours: [{ id: 'nobel', year: 2020 }],
    });
    expect(badHonour.status).toBe(400);

    c1 = await post(
      county,
      '/api/zhuqi/craftsmen',
      { ...base, phone: '13812345678', idNumber: '11010519491231002X', employerId: e2.id, userId: u1.id },
      201,
    );
    expect(c1.phone).toBe('138****5678');
    expect(c1.idNumber).toBe('110***********002X');
    expect(c1.countyName).toBe('淳安县');
    c2 = await post(
      county,
      '/api/zhuqi/craftsmen',
      { ...base, name: '李秀英', gender: 'female', employerId: e3.id, userId: u2.id },
      201,
    );
    c3 = await post(county, '/api/zhuqi/craftsmen', { ...base, name: '赵师傅', employerId: e1.id }, 201);
    // One account, one profile.
    const dup = await county.post('/api/zhuqi/craftsmen', { ...base, name: '重复', userId: u1.id });
    expect(dup.status).toBe(409);

    const revealed = await county.get(`/api/zhuqi/craftsmen/${c1.id}?reveal=true`);
    expect(revealed.body.phone).toBe('13812345678');
    const views = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.event, 'pii.view'), eq(auditLog.objectType, 'craftsman')));
    expect(views).toHaveLength(1);

    const list = (await county.get('/api/zhuqi/craftsmen?q=数控&skillLevelMin=5')).body;
    expect(list.total).toBe(3);
    expect(JSON.stringify(list)).not.toContain('13812345678');
    // Another county sees none of them; the enterprise contact may not read the list.
    const xihu = await signedIn(env, 'z.xihu');
    expect((await xihu.get('/api/zhuqi/craftsmen')).body.total).toBe(0);
    expect((await xihu.get(`/api/zhuqi/craftsmen/${c1.id}`)).status).toBe(404);
    expect((await ent.get('/api/zhuqi/craftsmen')).status).toBe(403);
  });

  it('forms a service team whose leader is always a member', async () => {
    const team = await post(
      county,
      '/api/zhuqi/teams',
      {
        name: '淳安县劳模工匠节能服务队',
        leaderId: c1.id,
        memberIds: [c2.id],
        specialty: '节能降耗',
        foundedOn: '2025-03-01',
      },
      201,
    );
    expect(team.memberCount).toBe(2);
    expect(team.leaderName).toBe('王建国');
    const edited = await post(county, '/api/zhuqi/teams', { name: 'x', leaderId: 999999 }, 400);
    expect(edited.error.message).toContain('不在您的管辖范围内');
    const patched = await county.patch(`/api/zhuqi/teams/${team.id}`, {
      version: team.version,
      memberIds: [c2.id, c3.id],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.memberCount).toBe(3);
    const stale = await county.patch(`/api/zhuqi/teams/${team.id}`, {
      version: team.version,
      name: '旧版本',
    });
    expect(stale.status).toBe(409);
  });
});

describe('需求 → 派单 → 接单 → 服务 → 评价', () => {
  let demand: any;

  it('is posted by the enterprise, returned with a reason, edited and resubmitted, then published', async () => {
    demand = await post(
      ent,
      '/api/zhuqi/demands',
      {
        title: '空压机节能改造',
        description: '空压机房能耗高',
        categoryId,
        urgency: 'urgent',
        wantedBy: '2025-12-31',
      },
      201,
    );
    expect(demand.state).toBe('submitted');
    expect(demand.enterpriseName).toBe(ents[0].name);
    // The enterprise cannot publish its own demand.
    expect(
      (await ent.post(`/api/zhuqi/demands/${demand.id}/publish`, { version: demand.version })).status,
    ).toBe(403);
    const noReason = await county.post(`/api/zhuqi/demands/${demand.id}/return`, { version: demand.version });
    expect(noReason.status).toBe(400);
    demand = await post(county, `/api/zhuqi/demands/${demand.id}/return`, {
      version: demand.version,
      reason: '请补充设备型号与现有能耗数据',
    });
    expect(demand.state).toBe('returned');
    expect((await ent.get('/api/notifications')).body.items[0].title).toContain('需求被退回');
    demand = (
      await ent.patch(`/api/zhuqi/demands/${demand.id}`, {
        version: demand.version,
        description: '空压机房 3 台 75kW 螺杆机，月耗电 9 万度，希望降低 15%',
      })
    ).body;
    demand = await post(ent, `/api/zhuqi/demands/${demand.id}/resubmit`, { version: demand.version });
    expect(demand.state).toBe('submitted');
    demand = await post(county, `/api/zhuqi/demands/${demand.id}/publish`, { version: demand.version });
    expect(demand.state).toBe('published');
    // A stale version loses.
    expect((await county.post(`/api/zhuqi/demands/${demand.id}/publish`, { version: 1 })).status).toBe(409);
  });

  it('refuses a candidate who works for the enterprise (conflict of interest)', async () => {
    const res = await county.post(`/api/zhuqi/demands/${demand.id}/dispatch`, {
      version: demand.version,
      candidates: [{ type: 'craftsman', id: c3.id }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('回避');
  });

  it('passes the demand to the next candidate on a decline; 20 concurrent accepts → exactly one wins', async () => {
    demand = await post(county, `/api/zhuqi/demands/${demand.id}/dispatch`, {
      version: demand.version,
      candidates: [
        { type: 'craftsman', id: c2.id },
        { type: 'craftsman', id: c1.id },
      ],
    });
    expect(demand.state).toBe('dispatching');
    let tasks = (await cm2.get('/api/zhuqi/my-tasks')).body;
    expect(tasks.offers).toHaveLength(1);
    const a2 = tasks.offers[0].assignment;
    expect(new Date(a2.deadline).getTime() - new Date(a2.offeredAt).getTime()).toBe(48 * HOUR);
    // cm1 is queued, not offered yet: cannot see or accept.
    expect((await cm1.get('/api/zhuqi/my-tasks')).body.offers).toHaveLength(0);
    expect((await cm1.post(`/api/zhuqi/assignments/${a2.id}/accept`, { version: a2.version })).status).toBe(
      404,
    );
    expect((await cm2.post(`/api/zhuqi/assignments/${a2.id}/decline`, { version: a2.version })).status).toBe(
      400,
    );
    await post(cm2, `/api/zhuqi/assignments/${a2.id}/decline`, {
      version: a2.version,
      reason: '本月已满负荷',
    });

    tasks = (await cm1.get('/api/zhuqi/my-tasks')).body;
    expect(tasks.offers).toHaveLength(1);
    const a1 = tasks.offers[0].assignment;
    expect(a1.position).toBe(2);
    const unread = (await cm1.get('/api/notifications/unread-count')).body.unread;
    expect(unread).toBeGreaterThanOrEqual(1);

    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        cm1.post(`/api/zhuqi/assignments/${a1.id}/accept`, { version: a1.version }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    demand = (await county.get(`/api/zhuqi/demands/${demand.id}`)).body;
    expect(demand.state).toBe('in_service');
    expect(demand.serverName).toBe('王建国');
    const accepts = (await events(demand.id)).filter((e) => e.action === 'accept');
    expect(accepts).toHaveLength(1);
  });

  it('records service, completes, and the enterprise confirms with a rating', async () => {
    // Completing before any service record is refused.
    expect(
      (await cm1.post(`/api/zhuqi/demands/${demand.id}/complete`, { version: demand.version })).status,
    ).toBe(409);
    // Only the serving craftsman records service.
    const rec = {
      visitDate: '2025-05-10',
      hours: 6,
      workersTrained: 12,
      content: '现场诊断，调整加载压力与联控策略',
    };
    expect((await cm2.post(`/api/zhuqi/demands/${demand.id}/service-records`, rec)).status).toBe(403);
    await post(cm1, `/api/zhuqi/demands/${demand.id}/service-records`, rec, 201);
    await post(
      cm1,
      `/api/zhuqi/demands/${demand.id}/service-records`,
      { ...rec, visitDate: '2025-05-20', hours: 3 },
      201,
    );
    const records = (await ent.get(`/api/zhuqi/demands/${demand.id}/service-records`)).body;
    expect(records.map((r: any) => r.hours)).toEqual([6, 3]);
    demand = await post(cm1, `/api/zhuqi/demands/${demand.id}/complete`, {
      version: demand.version,
      note: '改造后空载率下降',
    });
    expect(demand.state).toBe('completed');
    // The union cannot confirm for the enterprise; ratings are 1–5.
    expect(
      (
        await county.post(`/api/zhuqi/demands/${demand.id}/confirm`, {
          version: demand.version,
          timeliness: 5,
          effect: 5,
          attitude: 5,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await ent.post(`/api/zhuqi/demands/${demand.id}/confirm`, {
          version: demand.version,
          timeliness: 6,
          effect: 5,
          attitude: 5,
        })
      ).status,
    ).toBe(400);
    demand = await post(ent, `/api/zhuqi/demands/${demand.id}/confirm`, {
      version: demand.version,
      timeliness: 5,
      effect: 4,
      attitude: 5,
      comment: '响应快，效果明显',
      benefitYuan: 120000,
    });
    expect(demand.state).toBe('closed');
    expect(demand.rating).toMatchObject({ timeliness: 5, effect: 4, attitude: 5, benefitYuan: 120000 });

    const timeline = (await events(demand.id)).map((e) => e.action);
    expect(timeline).toEqual([
      'post',
      'return',
      'resubmit',
      'publish',
      'dispatch',
      'decline',
      'accept',
      'recordService',
      'recordService',
      'complete',
      'confirm',
    ]);
    // Each transition is audited once.
    const audited = await env.db.select().from(auditLog).where(eq(auditLog.objectType, 'demand'));
    expect(audited.filter((a) => a.event === 'demand.accept')).toHaveLength(1);
    expect(audited.filter((a) => a.event === 'demand.confirm')).toHaveLength(1);
  });

  it('asks the enterprise for the benefit realised 30 and 90 days later', async () => {
    let f = (await ent.get(`/api/zhuqi/demands/${demand.id}/followups`)).body;
    expect(f.map((x: any) => x.days)).toEqual([30, 90]);
    expect(
      (await ent.post(`/api/zhuqi/followups/${f[0].id}/answer`, { version: f[0].version, benefitYuan: 1 }))
        .status,
    ).toBe(409);
    await advance(31 * 24 * HOUR);
    await tick(env.db, env.clock);
    f = (await ent.get(`/api/zhuqi/demands/${demand.id}/followups`)).body;
    expect(f[0].askedAt).not.toBeNull();
    expect(f[1].askedAt).toBeNull();
    const notes = (await ent.get('/api/notifications?unread=true')).body.items;
    expect(notes[0].title).toContain('30 天回访');
    const answered = await post(ent, `/api/zhuqi/followups/${f[0].id}/answer`, {
      version: f[0].version,
      benefitYuan: 150000,
      note: '年节电约 18 万度',
    });
    expect(answered.benefitYuan).toBe(150000);
    // The 90-day one, by a ticker with its own clock (passwords expire after 90 days: the
    // shared clock stays where it is for the tests that follow).
    const later = new ManualClock();
    later.advance(env.clock.now().getTime() - Date.now() + 60 * 24 * HOUR);
    await tick(env.db, later);
    f = (await ent.get(`/api/zhuqi/demands/${demand.id}/followups`)).body;
    expect(f[1].askedAt).not.toBeNull();
  });
});

describe('timeouts, escalation and restarts', () => {
  it('an unanswered offer expires at its deadline and passes to the next candidate; an exhausted list escalates', async () => {
    let d = await newDemand('注塑车间废品率高');
    d = await post(county, `/api/zhuqi/demands/${d.id}/dispatch`, {
      version: d.version,
      deadlineHours: 24,
      candidates: [
        { type: 'craftsman', id: c2.id },
        { type: 'craftsman', id: c1.id },
      ],
    });
    await advance(23 * HOUR);
    expect((await tick(env.db, env.clock)).ran).toBe(0);
    await advance(2 * HOUR);
    await tick(env.db, env.clock);
    const as = (await county.get(`/api/zhuqi/demands/${d.id}/assignments`)).body;
    expect(as.map((a: any) => a.state)).toEqual(['expired', 'offered']);
    await advance(25 * HOUR);
    await tick(env.db, env.clock);
    d = (await county.get(`/api/zhuqi/demands/${d.id}`)).body;
    expect(d.state).toBe('published');
    expect(d.level).toBe('city');
    expect((await events(d.id)).map((e) => e.action)).toEqual([
      'post',
      'publish',
      'dispatch',
      'expire',
      'expire',
      'escalate',
    ]);
    // The county no longer dispatches it; the city does (a city operator sees the county's craftsmen).
    const byCounty = await county.post(`/api/zhuqi/demands/${d.id}/dispatch`, {
      version: d.version,
      candidates: [{ type: 'craftsman', id: c1.id }],
    });
    expect(byCounty.status).toBe(403);
    const cityNotes = (await city.get('/api/notifications')).body.items;
    expect(cityNotes[0].title).toContain('上报');
    d = await post(city, `/api/zhuqi/demands/${d.id}/dispatch`, {
      version: d.version,
      candidates: [{ type: 'craftsman', id: c1.id }],
    });

    // Restart: a new app on the same database, with its own clock; the deadline row still fires.
    const clock2 = new ManualClock();
    clock2.advance(env.clock.now().getTime() - Date.now() + 49 * HOUR);
    const app2 = createApp({ database: env.database, clock: clock2, rateLimits: TEST_RATE_LIMITS });
    const pending = await env.db.select().from(dueJobs).where(eq(dueJobs.state, 'pending'));
    expect(pending.some((j) => j.kind === 'assignment.deadline')).toBe(true);
    await tick(env.db, clock2);
    const provinceView = await new Client({ app: app2 }).login('z.province');
    d = (await provinceView.get(`/api/zhuqi/demands/${d.id}`)).body;
    expect(d.level).toBe('province');
    expect(d.state).toBe('published');
    const levels = (await events(d.id)).filter((e) => e.action === 'escalate').map((e) => e.detail.to);
    expect(levels).toEqual(['city', 'province']);
    // A second tick (another process) finds nothing left to do: no job runs twice.
    expect((await tick(env.db, clock2)).ran).toBe(0);
    const rows = await env.db.select().from(demandEvents).where(eq(demandEvents.demandId, d.id));
    expect(rows.filter((e) => e.action === 'expire')).toHaveLength(3);
  });
});

describe('认领', () => {
  it('a craftsman claims an open demand in their city and the county confirms', async () => {
    let d = await newDemand('员工技能培训需求');
    const open = (await cm2.get('/api/zhuqi/open-demands')).body;
    expect(open.items.map((x: any) => x.id)).toContain(d.id);
    expect((await county.get('/api/zhuqi/open-demands')).status).toBe(403);
    d = await post(cm2, `/api/zhuqi/demands/${d.id}/claim`, {
      version: d.version,
      note: '可安排两次上门培训',
    });
    expect(d.state).toBe('claimed');
    // Once claimed it is no longer open: another craftsman no longer sees it.
    expect((await cm1.post(`/api/zhuqi/demands/${d.id}/claim`, { version: d.version })).status).toBe(404);
    d = await post(county, `/api/zhuqi/demands/${d.id}/confirm-claim`, { version: d.version });
    expect(d.state).toBe('in_service');
    expect(d.serverName).toBe('李秀英');
    expect((await cm2.get('/api/zhuqi/my-tasks')).body.serving.map((t: any) => t.demand.id)).toContain(d.id);
  });
});

describe('notifications', () => {
  it('are the user’s own: another user’s answers 404', async () => {
    const mine = (await cm1.get('/api/notifications')).body.items;
    expect(mine.length).toBeGreaterThan(0);
    expect((await ent.post(`/api/notifications/${mine[0].id}/read`)).status).toBe(404);
    const read = await post(cm1, `/api/notifications/${mine[0].id}/read`, {});
    expect(read.readAt).not.toBeNull();
    await post(cm1, '/api/notifications/read-all', {});
    expect((await cm1.get('/api/notifications/unread-count')).body.unread).toBe(0);
  });

  it('go out through the webhook, signed, retried with backoff, never failing a transition', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    let failNext = 1;
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failNext-- > 0) {
          res.statusCode = 500;
          res.end('busy');
          return;
        }
        received.push({ headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const secret = 'webhook-secret-for-tests';
    try {
      configureOutboundChannels([new WebhookChannel(url, secret)]);
      const d = await newDemand('webhook 测试需求'); // post + publish: two notifications
      let out = await tick(env.db, env.clock);
      expect(out.failed).toBeGreaterThanOrEqual(1); // the receiver refused the first
      env.clock.advance(31_000);
      out = await tick(env.db, env.clock);
      expect(received.length).toBe(2);
      const first = received.find((r) => JSON.parse(r.body).event === 'demand.published')!;
      const ts = first.headers['x-jiangxin-timestamp'] as string;
      expect(first.headers['x-jiangxin-signature']).toBe(`hmac-sm3=${signWebhook(secret, ts, first.body)}`);
      expect(JSON.parse(first.body).subject).toEqual({ type: 'demand', id: d.id });

      // A receiver that is down does not block or fail a transition.
      configureOutboundChannels([new WebhookChannel('http://127.0.0.1:9/down', secret, 500)]);
      const d2 = await newDemand('接收端故障时的需求');
      expect(d2.state).toBe('published');
      expect((await tick(env.db, env.clock)).failed).toBeGreaterThanOrEqual(1);
    } finally {
      configureOutboundChannels([]);
      server.close();
    }
  });
});

describe('专项行动与典型案例', () => {
  it('records a special action; the mountain/island flag comes from the county on that year’s list', async () => {
    const tree = (await province.get('/api/orgs/tree')).body as any[];
    const chunan = tree.find((n) => n.code === '330127');
    const a = await post(
      county,
      '/api/zhuqi/service-actions',
      {
        title: '淳安县山区专场服务',
        heldOn: '2025-06-18',
        countyId: chunan.id,
        organiser: '淳安县总工会',
        workersTrained: 120,
        participantIds: [c1.id, c2.id],
      },
      201,
    );
    expect(a.mountainIsland).toBe(true);
    expect(a.participantCount).toBe(2);
    const xihuCounty = tree.find((n) => n.code === '330106');
    const refused = await county.post('/api/zhuqi/service-actions', {
      title: '越权',
      heldOn: '2025-06-18',
      countyId: xihuCounty.id,
    });
    expect(refused.status).toBe(400);
    const list = (await city.get('/api/zhuqi/service-actions?year=2025&mountainIsland=true')).body;
    expect(list.items.map((x: any) => x.id)).toContain(a.id);
    expect(list.items.reduce((s: number, x: any) => s + x.workersTrained, 0)).toBe(120);
  });

  it('marks a closed demand as a typical case and compiles the cases into a Word document', async () => {
    const closed = (await county.get('/api/zhuqi/demands?state=closed')).body.items[0];
    const open = (await county.get('/api/zhuqi/demands?state=published')).body.items[0];
    expect(
      (
        await county.post(`/api/zhuqi/demands/${open.id}/typical-case`, {
          version: open.version,
          typical: true,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await ent.post(`/api/zhuqi/demands/${closed.id}/typical-case`, {
          version: closed.version,
          typical: true,
        })
      ).status,
    ).toBe(403);
    const marked = await post(county, `/api/zhuqi/demands/${closed.id}/typical-case`, {
      version: closed.version,
      typical: true,
    });
    expect(marked.typicalCase).toBe(true);
    const res = await env.app.request('/api/zhuqi/typical-cases.docx', {
      headers: { cookie: county.cookie! },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('典型案例汇编');
    expect(text).toContain(`案例1　${closed.title}`);
    expect(text).toContain('现场诊断，调整加载压力与联控策略');
    expect(text).toContain('企业报告效益 120,000 元');
    // Another county's collection holds none of them.
    const xihu = await signedIn(env, 'z.xihu');
    const other = await env.app.request('/api/zhuqi/typical-cases.docx', {
      headers: { cookie: xihu.cookie! },
    });
    const otherXml = await (await JSZip.loadAsync(Buffer.from(await other.arrayBuffer())))
      .file('word/document.xml')!
      .async('string');
    expect(otherXml).not.toContain(closed.title);
  });
});
