import { getTableColumns } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRY_DEFS } from '../../src/shared/registries/catalog.ts';
import { columnFields, type FieldDef } from '../../src/shared/registries/types.ts';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { REGISTRIES } from '../../src/server/features/registries/registries.catalog.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { createOneOfEach } from '../helpers/registries.ts';

let env: TestEnv;
let province: Client;
let chunan: Client;
let xihu: Client;
let chunanEnterprise: number;
let xihuEnterprise: number;
let chunanId: number;

const studio = (over: Record<string, unknown> = {}) => ({
  name: '千岛湖精密制造劳模创新工作室',
  level: 'county',
  year: 2025,
  leaderName: '王建国',
  leaderPhone: '13812345678',
  enterpriseId: chunanEnterprise,
  status: 'active',
  memberCount: 12,
  ...over,
});

beforeAll(async () => {
  env = await createTestEnv();
  chunanEnterprise = (await makeEnterprise(env.db, { countyCode: '330127', seq: 1 })).id;
  xihuEnterprise = (await makeEnterprise(env.db, { countyCode: '330106', seq: 1 })).id;
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'xh.admin', '330106', ['county_admin']);
  await addUser(env, 'dept.staff', '330000-LJB', ['department_staff']);
  await addUser(env, 'sys.admin', '330000', ['system_admin']);
  province = await signedIn(env, 'p.admin');
  chunan = await signedIn(env, 'ca.admin');
  xihu = await signedIn(env, 'xh.admin');
  chunanId = ((await province.get('/api/orgs/tree')).body as any[]).find((n) => n.code === '330127').id;
});
afterAll(() => env.close());

describe('registry definitions', () => {
  it('every field of every definition has a column in its table', () => {
    for (const def of REGISTRY_DEFS) {
      const reg = REGISTRIES.get(def.key);
      expect(reg, def.key).toBeDefined();
      const cols = getTableColumns(reg!.table as never) as Record<string, unknown>;
      for (const f of columnFields(def)) expect(cols[f.key], `${def.key}.${f.key}`).toBeDefined();
    }
  });
});

