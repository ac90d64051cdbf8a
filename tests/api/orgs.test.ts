import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise, makeIndustryUnion, makeUscc } from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let province: Client;
let chunan: Client;
let iuAdmin: Client;
let chunanId: number;
let xihuId: number;
let iuId: number;

beforeAll(async () => {
  env = await createTestEnv();
  const iu = await makeIndustryUnion(env.db, 'IU-T1', '浙江省测试产业工会');
  iuId = iu.id;
  await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  await makeEnterprise(env.db, { countyCode: '330106', seq: 1, industryUnionId: iu.id });
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'iu.admin', 'IU-T1', ['industry_union_admin']);
  province = await signedIn(env, 'p.admin');
  chunan = await signedIn(env, 'ca.admin');
  iuAdmin = await signedIn(env, 'iu.admin');
  const tree = (await province.get('/api/orgs/tree')).body as { id: number; code: string }[];
  chunanId = tree.find((n) => n.code === '330127')!.id;
  xihuId = tree.find((n) => n.code === '330106')!.id;
});
afterAll(() => env.close());

describe('the organisation tree', () => {
  it('has the province, its six units, 11 cities and 90 counties with their GB/T 2260 codes', async () => {
    const tree = (await province.get('/api/orgs/tree')).body as any[];
    const kinds = (k: string) => tree.filter((n) => n.kind === k);
    expect(kinds('province')).toHaveLength(1);
    expect(kinds('city')).toHaveLength(11);
    expect(kinds('county')).toHaveLength(90);
    expect(kinds('department').map((d) => d.shortName)).toEqual([
      '劳动和经济工作部',
      '宣传教育部',
      '宣传部',
      '法律工作部',
    ]);
    expect(kinds('centre')[0].name).toBe('职工技术协作与网络中心');
    expect(kinds('academy')[0].name).toContain('浙江工匠学院');
    const byCode = new Map(tree.map((n) => [n.code, n]));
    expect(byCode.get('330100').name).toBe('杭州市总工会');
    expect(byCode.get('330127').name).toBe('淳安县总工会');
    expect(byCode.get('331127').name).toBe('景宁畲族自治县总工会');
    expect(byCode.get('330113').parentId).toBe(byCode.get('330100').id); // 临平区
    expect(byCode.get('330383').parentId).toBe(byCode.get('330300').id); // 龙港市
  });

  it('marks the 2025 list of 22 mountain and island counties, and the 2024 list of 25 by year', async () => {
    const tree = (await province.get('/api/orgs/tree?year=2025')).body as any[];
    const mi = tree.filter((n) => n.mountainIsland);
    expect(mi).toHaveLength(22);
    expect(
      mi
        .filter((n) => n.mountainIsland === 'island')
        .map((n) => n.shortName)
        .sort(),
    ).toEqual(['嵊泗县', '洞头区'].sort());
    expect(mi.some((n) => n.shortName === '永嘉县')).toBe(false);
    const t2024 = (await province.get('/api/orgs/tree?year=2024')).body as any[];
    expect(t2024.filter((n) => n.mountainIsland)).toHaveLength(25);
    expect(t2024.some((n) => n.shortName === '永嘉县' && n.mountainIsland === 'mountain')).toBe(true);
    expect(tree.filter((n) => n.isMountain26)).toHaveLength(26);
  });

  it('shows a county its own branch only, with the ancestors as the path to it', async () => {
    const tree = (await chunan.get('/api/orgs/tree')).body as any[];
    expect(tree.map((n) => n.code)).toEqual(['330000', '330100', '330127']);
  });

  it('lets the province edit a year’s list; a county may not', async () => {
    const lists = (await province.get('/api/mountain-island-lists')).body as any[];
    const l2025 = lists.find((l) => l.year === 2025);
    expect(l2025.members).toHaveLength(22);
    const members = l2025.members
      .filter((m: any) => m.code !== '330127')
      .map((m: any) => ({ orgId: m.orgId, category: m.category }));
    const denied = await chunan.put('/api/mountain-island-lists/2026', {
      effectiveFrom: '2026-06-01',
      title: '测试名单',
      members,
    });
    expect(denied.status).toBe(403);
    const saved = await province.put('/api/mountain-island-lists/2026', {
      effectiveFrom: '2026-06-01',
      title: '山区海岛县（21 县）',
      members,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.members).toHaveLength(21);
    const stale = await province.put('/api/mountain-island-lists/2026', {
      version: 99,
      effectiveFrom: '2026-06-01',
      title: '测试名单',
      members,
    });
    expect(stale.status).toBe(409);
    const notCounty = await province.put('/api/mountain-island-lists/2027', {
      effectiveFrom: '2027-06-01',
      title: '测试名单',
      members: [{ orgId: 1, category: 'mountain' }],
    });
    expect(notCounty.status).toBe(400);
  });
});

describe('enterprises', () => {
  it('registers an enterprise in a county with a valid USCC and industry', async () => {
    const uscc = makeUscc('330127', 501);
    const res = await chunan.post('/api/orgs/enterprises', {
      countyId: chunanId,
      name: '千岛湖测试科技有限公司',
      uscc,
      industryDivision: '34',
      hasUnion: true,
      aboveScaleIndustry: true,
      contactName: '王工',
      contactPhone: '13812341234',
    });
    expect(res.status).toBe(201);
    expect(res.body.industrySection).toBe('C');
    expect(res.body.contactPhone).toBe('138****1234');
    expect(res.body.path.startsWith('/')).toBe(true);
    const dup = await chunan.post('/api/orgs/enterprises', {
      countyId: chunanId,
      name: '重复企业',
      uscc,
      industryDivision: '34',
    });
    expect(dup.status).toBe(409);
    // Full phone: only with pii:view, and the read is audited.
    const full = await chunan.get(`/api/orgs/${res.body.id}?reveal=true`);
    expect(full.body.contactPhone).toBe('13812341234');
  });

  it('refuses a corrupted USCC, an unknown industry, and another county', async () => {
    const good = makeUscc('330127', 502);
    const bad = `${good.slice(0, 17)}${good[17] === 'A' ? 'B' : 'A'}`;
    const r1 = await chunan.post('/api/orgs/enterprises', {
      countyId: chunanId,
      name: '某某公司',
      uscc: bad,
      industryDivision: '34',
    });
    expect(r1.status).toBe(400);
    expect(r1.body.error.message).toMatch(/统一社会信用代码/);
    const r2 = await chunan.post('/api/orgs/enterprises', {
      countyId: chunanId,
      name: '某某公司',
      uscc: good,
      industryDivision: '99',
    });
    expect(r2.status).toBe(400);
    const r3 = await chunan.post('/api/orgs/enterprises', {
      countyId: xihuId,
      name: '某某公司',
      uscc: good,
      industryDivision: '34',
    });
    expect(r3.status).toBe(404);
    const r4 = await chunan.post('/api/orgs/enterprises', {
      countyId: chunanId,
      name: '某某公司',
      uscc: good,
      industryDivision: '34',
      orgId: 5,
    });
    expect(r4.status).toBe(400);
  });

  it('an enterprise in a county and an industry union is seen by both', async () => {
    const iuList = (await iuAdmin.get('/api/orgs?kind=enterprise')).body;
    expect(iuList.total).toBe(1);
    expect(iuList.items[0].divisionCode).toBe('330106');
    const chunanList = (await chunan.get('/api/orgs?kind=enterprise')).body;
    expect(chunanList.items.every((e: any) => e.divisionCode === '330127')).toBe(true);
    const xihuEnterprise = iuList.items[0].id;
    expect((await chunan.get(`/api/orgs/${xihuEnterprise}`)).status).toBe(404);
  });

  it('edits with the version read; a stale version is refused and changes nothing', async () => {
    const list = (await chunan.get('/api/orgs?kind=enterprise&q=千岛湖')).body;
    const e = list.items[0];
    const ok = await chunan.patch(`/api/orgs/${e.id}`, { version: e.version, reformPilot: true });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(e.version + 1);
    const stale = await chunan.patch(`/api/orgs/${e.id}`, { version: e.version, name: '被覆盖的名字' });
    expect(stale.status).toBe(409);
    expect((await chunan.get(`/api/orgs/${e.id}`)).body.name).toBe('千岛湖测试科技有限公司');
    const del = await chunan.delete(`/api/orgs/${e.id}?version=${ok.body.version}`);
    expect(del.status).toBe(200);
    expect((await chunan.get(`/api/orgs/${e.id}`)).status).toBe(404);
  });

  it('a county cannot edit its own federation, nor delete it', async () => {
    const me = await chunan.get(`/api/orgs/${chunanId}`);
    expect(
      (await chunan.patch(`/api/orgs/${chunanId}`, { version: me.body.version, name: '改名' })).status,
    ).toBe(403);
    expect((await province.delete(`/api/orgs/${chunanId}?version=${me.body.version}`)).status).toBe(409);
  });

  it('the province adds an industry union', async () => {
    const res = await province.post('/api/orgs/industry-unions', {
      name: '浙江省新增产业工会',
      code: 'IU-NEW',
    });
    expect(res.status).toBe(201);
    expect(
      (await chunan.post('/api/orgs/industry-unions', { name: '县里的产业工会', code: 'IU-X' })).status,
    ).toBe(403);
    expect(iuId).toBeGreaterThan(0);
  });
});

describe('follow-ups from the web', () => {
  it('counts an industry union’s enterprises in the tree and lists a city’s enterprises with within=', async () => {
    const tree = (await province.get('/api/orgs/tree')).body as any[];
    expect(tree.find((n) => n.code === 'IU-T1').enterpriseCount).toBe(1);
    const hz = tree.find((n) => n.code === '330100');
    const all = (await province.get(`/api/orgs?kind=enterprise&within=${hz.id}`)).body;
    expect(all.total).toBeGreaterThan(0);
    expect(all.items.every((e: any) => e.path.startsWith(`/1/${hz.id}/`))).toBe(true);
    expect((await chunan.get(`/api/orgs?within=${hz.id}`)).status).toBe(404);
  });

  it('says which field a conflict is about', async () => {
    const list = (await province.get('/api/orgs?kind=enterprise&pageSize=2')).body.items;
    const [a, b] = list;
    const dup = await province.patch(`/api/orgs/${a.id}`, { version: a.version, uscc: b.uscc });
    expect(dup.status).toBe(409);
    expect(dup.body.error.issues[0].path).toBe('uscc');
    const stale = await province.patch(`/api/orgs/${a.id}`, { version: a.version + 5, name: '某某企业' });
    expect(stale.body.error.issues[0].path).toBe('version');
  });

  it('refuses to delete an enterprise that still has active accounts', async () => {
    const e = (await province.get('/api/orgs?kind=enterprise&pageSize=1')).body.items[0];
    await addUser(env, 'ent.keeper', e.code, ['enterprise_contact']);
    const res = await province.delete(`/api/orgs/${e.id}?version=${e.version}`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/账号/);
  });
});
