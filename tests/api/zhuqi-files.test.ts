// Files on 助企行 demands and service records through the files feature: the enterprise adds
// drawings while it may edit the demand; the unions in scope and the craftsmen offered or serving
// read and download them, nobody else; the craftsman who wrote a visit record adds its photos
// while the demand is in service. Same type checks, size limit and audit as the registries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCraftsman, makeEnterprise, makeServiceTeam } from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let county: Client; // 淳安
let xihu: Client; // another county
let ent: Client; // the demand's enterprise
let otherEnt: Client; // another enterprise of 淳安
let cm1: Client; // offered and serving
let cm2: Client; // a team-mate of cm1's team, not the record's author
let cm3: Client; // a craftsman with nothing to do with the demand
let categoryId: number;
let c1Id: number;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function upload(c: Client, ownerType: string, ownerId: number, content: Buffer, name: string) {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(content)], name));
  const res = await env.app.request(`/api/attachments?ownerType=${ownerType}&ownerId=${ownerId}`, {
    method: 'POST',
    body: form,
    headers: { cookie: c.cookie! },
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function download(c: Client, id: number) {
  const res = await env.app.request(`/api/attachments/${id}/content`, { headers: { cookie: c.cookie! } });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

const list = (c: Client, ownerType: string, ownerId: number) =>
  c.get(`/api/attachments?ownerType=${ownerType}&ownerId=${ownerId}`);

const auditCount = async (event: string) =>
  Number(
    (
      await env.database.pool.query<{ n: string }>('select count(*) n from audit_log where event = $1', [
        event,
      ])
    ).rows[0].n,
  );

beforeAll(async () => {
  env = await createTestEnv();
  const e1 = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  const e2 = await makeEnterprise(env.db, { countyCode: '330127', seq: 2 });
  const e3 = await makeEnterprise(env.db, { countyCode: '330127', seq: 3 });
  await addUser(env, 'zf.county', '330127', ['county_admin']);
  await addUser(env, 'zf.xihu', '330106', ['county_admin']);
  await addUser(env, 'zf.ent', e1.uscc!, ['enterprise_contact']);
  await addUser(env, 'zf.ent2', e3.uscc!, ['enterprise_contact']);
  const u1 = await addUser(env, 'zf.cm1', e2.uscc!, ['craftsman']);
  const u2 = await addUser(env, 'zf.cm2', e2.uscc!, ['craftsman']);
  const u3 = await addUser(env, 'zf.cm3', e3.uscc!, ['craftsman']);
  const c1 = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '附件工匠甲',
    employerId: e2.id,
    userId: u1.id,
  });
  const c2 = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '附件工匠乙',
    employerId: e2.id,
    userId: u2.id,
  });
  await makeCraftsman(env.db, { countyCode: '330127', name: '附件工匠丙', employerId: e3.id, userId: u3.id });
  await makeServiceTeam(env.db, {
    orgCode: '330127',
    name: '附件服务队',
    leaderId: c1.id,
    memberIds: [c2.id],
  });
  c1Id = c1.id;
  county = await signedIn(env, 'zf.county');
  xihu = await signedIn(env, 'zf.xihu');
  ent = await signedIn(env, 'zf.ent');
  otherEnt = await signedIn(env, 'zf.ent2');
  cm1 = await signedIn(env, 'zf.cm1');
  cm2 = await signedIn(env, 'zf.cm2');
  cm3 = await signedIn(env, 'zf.cm3');
  categoryId = (await county.get('/api/zhuqi/demand-categories')).body.find(
    (c: any) => c.name === '节能降耗',
  ).id;
});
afterAll(() => env?.close());

