// The access matrix: every list endpoint walked as a county user shows no row of another
// county; every direct read of another county's object answers 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { documentedRoutes, fillPath } from '../helpers/openapi.ts';
import { createOneOfEach } from '../helpers/registries.ts';
import { createSharingChain } from '../helpers/sharing.ts';
import { REGISTRY_DEFS } from '../../src/shared/registries/catalog.ts';
import type { RegistryDef } from '../../src/shared/registries/types.ts';

// Dictionaries (the course catalogue) are kept by the province and read by every level on purpose.
const SHARED = (REGISTRY_DEFS as readonly RegistryDef[])
  .filter((d) => d.shared)
  .map((d) => `/api/registries/${d.key}`);
const isShared = (path: string) => SHARED.some((p) => path === p || path.startsWith(`${p}/`));

let env: TestEnv;
let county: Client;
let province: Client;
const foreign: Record<string, number> = {};
let ownPaths: Map<number, string>;

beforeAll(async () => {
  env = await createTestEnv();
  for (const code of ['330127', '330106', '330382']) {
    for (let i = 1; i <= 3; i++) await makeEnterprise(env.db, { countyCode: code, seq: i });
  }
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin'], { phone: '13900001111' });
  await addUser(env, 'ca.staff', '330127', ['reviewer']);
  const xh = await addUser(env, 'xh.admin', '330106', ['county_admin'], { phone: '13900002222' });
  await addUser(env, 'yq.admin', '330382', ['county_admin']);
  province = await signedIn(env, 'p.admin');
  county = await signedIn(env, 'ca.admin');
  const all = (await province.get('/api/orgs?pageSize=100&kind=enterprise&q=西湖')).body;
  foreign['/api/orgs/{id}'] = all.items[0].id;
  foreign['/api/users/{id}'] = xh.id;
  // One record of every registry, kept by 西湖区.
  const xihu = await signedIn(env, 'xh.admin');
  const ids = await createOneOfEach(xihu, all.items[0].id, { fallback: province });
  for (const [key, id] of Object.entries(ids)) foreign[`/api/registries/${key}/{id}`] = id;
  for (const k of Object.keys(foreign))
    if (k.startsWith('/api/registries/')) foreign[`${k}/history`] = foreign[k];
  // A report of a reported metric by 西湖区.
  const report = await xihu.put('/api/plans/2025/metrics/science_award_nominations/report', {
    value: 2,
    asOf: '2025-06-30',
  });
  foreign['/api/metric-reports/{id}'] = report.body.id;
  // An achievement of a 西湖 enterprise, published, offered, with an intention and a deal.
  Object.assign(foreign, await createSharingChain(env, xihu, all.items[0].id));
  // 劳模工匠助企行: a craftsman, a team and a demand of 西湖区.
  const tree0 = (await province.get('/api/orgs/tree')).body as any[];
  const xihuCounty = tree0.find((n) => n.code === '330106');
  const cm = await xihu.post('/api/zhuqi/craftsmen', {
    name: '西湖工匠',
    countyId: xihuCounty.id,
    phone: '13900003333',
  });
  const team = await xihu.post('/api/zhuqi/teams', { name: '西湖服务队', leaderId: cm.body.id });
  const cats = (await xihu.get('/api/zhuqi/demand-categories')).body;
  const demand = await xihu.post('/api/zhuqi/demands', {
    enterpriseId: all.items[0].id,
    title: '西湖企业的需求',
    description: '代企业发布',
    categoryId: cats[0].id,
  });
  foreign['/api/zhuqi/craftsmen/{id}'] = cm.body.id;
  foreign['/api/zhuqi/teams/{id}'] = team.body.id;
  const action = await xihu.post('/api/zhuqi/service-actions', {
    title: '西湖专项行动',
    heldOn: '2025-05-01',
    countyId: xihuCounty.id,
    participantIds: [cm.body.id],
  });
  foreign['/api/zhuqi/service-actions/{id}'] = action.body.id;
  for (const sub of ['', '/events', '/assignments', '/service-records', '/followups', '/candidates'])
    foreign[`/api/zhuqi/demands/{id}${sub}`] = demand.body.id;
  // A 揭榜挂帅 challenge of 西湖区.
  const challenge = await xihu.post('/api/zhuqi/challenges', {
    title: '西湖揭榜挂帅榜单',
    problem: '西湖企业的共性难题',
    fundYuan: 100000,
    applyBy: '2099-06-30',
    completeBy: '2099-12-31',
  });
  expect(challenge.status).toBe(201);
  for (const sub of ['', '/applications', '/scores', '/milestones', '/events'])
    foreign[`/api/zhuqi/challenges/{id}${sub}`] = challenge.body.id;
  // An evidence attachment on 西湖区's studio.
  const form = new FormData();
  form.set('file', new File([Buffer.from('%PDF-1.4\n%%EOF\n')], '佐证.pdf'));
  const up = await env.app.request(`/api/attachments?ownerType=studios&ownerId=${ids.studios}`, {
    method: 'POST',
    body: form,
    headers: { cookie: xihu.cookie! },
  });
  expect(up.status).toBe(201);
  foreign['/api/attachments/{id}'] = ((await up.json()) as { id: number }).id;
  foreign['/api/attachments/{id}/content'] = foreign['/api/attachments/{id}'];
  // Organisations the county may see: its subtree.
  const tree = (await province.get('/api/orgs/tree')).body as any[];
  const chunan = tree.find((n) => n.code === '330127');
  const ents = (await province.get(`/api/orgs?kind=enterprise&parentId=${chunan.id}&pageSize=100`)).body
    .items as any[];
  ownPaths = new Map([[chunan.id, `/${chunan.id}/`], ...ents.map((e) => [e.id, e.path] as [number, string])]);
});
afterAll(() => env.close());

