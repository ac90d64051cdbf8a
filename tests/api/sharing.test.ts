// The sharing platform through HTTP: an achievement from draft to the public showcase and a
// recorded deal; scope; concurrent review; what the public sees; the market export read back.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { addUser, Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let county: Client; // 淳安县
let other: Client; // 西湖区
let province: Client;
let ent: Client; // 淳安 enterprise contact
let buyer: Client; // an enterprise in 西湖区
let entId: number;
let buyerEntId: number;
let cat: Record<string, number>;

const body = (extra: Record<string, unknown> = {}) => ({
  title: '数控车床主轴热变形补偿装置',
  categoryId: cat['wx-innovation'],
  year: 2025,
  description: '在主轴箱布置温度传感器，按温升曲线实时修正刀补，尺寸误差明显下降。',
  benefitAmount: 46.5,
  patents: [{ number: 'ZL202520001234.5', kind: 'utility' }],
  awards: [{ name: '浙江省职工优秀技术创新成果', level: '省级', year: 2025 }],
  authors: [
    { name: '王建国', title: '高级技师', phone: '13800001234', publicConsent: true },
    { name: '李秘密', phone: '13900005678', publicConsent: false },
  ],
  ...extra,
});

beforeAll(async () => {
  env = await createTestEnv();
  const e = await makeEnterprise(env.db, {
    countyCode: '330127',
    seq: 1,
    flags: { hasUnion: true, aboveScaleIndustry: true },
  });
  const b = await makeEnterprise(env.db, { countyCode: '330106', seq: 2 });
  entId = e.id;
  buyerEntId = b.id;
  await addUser(env, 'sh.province', '330000', ['province_admin']);
  await addUser(env, 'sh.county', '330127', ['county_admin']);
  await addUser(env, 'sh.other', '330106', ['county_admin']);
  await addUser(env, 'sh.ent', e.code, ['enterprise_contact']);
  await addUser(env, 'sh.buyer', b.code, ['enterprise_contact']);
  province = await signedIn(env, 'sh.province');
  county = await signedIn(env, 'sh.county');
  other = await signedIn(env, 'sh.other');
  ent = await signedIn(env, 'sh.ent');
  buyer = await signedIn(env, 'sh.buyer');
  const cats = (await county.get('/api/achievement-categories')).body as any[];
  cat = Object.fromEntries(cats.map((c) => [c.code, c.id]));
});
afterAll(() => env.close());

describe('categories', () => {
  it('seeds 五小 as confirmed and 四技 / 两比 as unconfirmed; only the province edits', async () => {
    const cats = (await county.get('/api/achievement-categories')).body as any[];
    expect(cats.filter((c) => c.family === '五小').map((c) => c.name)).toEqual([
      '小发明',
      '小创造',
      '小革新',
      '小设计',
      '小建议',
    ]);
    expect(cats.find((c) => c.code === 'sj').confirmed).toBe(false);
    expect(cats.find((c) => c.code === 'lb').confirmed).toBe(false);
    expect(
      (await county.post('/api/achievement-categories', { code: 'x', name: 'x', family: '其他' })).status,
    ).toBe(403);
    const made = await province.post('/api/achievement-categories', {
      code: 'sj-reform',
      name: '技术革新',
      family: '四技',
      confirmed: false,
    });
    expect(made.status).toBe(201);
    expect(
      (
        await province.post('/api/achievement-categories', {
          code: 'sj-reform',
          name: '重复',
          family: '四技',
        })
      ).status,
    ).toBe(409);
  });
});

