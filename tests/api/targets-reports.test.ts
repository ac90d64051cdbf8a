// 任务督办 reports: evidence files (证明材料) through the files feature — the reporting
// organisation attaches while the report is a draft or returned, the approver sees and
// downloads them, locked once submitted and approved — and the report list in a constant
// number of queries whatever the number of reports.
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf } from '../../src/shared/roles.ts';
import type { Db } from '../../src/server/db/client.ts';
import { orgByCodeOrThrow } from '../../src/server/features/demo/factories.ts';
import { listReports } from '../../src/server/features/targets/reports.service.ts';
import type { ServiceContext } from '../../src/server/lib/context.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let province: Client;
let hangzhou: Client;
let xihu: Client;
let chunan: Client;

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function upload(c: Client, reportId: number, content: Buffer, name: string) {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(content)], name, { type: 'application/pdf' }));
  const res = await env.app.request(`/api/attachments?ownerType=metric-reports&ownerId=${reportId}`, {
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

beforeAll(async () => {
  env = await createTestEnv();
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'hz.admin', '330100', ['city_admin']);
  await addUser(env, 'xh.admin', '330106', ['county_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  province = await signedIn(env, 'p.admin');
  hangzhou = await signedIn(env, 'hz.admin');
  xihu = await signedIn(env, 'xh.admin');
  chunan = await signedIn(env, 'ca.admin');
});
afterAll(() => env.close());

describe('evidence files of a reported metric', () => {
  it('are attached by the reporter while editable, seen by the approver, locked once submitted or approved', async () => {
    const key = 'assist_budget_cities';
    let r = (
      await hangzhou.put(`/api/plans/2025/metrics/${key}/report`, {
        value: 1,
        asOf: '2025-03-31',
        explanation: '已纳入预算',
      })
    ).body;
    expect(r.attachments).toEqual([]);
    // A draft: the reporting city attaches its budget file.
    const up = await upload(hangzhou, r.id, PDF, '杭州市总工会2025年预算.pdf');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    // Nobody else attaches to it: not the approver, not another organisation (which does not even see it).
    expect((await upload(province, r.id, PDF, 'p.pdf')).status).toBe(403);
    expect((await upload(xihu, r.id, PDF, 'x.pdf')).status).toBe(404);
    expect((await upload(hangzhou, 2_000_000_000, PDF, 'x.pdf')).status).toBe(404);
    r = (await hangzhou.get(`/api/metric-reports/${r.id}`)).body;
    expect(r.attachments).toMatchObject([
      { id: up.body.id, name: '杭州市总工会2025年预算.pdf', size: PDF.length },
    ]);

    r = (await hangzhou.post(`/api/metric-reports/${r.id}/submit`, { version: r.version })).body;
    // Submitted: locked, for upload and for delete.
    const locked = await upload(hangzhou, r.id, PDF, 'late.pdf');
    expect(locked.status).toBe(409);
    expect(locked.body.error.message).toContain('证明材料已锁定');
    expect((await hangzhou.delete(`/api/attachments/${up.body.id}?version=1`)).status).toBe(409);

    // The approver sees the file in the list and downloads it byte for byte.
    const list = await province.get('/api/metric-reports?year=2025&status=submitted');
    const item = list.body.items.find((i: any) => i.id === r.id);
    expect(item.canReview).toBe(true);
    expect(item.attachments.map((a: any) => a.id)).toEqual([up.body.id]);
    const got = await download(province, up.body.id);
    expect(got.status).toBe(200);
    expect(got.body.equals(PDF)).toBe(true);
    // Another county does not.
    expect((await download(xihu, up.body.id)).status).toBe(404);

    // Returned: editable again — the city replaces the file.
    r = (
      await province.post(`/api/metric-reports/${r.id}/return`, { version: r.version, reason: '请附盖章版' })
    ).body;
    expect((await hangzhou.delete(`/api/attachments/${up.body.id}?version=1`)).status).toBe(200);
    const stamped = await upload(
      hangzhou,
      r.id,
      Buffer.concat([PDF, Buffer.from('% stamped\n')]),
      '盖章版.pdf',
    );
    expect(stamped.status).toBe(201);
    r = (await hangzhou.post(`/api/metric-reports/${r.id}/submit`, { version: r.version })).body;
    r = (await province.post(`/api/metric-reports/${r.id}/approve`, { version: r.version })).body;
    expect(r.status).toBe('approved');
    expect(r.attachments.map((a: any) => a.name)).toEqual(['盖章版.pdf']);
    // Approved: locked for good (until the approver reopens it).
    const after = await upload(hangzhou, r.id, PDF, 'more.pdf');
    expect(after.status).toBe(409);
    expect(after.body.error.message).toContain('撤销审核');
    expect((await hangzhou.delete(`/api/attachments/${stamped.body.id}?version=1`)).status).toBe(409);
    expect((await download(province, stamped.body.id)).status).toBe(200);
    // Uploads and downloads are audited.
    const audit = await env.database.pool.query(
      `select count(*)::int n from audit_log where event in ('attachment.upload', 'attachment.download') and detail->>'ownerType' = 'metric-reports'`,
    );
    expect(audit.rows[0].n).toBe(4); // two uploads, two downloads by the province
  });
});

describe('the report list', () => {
  async function provinceQueries(): Promise<{ n: number; items: number }> {
    let n = 0;
    const counting = drizzle(env.database.pool, { logger: { logQuery: () => n++ } }) as unknown as Db;
    const p = await orgByCodeOrThrow(env.db, '330000');
    const ctx = {
      db: counting,
      clock: env.clock,
      ip: null,
      requestId: 't',
      userAgent: null,
      actor: {
        userId: 0,
        username: 't',
        displayName: 't',
        orgId: p.id,
        orgPath: p.path,
        scopeOrgId: p.id,
        orgName: p.name,
        roles: ['province_admin'],
        permissions: permissionsOf(['province_admin']),
        sessionId: 't',
      },
    } as ServiceContext;
    const res = await listReports(ctx, { year: 2025 });
    return { n, items: res.items.length };
  }

  it('takes the same few queries for one report or many', async () => {
    const before = await provinceQueries();
    expect(before.items).toBeGreaterThan(0);
    for (const c of [xihu, chunan, hangzhou]) {
      const r = (
        await c.put('/api/plans/2025/metrics/science_award_nominations/report', {
          value: 3,
          asOf: '2025-06-30',
        })
      ).body;
      expect((await upload(c, r.id, PDF, '提名.pdf')).status).toBe(201);
      await c.post(`/api/metric-reports/${r.id}/submit`, { version: r.version });
    }
    const after = await provinceQueries();
    expect(after.items).toBe(before.items + 3);
    expect(after.n).toBe(before.n);
    expect(after.n).toBeLessThanOrEqual(3);
    // The list carries each report's events and files.
    const list = (await province.get('/api/metric-reports?year=2025')).body.items as any[];
    const xh = list.find((i) => i.orgCode === '330106');
    expect(xh.events.map((e: any) => e.action)).toEqual(['save', 'submit']);
    expect(xh.attachments.map((a: any) => a.name)).toEqual(['提名.pdf']);
    // A county sees its own only.
    const own = (await xihu.get('/api/metric-reports?year=2025')).body.items as any[];
    expect(own.map((i) => i.orgCode)).toEqual(['330106']);
  });
});
