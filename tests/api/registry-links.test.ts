// Many-to-many fields (refs): an alliance's member studios and a cohort's candidates, through
// the API (scope, duplicates, history) and through Excel (names separated by 、 or ；).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { registryDef } from '../../src/shared/registries/catalog.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { importFile, sampleBody } from '../helpers/registries.ts';

let env: TestEnv;
let chunan: Client;
let xihu: Client;
let province: Client;
const studios: Record<string, number> = {};
let foreignStudio: number;

async function upload(c: Client, path: string, content: Buffer) {
  return importFile(env, c, path, content, 'alliances.xlsx');
}

async function download(c: Client, path: string) {
  const res = await env.app.request(path, { headers: { cookie: c.cookie! } });
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  env = await createTestEnv();
  const e1 = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  const e2 = await makeEnterprise(env.db, { countyCode: '330106', seq: 1 });
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'xh.admin', '330106', ['county_admin']);
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  chunan = await signedIn(env, 'ca.admin');
  xihu = await signedIn(env, 'xh.admin');
  province = await signedIn(env, 'p.admin');
  const def = registryDef('studios')!;
  for (const [i, name] of ['千岛湖工作室', '汾口工作室', '威坪工作室'].entries()) {
    const body = { ...sampleBody(def, i, { enterpriseId: e1.id, refs: {} }), name };
    studios[name] = (await chunan.post('/api/registries/studios', body)).body.id;
  }
  foreignStudio = (
    await xihu.post('/api/registries/studios', {
      ...sampleBody(def, 9, { enterpriseId: e2.id, refs: {} }),
      name: '西湖工作室',
    })
  ).body.id;
});
afterAll(() => env.close());

const alliance = (extra: Record<string, unknown>) => ({
  name: '淳安县创新工作室联盟',
  batch: '1',
  year: 2025,
  ...extra,
});