describe('a registry kept by a county', () => {
  it('creates, reads (masked), edits with the version, keeps history, and soft-deletes', async () => {
    const created = await chunan.post('/api/registries/studios', studio());
    expect(created.status).toBe(201);
    const s = created.body;
    expect(s.orgId).toBe(chunanId);
    expect(s.orgName).toBe('淳安县总工会');
    expect(s.leaderPhone).toBe('138****5678');
    expect(s.names.enterpriseId).toContain('淳安县');
    const full = await chunan.get(`/api/registries/studios/${s.id}?reveal=true`);
    expect(full.body.leaderPhone).toBe('13812345678');

    const edited = await chunan.patch(`/api/registries/studios/${s.id}`, {
      version: s.version,
      status: 'reconfirming',
      reconfirmedYear: 2025,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(s.version + 1);
    const stale = await chunan.patch(`/api/registries/studios/${s.id}`, {
      version: s.version,
      name: '旧版本覆盖',
    });
    expect(stale.status).toBe(409);

    const history = (await chunan.get(`/api/registries/studios/${s.id}/history`)).body;
    expect(history.map((h: any) => h.action)).toEqual(['update', 'create']);
    expect(history[1].data.leaderPhone).toBe('138****5678');

    const del = await chunan.delete(`/api/registries/studios/${s.id}?version=${edited.body.version}`);
    expect(del.status).toBe(200);
    expect((await chunan.get(`/api/registries/studios/${s.id}`)).status).toBe(404);
    const list = (await chunan.get('/api/registries/studios')).body;
    expect(list.items.some((x: any) => x.id === s.id)).toBe(false);
  });

  it('validates every field with a message a person can act on', async () => {
    const bad = await chunan.post(
      '/api/registries/studios',
      studio({ level: 'galactic', year: 1800, leaderPhone: '123', name: '' }),
    );
    expect(bad.status).toBe(400);
    const paths = bad.body.error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['level', 'year', 'leaderPhone', 'name']));
    expect(bad.body.error.issues.find((i: any) => i.path === 'level').message).toContain('省级');
    const foreign = await chunan.post('/api/registries/studios', studio({ enterpriseId: xihuEnterprise }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.issues[0].path).toBe('enterpriseId');
    const extra = await chunan.post('/api/registries/studios', studio({ orgPath: '/1/' }));
    expect(extra.status).toBe(400);
  });

  it('is scoped: the city and province see it, another county does not', async () => {
    const s = (await chunan.post('/api/registries/studios', studio({ name: '范围测试工作室' }))).body;
    expect((await xihu.get(`/api/registries/studios/${s.id}`)).status).toBe(404);
    expect((await xihu.get('/api/registries/studios?q=范围测试')).body.total).toBe(0);
    expect((await province.get('/api/registries/studios?q=范围测试')).body.total).toBe(1);
    expect(
      (await province.get(`/api/registries/studios?within=${chunanId}&level=county`)).body.total,
    ).toBeGreaterThan(0);
    expect(
      (await xihu.patch(`/api/registries/studios/${s.id}`, { version: s.version, name: '越权' })).status,
    ).toBe(404);
  });

  it('is kept only by organisations of the registry’s kinds, by roles that may manage it', async () => {
    const byEnterprise = await province.post(
      '/api/registries/studios',
      studio({ name: '企业自己登记', orgId: chunanEnterprise }),
    );
    expect(byEnterprise.status).toBe(400);
    const staff = await signedIn(env, 'dept.staff');
    const prov = await staff.post(
      '/api/registries/studios',
      studio({ name: '省级工作室', level: 'provincial', orgId: 1 }),
    );
    expect(prov.status).toBe(201);
    const sys = await signedIn(env, 'sys.admin');
    expect((await sys.get('/api/registries/studios')).status).toBe(403);
  });

  it('links a training session to an academy kept above it', async () => {
    const staff = await signedIn(env, 'dept.staff');
    const academy = await staff.post('/api/registries/academies', {
      orgId: 1,
      name: '浙江工匠学院',
      kind: 'academy',
      level: 'zhejiang',
      yearEstablished: 2020,
    });
    expect(academy.status).toBe(201);
    const t = await chunan.post('/api/registries/training-sessions', {
      academyId: academy.body.id,
      course: 'TRIZ 创新思维方法（初级）',
      triz: true,
      startDate: '2025-04-01',
      personTimes: 60,
      mountainIsland: true,
    });
    expect(t.status).toBe(201);
    expect(t.body.names.academyId).toBe('浙江工匠学院');
    const tr = (await chunan.get('/api/registries/training-sessions?triz=true')).body;
    expect(tr.total).toBe(1);
    const badDate = await chunan.post('/api/registries/training-sessions', {
      academyId: academy.body.id,
      course: 'x',
      startDate: '2025-02-30',
      personTimes: 1,
    });
    expect(badDate.status).toBe(400);
  });
});

describe('every registry', () => {
  it('creates, lists, edits and deletes a record built from its definition', async () => {
    const staff = await signedIn(env, 'p.admin');
    const ids = await createOneOfEach(staff, chunanEnterprise, { n: 3 });
    for (const def of REGISTRY_DEFS) {
      const id = ids[def.key];
      const one = await staff.get(`/api/registries/${def.key}/${id}`);
      expect(one.status, def.key).toBe(200);
      const list = await staff.get(`/api/registries/${def.key}?pageSize=100`);
      expect(
        list.body.items.some((x: any) => x.id === id),
        def.key,
      ).toBe(true);
      const text = def.fields.find((f) => f.type === 'text' || f.type === 'longtext');
      const patch = text ? { [text.key]: `${text.label.zh}已修改` } : {};
      const edited = await staff.patch(`/api/registries/${def.key}/${id}`, {
        version: one.body.version,
        ...patch,
      });
      expect(edited.status, def.key).toBe(200);
      for (const f of (def.fields as readonly FieldDef[]).filter(
        (x) => x.list && x.type !== 'org' && x.type !== 'ref',
      )) {
        const sorted = await staff.get(`/api/registries/${def.key}?sort=${f.key}&order=desc`);
        expect(sorted.status, `${def.key} sort ${f.key}`).toBe(200);
      }
    }
    // Deletion is soft: records pointing to a deleted one stay valid, and history keeps it.
    const v = (await staff.get(`/api/registries/studios/${ids.studios}`)).body.version;
    const del = await staff.delete(`/api/registries/studios/${ids.studios}?version=${v}`);
    expect(del.status).toBe(200);
  });
});
