// When a decline or a timeout passes a demand to the next backup, that backup is checked again
// at that moment (decision 019: capacity, unavailability, conflict of interest); backups that no
// longer qualify are skipped with the reason in the demand's history, and when none is left the
// demand goes on as if the list were exhausted (reopened or escalated).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { craftsmen } from '../../src/server/db/schema/zhuqi.ts';
import { makeCraftsman, makeDemand, makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { tick } from '../../src/server/features/zhuqi/zhuqi.ticker.ts';
import { todayInChina } from '../../src/server/lib/clock.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let county: Client;
let first: Client; // the craftsman offered first, who declines
let client: { id: number };
let employer: { id: number };
const ids: Record<string, number> = {};

async function craftsman(name: string, opts: { userId?: number; capacity?: number } = {}) {
  const c = await makeCraftsman(env.db, {
    countyCode: '330127',
    name,
    employerId: employer.id,
    userId: opts.userId,
    monthlyCapacity: opts.capacity ?? 3,
  });
  ids[name] = c.id;
  return c.id;
}

async function published(title: string) {
  return (
    await makeDemand(env.db, {
      enterpriseId: client.id,
      title,
      description: '测试候补复核',
      category: '节能降耗',
      state: 'published',
    })
  ).id;
}

const fresh = async (id: number) => (await county.get(`/api/zhuqi/demands/${id}`)).body;
const assignmentsOf = async (id: number) =>
  (await county.get(`/api/zhuqi/demands/${id}/assignments`)).body as any[];
const eventsOf = async (id: number) => (await county.get(`/api/zhuqi/demands/${id}/events`)).body as any[];

async function dispatch(id: number, names: string[], extra: Record<string, unknown> = {}) {
  const d = await fresh(id);
  const res = await county.post(`/api/zhuqi/demands/${id}/dispatch`, {
    version: d.version,
    candidates: names.map((n) => ({ type: 'craftsman', id: ids[n] })),
    ...extra,
  });
  expect(res.status, res.text).toBe(200);
}

async function declineFirst(id: number) {
  const offer = (await assignmentsOf(id)).find((a) => a.state === 'offered');
  const res = await first.post(`/api/zhuqi/assignments/${offer.id}/decline`, {
    version: offer.version,
    reason: '时间冲突',
  });
  expect(res.status, res.text).toBe(200);
}

beforeAll(async () => {
  env = await createTestEnv();
  client = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  employer = await makeEnterprise(env.db, { countyCode: '330127', seq: 2 });
  await addUser(env, 'zb.county', '330127', ['county_admin']);
  const u = await addUser(env, 'zb.first', (employer as any).uscc, ['craftsman']);
  county = await signedIn(env, 'zb.county');
  first = await signedIn(env, 'zb.first');
  await craftsman('先派师傅', { userId: u.id, capacity: 20 });
  await craftsman('将休假师傅');
  await craftsman('将满额师傅', { capacity: 1 });
  await craftsman('将调入企业师傅');
  await craftsman('合格师傅');
});
afterAll(() => env?.close());

describe('backups re-checked when the offer passes on', () => {
  it('skips backups who became unavailable, full or conflicted, with the reasons in the history', async () => {
    const id = await published('冷却塔风机振动');
    await dispatch(id, ['先派师傅', '将休假师傅', '将满额师傅', '将调入企业师傅', '合格师傅']);
    // After dispatch, three backups stop qualifying.
    const today = todayInChina(env.clock.now());
    await env.db
      .update(craftsmen)
      .set({ unavailable: [{ from: today, to: today, reason: '外出培训' }] })
      .where(eq(craftsmen.id, ids.将休假师傅));
    const other = await published('别的需求');
    await dispatch(other, ['将满额师傅']); // an open offer fills a capacity of 1
    await env.db.update(craftsmen).set({ employerId: client.id }).where(eq(craftsmen.id, ids.将调入企业师傅));

    await declineFirst(id);
    const d = await fresh(id);
    expect(d.state).toBe('dispatching');
    const rows = await assignmentsOf(id);
    const byName = (n: string) => rows.find((a) => a.candidateName === n);
    expect(byName('先派师傅').state).toBe('declined');
    expect(byName('将休假师傅')).toMatchObject({ state: 'skipped' });
    expect(byName('将休假师傅').declineReason).toMatch(/不能接单（外出培训）/);
    expect(byName('将满额师傅').declineReason).toMatch(/本月已满额（已接 1 单，每月可接 1 单）/);
    expect(byName('将调入企业师傅').declineReason).toMatch(/需求企业的职工，须回避/);
    expect(byName('合格师傅').state).toBe('offered');
    const skips = (await eventsOf(id)).filter((e) => e.action === 'skipCandidate');
    expect(skips.map((e) => e.detail.candidate)).toEqual(['将休假师傅', '将满额师傅', '将调入企业师傅']);
    expect(skips.every((e) => /已跳过$/.test(e.detail.reason))).toBe(true);
    const decline = (await eventsOf(id)).find((e) => e.action === 'decline');
    expect(decline.detail).toMatchObject({
      next: 5,
      skipped: [{ position: 2 }, { position: 3 }, { position: 4 }],
    });
    // Restore for the next tests.
    await env.db
      .update(craftsmen)
      .set({ unavailable: [], employerId: employer.id })
      .where(eq(craftsmen.id, ids.将休假师傅));
    await env.db
      .update(craftsmen)
      .set({ employerId: employer.id })
      .where(eq(craftsmen.id, ids.将调入企业师傅));
  });

  it('honours a capacity the operator overrode at dispatch for that round', async () => {
    const id = await published('空压机泄漏');
    // 将满额师傅 is still full (the other demand's open offer): dispatched with a reason.
    await dispatch(id, ['先派师傅', '将满额师傅'], { capacityOverrideReason: '唯一熟悉该型号的师傅' });
    await declineFirst(id);
    const rows = await assignmentsOf(id);
    expect(rows.find((a) => a.candidateName === '将满额师傅').state).toBe('offered');
  });

  it('when no backup qualifies, the demand goes on as if the list were exhausted', async () => {
    const id = await published('锅炉排烟温度高');
    await dispatch(id, ['先派师傅', '将休假师傅']);
    const today = todayInChina(env.clock.now());
    await env.db
      .update(craftsmen)
      .set({ unavailable: [{ from: today, to: '2999-12-31', reason: '病假' }] })
      .where(eq(craftsmen.id, ids.将休假师傅));
    // The first offer times out: the ticker expires it as the system.
    env.clock.advance(49 * 3_600_000);
    await tick(env.db, env.clock);
    await county.login('zb.county');
    const d = await fresh(id);
    expect(d.state).toBe('published');
    const rows = await assignmentsOf(id);
    expect(rows.map((a) => a.state)).toEqual(['expired', 'skipped']);
    const events = await eventsOf(id);
    expect(events.find((e) => e.action === 'skipCandidate').detail.reason).toMatch(/病假/);
    expect(events.find((e) => e.action === 'expire').detail.skipped).toHaveLength(1);
  });
});