describe('files on a demand', () => {
  let demand: any;
  let drawing: any;

  it('the enterprise attaches drawings while posting and editing; the content decides the type', async () => {
    const res = await ent.post('/api/zhuqi/demands', {
      title: '空压机站能耗偏高',
      description: '三台空压机并联运行，能耗偏高，附设备图纸与现场照片。',
      categoryId,
    });
    expect(res.status).toBe(201);
    demand = res.body;
    const a = await upload(ent, 'demands', demand.id, PDF, '设备图纸.pdf');
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    drawing = a.body;
    expect(drawing).toMatchObject({ ownerType: 'demands', ownerId: demand.id, name: '设备图纸.pdf' });
    expect((await upload(ent, 'demands', demand.id, PNG, '现场照片.png')).status).toBe(201);
    // A PNG named .pdf, an empty file: refused with a message, nothing stored.
    const renamed = await upload(ent, 'demands', demand.id, PNG, '说明.pdf');
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.message).toMatch(/PNG/);
    expect((await upload(ent, 'demands', demand.id, Buffer.alloc(0), 'a.pdf')).status).toBe(400);
    expect((await list(ent, 'demands', demand.id)).body.total).toBe(2);
    expect(await auditCount('attachment.upload')).toBe(2);
  });

  it('only the enterprise adds them; others in scope read, everyone else gets 404', async () => {
    // The county union reads and downloads, but did not post it: it may not add files.
    expect((await list(county, 'demands', demand.id)).body.total).toBe(2);
    const dl = await download(county, drawing.id);
    expect(dl.status).toBe(200);
    expect(dl.body.equals(PDF)).toBe(true);
    const byUnion = await upload(county, 'demands', demand.id, PDF, 'b.pdf');
    expect(byUnion.status).toBe(403);
    expect(byUnion.body.error.message).toMatch(/需求企业/);
    // Out of scope: another county, another enterprise, craftsmen not (yet) offered it.
    for (const c of [xihu, otherEnt, cm1, cm3]) {
      expect((await list(c, 'demands', demand.id)).status).toBe(404);
      expect((await download(c, drawing.id)).status).toBe(404);
    }
    expect((await upload(otherEnt, 'demands', demand.id, PDF, 'x.pdf')).status).toBe(404);
    // Lists over the subtree: another county sees none; a craftsman may not browse them at all
    // (his subtree is his employer), only one demand he is a party to at a time.
    expect((await xihu.get('/api/attachments?ownerType=demands')).body.total).toBe(0);
    expect((await county.get('/api/attachments?ownerType=demands')).body.total).toBe(2);
    const own = (
      await otherEnt.post('/api/zhuqi/demands', {
        title: '丙企业需求',
        description: '丙企业的图纸',
        categoryId,
      })
    ).body;
    expect((await upload(otherEnt, 'demands', own.id, PDF, '丙企业图纸.pdf')).status).toBe(201);
    expect((await otherEnt.get('/api/attachments?ownerType=demands')).body.total).toBe(1);
    // cm3 works at that enterprise: its demands are not his to browse.
    const browse = await cm3.get('/api/attachments?ownerType=demands');
    expect(browse.status).toBe(400);
    expect(browse.body.error.message).toMatch(/ownerId/);
    expect((await cm3.get('/api/attachments')).body.total).toBe(0);
    expect((await list(cm3, 'demands', own.id)).status).toBe(404);
  });

  it('locks them once the union has published the demand', async () => {
    demand = (await county.post(`/api/zhuqi/demands/${demand.id}/publish`, { version: demand.version })).body;
    expect(demand.state).toBe('published');
    const late = await upload(ent, 'demands', demand.id, PDF, '补充.pdf');
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/附件已锁定/);
    const del = await ent.delete(`/api/attachments/${drawing.id}?version=${drawing.version}`);
    expect(del.status).toBe(409);
    expect((await list(ent, 'demands', demand.id)).body.total).toBe(2);
  });

  it('the craftsman offered it reads the drawings; a team-mate not offered it does not', async () => {
    demand = (
      await county.post(`/api/zhuqi/demands/${demand.id}/dispatch`, {
        version: demand.version,
        candidates: [{ type: 'craftsman', id: c1Id }],
      })
    ).body;
    expect(demand.state).toBe('dispatching');
    expect((await list(cm1, 'demands', demand.id)).body.total).toBe(2);
    expect((await download(cm1, drawing.id)).status).toBe(200);
    // Not offered to cm3, nor to cm2 (the offer is to cm1 alone, not the team).
    expect((await list(cm3, 'demands', demand.id)).status).toBe(404);
    expect((await list(cm2, 'demands', demand.id)).status).toBe(404);
    // A craftsman may not add files to the demand.
    expect((await upload(cm1, 'demands', demand.id, PDF, 'x.pdf')).status).toBe(403);
  });
});