describe('refs fields', () => {
  it('keeps an alliance’s member studios, with names, through edits and in the history', async () => {
    const a = await chunan.post(
      '/api/registries/alliances',
      alliance({ memberStudioIds: [studios.千岛湖工作室, studios.汾口工作室] }),
    );
    expect(a.status, a.text).toBe(201);
    expect(a.body.memberStudioIds).toEqual([studios.千岛湖工作室, studios.汾口工作室].sort((x, y) => x - y));
    const got = (await chunan.get(`/api/registries/alliances/${a.body.id}`)).body;
    expect(got.links.memberStudioIds.map((l: any) => l.name).sort()).toEqual(
      ['千岛湖工作室', '汾口工作室'].sort(),
    );
    const list = (await chunan.get('/api/registries/alliances')).body.items[0];
    expect(list.memberStudioIds).toHaveLength(2);

    const edited = await chunan.patch(`/api/registries/alliances/${a.body.id}`, {
      version: got.version,
      memberStudioIds: [studios.威坪工作室],
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body.memberStudioIds).toEqual([studios.威坪工作室]);
    // Editing another field keeps the members.
    const again = await chunan.patch(`/api/registries/alliances/${a.body.id}`, {
      version: edited.body.version,
      year: 2024,
    });
    expect(again.body.memberStudioIds).toEqual([studios.威坪工作室]);
    const history = (await chunan.get(`/api/registries/alliances/${a.body.id}/history`)).body as any[];
    expect(history.map((h) => h.data.memberStudioIds)).toEqual([
      [studios.威坪工作室],
      [studios.威坪工作室],
      [studios.千岛湖工作室, studios.汾口工作室].sort((x, y) => x - y),
    ]);
    // The province sees the alliance and its members.
    expect(
      (await province.get(`/api/registries/alliances/${a.body.id}`)).body.links.memberStudioIds,
    ).toHaveLength(1);
  });

  it('refuses members outside the scope, unknown or repeated, on the field, storing nothing', async () => {
    const count = async () => (await chunan.get('/api/registries/alliances')).body.total;
    const before = await count();
    const foreign = await chunan.post(
      '/api/registries/alliances',
      alliance({ name: '越权联盟', memberStudioIds: [studios.千岛湖工作室, foreignStudio] }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.issues[0].path).toBe('memberStudioIds');
    expect(foreign.body.error.message).toContain('成员工作室');
    const repeated = await chunan.post(
      '/api/registries/alliances',
      alliance({ name: '重复联盟', memberStudioIds: [studios.千岛湖工作室, studios.千岛湖工作室] }),
    );
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.issues[0].path).toBe('memberStudioIds');
    const unknown = await chunan.post(
      '/api/registries/alliances',
      alliance({ name: '空号联盟', memberStudioIds: [987654] }),
    );
    expect(unknown.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('exports members as names and imports 、 and ； separated names, twice without duplicates', async () => {
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load((await download(chunan, '/api/registries/alliances/template')) as never);
    const ws = tpl.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    const col = (label: string) => header.findIndex((h) => h.replace(/^\*/, '').startsWith(label)) + 1;
    expect(header[col('成员工作室') - 1]).toContain('多个用、分隔');
    const put = (r: number, name: string, members: string) => {
      ws.getCell(r, col('联盟名称')).value = name;
      ws.getCell(r, col('批次')).value = '第二批';
      ws.getCell(r, col('年份')).value = 2025;
      ws.getCell(r, col('成员工作室')).value = members;
    };
    put(2, '导入联盟甲', '千岛湖工作室、汾口工作室');
    put(3, '导入联盟乙', '威坪工作室；千岛湖工作室');
    put(4, '导入联盟丙', '千岛湖工作室、西湖工作室'); // not in 淳安's scope
    const file = Buffer.from(await tpl.xlsx.writeBuffer());
    const first = await upload(chunan, '/api/registries/alliances/import?mode=valid', file);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.created).toBe(2);
    expect(first.body.errors).toHaveLength(1);
    expect(first.body.errors[0].row).toBe(4);
    expect(first.body.errors[0].messages.join()).toContain('西湖工作室');
    const second = await upload(chunan, '/api/registries/alliances/import?mode=valid', file);
    expect(second.body.created).toBe(0);
    expect(second.body.unchanged).toBe(2);

    const items = (await chunan.get('/api/registries/alliances?q=导入联盟')).body.items as any[];
    const yi = items.find((x) => x.name === '导入联盟乙');
    expect(yi.links.memberStudioIds.map((l: any) => l.name).sort()).toEqual(
      ['千岛湖工作室', '威坪工作室'].sort(),
    );

    const out = new ExcelJS.Workbook();
    await out.xlsx.load((await download(chunan, '/api/registries/alliances/export?q=导入联盟乙')) as never);
    const row = (out.worksheets[0].getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    expect(row.some((v) => /^(千岛湖工作室、威坪工作室|威坪工作室、千岛湖工作室)$/.test(v))).toBe(true);
  });

  it('lists the records that point to one record (a studio’s alliances), by ref and by refs', async () => {
    const lead = await chunan.post(
      '/api/registries/alliances',
      alliance({
        name: '威坪牵头联盟',
        leadStudioId: studios.威坪工作室,
        memberStudioIds: [studios.汾口工作室],
      }),
    );
    expect(lead.status, lead.text).toBe(201);
    const byMember = await chunan.get(
      `/api/registries/alliances?refField=memberStudioIds&refId=${studios.汾口工作室}&pageSize=100`,
    );
    expect(byMember.status).toBe(200);
    const names = (byMember.body.items as any[]).map((a) => a.name);
    expect(names).toContain('威坪牵头联盟');
    expect(names).toContain('导入联盟甲');
    expect(names).not.toContain('导入联盟乙');
    const byLead = await chunan.get(
      `/api/registries/alliances?refField=leadStudioId&refId=${studios.威坪工作室}`,
    );
    expect((byLead.body.items as any[]).map((a) => a.name)).toEqual(['威坪牵头联盟']);
    // Half a pair is refused; another county's records stay out.
    expect((await chunan.get('/api/registries/alliances?refField=leadStudioId')).status).toBe(400);
    expect(
      (await xihu.get(`/api/registries/alliances?refField=leadStudioId&refId=${studios.威坪工作室}`)).body
        .total,
    ).toBe(0);
  });

  it('keeps a cohort’s candidates', async () => {
    const def = registryDef('candidates')!;
    const c = await province.post('/api/registries/candidates', {
      ...sampleBody(def, 1, { enterpriseId: 0, refs: {} }),
      employerId: null,
      studioId: studios.千岛湖工作室,
    });
    expect(c.status, c.text).toBe(201);
    const cohort = await province.post('/api/registries/cohorts', {
      name: '第一期',
      year: 2025,
      startDate: '2025-03-01',
      participants: 40,
      candidateIds: [c.body.id],
    });
    expect(cohort.status, cohort.text).toBe(201);
    expect(cohort.body.links.candidateIds[0].id).toBe(c.body.id);
  });
});