describe('achievement from draft to deal', () => {
  let id: number;
  let version: number;

  it('an enterprise drafts its project; bad input is refused with a message and stores nothing', async () => {
    const bad = await ent.post(
      '/api/achievements',
      body({ authors: [{ name: '某人', phone: '12345', publicConsent: true }] }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/手机/);
    expect((await ent.post('/api/achievements', body({ authors: [] }))).status).toBe(400);
    expect((await ent.post('/api/achievements', body({ state: 'published' }))).status).toBe(400);
    expect((await county.get('/api/achievements')).body.total).toBe(0);
    const res = await ent.post('/api/achievements', body());
    expect(res.status).toBe(201);
    expect(res.body.state).toBe('draft');
    expect(res.body.orgId).toBe(entId);
    expect(res.body.authors[0].phone).toBe('138****1234');
    id = res.body.id;
    version = res.body.version;
  });

  it('a union user outside the scope gets 404; the county sees it', async () => {
    expect((await other.get(`/api/achievements/${id}`)).status).toBe(404);
    expect((await other.get('/api/achievements')).body.items).toEqual([]);
    expect((await county.get(`/api/achievements/${id}`)).status).toBe(200);
    expect((await other.post(`/api/achievements/${id}/approve`, { version })).status).toBe(404);
  });

  it('the enterprise cannot review; submit → returned with reason → resubmit', async () => {
    let res = await ent.post(`/api/achievements/${id}/submit`, { version });
    expect(res.status).toBe(200);
    version = res.body.version;
    expect((await ent.post(`/api/achievements/${id}/approve`, { version })).status).toBe(403);
    expect((await ent.patch(`/api/achievements/${id}`, { version, title: '改名' })).status).toBe(409);
    expect((await county.post(`/api/achievements/${id}/return`, { version })).status).toBe(400);
    res = await county.post(`/api/achievements/${id}/return`, { version, reason: '请补充经济效益测算依据' });
    expect(res.status).toBe(200);
    expect(res.body.returnReason).toBe('请补充经济效益测算依据');
    version = res.body.version;
    res = await ent.patch(`/api/achievements/${id}`, { version, benefitNote: '按年节约废品损失测算' });
    expect(res.status).toBe(200);
    version = res.body.version;
    res = await ent.post(`/api/achievements/${id}/submit`, { version });
    version = res.body.version;
    expect(res.body.state).toBe('submitted');
  });

  it('20 concurrent approvals: exactly one wins, the rest conflict; one event row', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => county.post(`/api/achievements/${id}/approve`, { version })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 || r.status === 422)).toHaveLength(19);
    const events = (await county.get(`/api/achievements/${id}/events`)).body as any[];
    expect(events.map((e) => e.action)).toEqual(['create', 'submit', 'return', 'submit', 'approve']);
    expect(events[2].reason).toBe('请补充经济效益测算依据');
    version = results.find((r) => r.status === 200)!.body.version;
  });

  it('not public before publication; published: shown with consenting authors only, no phone', async () => {
    expect((await new Client(env).get(`/api/public/achievements/${id}`)).status).toBe(404);
    const res = await county.post(`/api/achievements/${id}/publish`, { version });
    expect(res.status).toBe(200);
    version = res.body.version;
    const anon = new Client(env);
    const detail = await anon.get(`/api/public/achievements/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.authors.map((a: any) => a.name)).toEqual(['王建国']);
    expect(detail.text).not.toContain('李秘密');
    expect(detail.text).not.toMatch(/1[3-9]\d{9}|138\*{4}|139\*{4}/);
    const list = await anon.get(`/api/public/achievements?q=${encodeURIComponent('机床发热精度')}`);
    expect(list.body.items[0].id).toBe(id);
    expect(list.text).not.toContain('李秘密');
    const home = await anon.get('/api/public/home');
    expect(home.body.published).toBe(1);
    expect(home.text).not.toContain('李秘密');
    // Filters: the county and the category match, another county does not.
    expect((await anon.get(`/api/public/achievements?county=330127&category=wx-innovation`)).body.total).toBe(
      1,
    );
    expect((await anon.get(`/api/public/achievements?county=330106`)).body.total).toBe(0);
    expect((await anon.get(`/api/public/achievements?year=2025&city=330100`)).body.total).toBe(1);
  });

  it('the full phone needs pii:view and the read is audited', async () => {
    const res = await county.get(`/api/achievements/${id}?reveal=true`);
    expect(res.body.authors[0].phone).toBe('13800001234');
    expect((await ent.get(`/api/achievements/${id}?reveal=true`)).status).toBe(403);
  });

  it('similar achievements for a demand, with consenting authors as helpers', async () => {
    const res = await buyer.get(
      `/api/achievements/similar?text=${encodeURIComponent('我们的车床加工久了主轴发热，零件尺寸超差')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items[0].id).toBe(id);
    expect(res.body.items[0].helpers.map((h: any) => h.name)).toEqual(['王建国']);
    expect((await new Client(env).get('/api/achievements/similar?text=x')).status).toBe(401);
  });

  it('offer → intention from another enterprise → follow-up → deal; export read back', async () => {
    const offer = await county.post('/api/offers', {
      achievementId: id,
      mode: 'license',
      terms: '普通许可，三年，提供安装调试',
      price: 12.5,
      contactName: '赵老师',
      contactPhone: '13700001111',
      listedOn: '2025-06-01',
    });
    expect(offer.status).toBe(201);
    expect(offer.body.contactPhone).toBe('137****1111');
    const anon = new Client(env);
    const pub = await anon.get(`/api/public/achievements/${id}`);
    expect(pub.body.offers.map((o: any) => o.mode)).toEqual(['license']);
    expect(pub.text).not.toContain('13700001111');
    // Only an enterprise sends intentions; not on its own achievement.
    expect(
      (await county.post(`/api/offers/${offer.body.id}/intentions`, { message: '想合作', contactName: '甲' }))
        .status,
    ).toBe(403);
    expect(
      (await ent.post(`/api/offers/${offer.body.id}/intentions`, { message: '想合作', contactName: '甲' }))
        .status,
    ).toBe(400);
    const intent = await buyer.post(`/api/offers/${offer.body.id}/intentions`, {
      message: '我司车床较多，希望获得许可',
      contactName: '钱经理',
      contactPhone: '13600002222',
    });
    expect(intent.status).toBe(201);
    // The buyer sees its own intention; the 西湖 union does not see the 淳安 offer's follow-up.
    expect((await buyer.get(`/api/intentions/${intent.body.id}`)).status).toBe(200);
    const note = await county.post(`/api/intentions/${intent.body.id}/notes`, {
      version: intent.body.version,
      note: '已电话联系，约定现场考察',
    });
    expect(note.status).toBe(200);
    expect(note.body.state).toBe('following');
    expect(note.body.notes).toHaveLength(1);
    const deal = await county.post('/api/deals', {
      offerId: offer.body.id,
      intentionId: intent.body.id,
      buyerName: '西湖区某企业',
      amount: 12,
      signedOn: '2025-07-15',
    });
    expect(deal.status).toBe(201);
    expect(deal.body.buyerOrgId).toBe(buyerEntId);
    // The same intention cannot close twice.
    const again = await county.post('/api/deals', {
      offerId: offer.body.id,
      intentionId: intent.body.id,
      buyerName: '重复',
      amount: 1,
      signedOn: '2025-07-16',
    });
    expect(again.status).toBe(409);
    expect((await other.get(`/api/deals/${deal.body.id}`)).status).toBe(404);
    const offers = (await county.get('/api/offers')).body.items;
    expect(offers[0]).toMatchObject({ intentions: 1, deals: 1 });

    const xlsx = await county.request('GET', '/api/offers/export');
    expect(xlsx.status).toBe(200);
    const res = await env.app.request('/api/offers/export', { headers: { cookie: county.cookie! } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('挂牌成果')!;
    expect(ws.getRow(1).getCell(2).value).toBe('项目名称');
    expect(ws.getRow(2).getCell(2).value).toBe('数控车床主轴热变形补偿装置');
    expect(ws.getRow(2).getCell(4).value).toBe('许可');
    expect(ws.getRow(2).getCell(5).value).toBe(12.5);
    expect(ws.getRow(2).getCell(14).value).toBe('王建国');
    expect(ws.getRow(2).getCell(16).value).toBe('137****1111');
    expect(ws.rowCount).toBe(2);
  });
});

describe('exchange activities and lectures are registries', () => {
  it('a county records an activity and a lecture; another county does not see them', async () => {
    const act = await county.post('/api/registries/exchange-activities', {
      name: '淳安县职工五小创新成果展',
      mode: 'exhibit',
      countyCode: '330127',
      heldOn: '2025-05-20',
      crossRegion: true,
      crossIndustry: false,
      participants: 320,
    });
    expect(act.status).toBe(201);
    const lec = await county.post('/api/registries/lectures', {
      topic: '发展新质生产力主题宣讲',
      heldOn: '2025-04-10',
      audience: '企业职工',
      audienceCount: 120,
    });
    expect(lec.status).toBe(201);
    expect((await other.get(`/api/registries/exchange-activities/${act.body.id}`)).status).toBe(404);
    expect(
      (await county.post('/api/registries/exchange-activities', { ...act.body, mode: '赛' })).status,
    ).toBe(400);
  });
});