describe('access matrix', () => {
  it('every list endpoint shows a county user nothing of another county', async () => {
    // The public showcase is public by design (tested in sharing.test.ts): not scoped.
    const routes = (await documentedRoutes(env)).filter(
      (r) => r.method === 'GET' && !r.path.includes('{') && !r.path.startsWith('/api/public/'),
    );
    const me = (await county.get('/api/auth/me')).body;
    const walked: string[] = [];
    for (const r of routes) {
      const paged = (r.op.parameters ?? []).some((p: any) => p.name === 'pageSize');
      const res = await county.get(paged ? `${r.path}?pageSize=100` : r.path);
      if (res.status === 403) continue; // not this role's endpoint at all
      expect(res.status, r.path).toBeLessThan(400);
      const items: any[] | null = Array.isArray(res.body?.items) ? res.body.items : null;
      if (!items) continue;
      walked.push(r.path);
      if (isShared(r.path)) continue;
      for (const item of items) {
        if (typeof item.path === 'string') {
          expect(item.path.startsWith(me.org.path), `${r.path} leaks ${item.path}`).toBe(true);
        } else if (typeof item.orgId === 'number') {
          expect(
            [...ownPaths.keys()].includes(item.orgId),
            `${r.path} leaks a row of org ${item.orgId}`,
          ).toBe(true);
        } else {
          throw new Error(
            `${r.path}: items carry neither path nor orgId — teach the access matrix how to scope them`,
          );
        }
      }
    }
    expect(walked).toEqual(expect.arrayContaining(['/api/orgs', '/api/users']));
  });

  it('every direct read of another county’s object answers 404', async () => {
    const routes = (await documentedRoutes(env)).filter(
      (r) => r.method === 'GET' && /\{id\}/.test(r.path) && !r.path.startsWith('/api/public/'),
    );
    for (const r of routes) {
      const id = foreign[r.path];
      expect(id, `no foreign object for ${r.path}: add one to the access matrix`).toBeDefined();
      const res = await county.get(fillPath(r.path, { id }));
      expect(res.status, r.path).toBe(isShared(r.path) ? 200 : 404);
      // The owner’s own level sees it.
      expect((await province.get(fillPath(r.path, { id }))).status, r.path).toBe(200);
    }
  });

  it('writes to another county’s objects answer 404 and change nothing', async () => {
    const id = foreign['/api/users/{id}'];
    const before = (await province.get(`/api/users/${id}`)).body;
    expect(
      (await county.patch(`/api/users/${id}`, { version: before.version, displayName: '越权修改' })).status,
    ).toBe(404);
    expect((await county.post(`/api/users/${id}/disable`, { version: before.version })).status).toBe(404);
    const org = foreign['/api/orgs/{id}'];
    const o = (await province.get(`/api/orgs/${org}`)).body;
    expect(
      (await county.patch(`/api/orgs/${org}`, { version: o.version, name: '越权修改的企业' })).status,
    ).toBe(404);
    // A dictionary entry is read by all, but kept by its owner.
    for (const base of SHARED) {
      const cid = foreign[`${base}/{id}`];
      const c = (await province.get(`${base}/${cid}`)).body;
      expect((await county.patch(`${base}/${cid}`, { version: c.version })).status).toBe(404);
      expect((await county.delete(`${base}/${cid}?version=${c.version}`)).status).toBe(404);
      expect((await province.get(`${base}/${cid}`)).body).toEqual(c);
    }
    expect((await province.get(`/api/users/${id}`)).body).toEqual(before);
    expect((await province.get(`/api/orgs/${org}`)).body).toEqual(o);
  });
});