describe('files on a service record', () => {
  let demand: any;
  let record: any;
  let photo: any;

  it('the craftsman who wrote the visit record attaches photos while in service', async () => {
    const d = (
      await ent.post('/api/zhuqi/demands', {
        title: '注塑机换模时间长',
        description: '换模一次需两小时，希望缩短。',
        categoryId,
      })
    ).body;
    const p = (await county.post(`/api/zhuqi/demands/${d.id}/publish`, { version: d.version })).body;
    const sent = (
      await county.post(`/api/zhuqi/demands/${d.id}/dispatch`, {
        version: p.version,
        candidates: [{ type: 'craftsman', id: c1Id }],
      })
    ).body;
    const [offer] = (await cm1.get(`/api/zhuqi/demands/${d.id}/assignments`)).body;
    expect(
      (await cm1.post(`/api/zhuqi/assignments/${offer.id}/accept`, { version: offer.version })).status,
    ).toBe(200);
    expect(sent.id).toBe(d.id);
    const r = await cm1.post(`/api/zhuqi/demands/${d.id}/service-records`, {
      visitDate: '2025-06-01',
      hours: 3,
      workersTrained: 5,
      content: '现场测定换模流程，提出快速换模方案',
    });
    expect(r.status, r.text).toBe(201);
    record = r.body;
    expect(record.createdBy).toBeGreaterThan(0);
    const a = await upload(cm1, 'service-records', record.id, PNG, '现场.png');
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    photo = a.body;
    demand = (await ent.get(`/api/zhuqi/demands/${d.id}`)).body;
    const records = (await ent.get(`/api/zhuqi/demands/${d.id}/service-records`)).body;
    expect(records[0].createdBy).toBe(record.createdBy);
  });

  it('the enterprise and the union read them; only the author adds or deletes them', async () => {
    for (const c of [ent, county, cm1]) {
      expect((await list(c, 'service-records', record.id)).body.total).toBe(1);
      expect((await download(c, photo.id)).body.equals(PNG)).toBe(true);
    }
    for (const c of [xihu, otherEnt, cm2, cm3]) expect((await download(c, photo.id)).status).toBe(404);
    expect((await upload(ent, 'service-records', record.id, PDF, 'x.pdf')).status).toBe(403);
    expect((await upload(county, 'service-records', record.id, PDF, 'x.pdf')).status).toBe(403);
    expect((await upload(cm3, 'service-records', record.id, PDF, 'x.pdf')).status).toBe(404);
    // A stale version is a conflict; the right one deletes (soft), audited.
    expect((await cm1.delete(`/api/attachments/${photo.id}?version=${photo.version + 1}`)).status).toBe(409);
    expect((await cm1.delete(`/api/attachments/${photo.id}?version=${photo.version}`)).status).toBe(200);
    expect((await list(ent, 'service-records', record.id)).body.total).toBe(0);
    expect(await auditCount('attachment.delete')).toBe(1);
    photo = (await upload(cm1, 'service-records', record.id, PNG, '现场.png')).body;
  });

  it('locks them when the service is marked complete', async () => {
    const done = await cm1.post(`/api/zhuqi/demands/${demand.id}/complete`, { version: demand.version });
    expect(done.status, done.text).toBe(200);
    const late = await upload(cm1, 'service-records', record.id, PDF, 'x.pdf');
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/已锁定/);
    expect((await cm1.delete(`/api/attachments/${photo.id}?version=${photo.version}`)).status).toBe(409);
    expect((await list(ent, 'service-records', record.id)).body.total).toBe(1);
  });

  it('answers an unknown record or demand with 404', async () => {
    expect((await list(ent, 'service-records', 999999)).status).toBe(404);
    expect((await upload(ent, 'demands', 999999, PDF, 'x.pdf')).status).toBe(404);
  });
});
