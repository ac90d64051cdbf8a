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

describe('督办提醒 (reminders of what the forecast will miss)', () => {
  const notes = async (c: Client) =>
    ((await c.get('/api/notifications?pageSize=100')).body.items as any[]).filter(
      (n) => n.kind === 'target.reminder',
    );

  it('go from the province to the cities, once per metric × organisation × week, audited', async () => {
    const warnings = (await province.get('/api/plans/2025/warnings?asOf=2025-09-30')).body.items as any[];
    const hzDue = warnings.filter((w) => w.org.code === '330100').map((w) => w.metric.key);
    expect(hzDue.length).toBeGreaterThan(0);

    const first = await province.post('/api/plans/2025/warnings/reminders', { asOf: '2025-09-30' });
    expect(first.status, first.text).toBe(200);
    expect(first.body.sent).toBeGreaterThan(0);
    expect(first.body.alreadySent).toBe(0);
    // Only to the organisations directly below (cities and industry unions), never to itself.
    expect(first.body.items.every((i: any) => i.org !== '330000')).toBe(true);
    expect(
      first.body.items
        .filter((i: any) => i.org === '330100')
        .map((i: any) => i.metric)
        .sort(),
    ).toEqual([...hzDue].sort());
    const hz = await notes(hangzhou);
    expect(hz.length).toBe(hzDue.length);
    const one = hz.find((n) => n.link.includes(hzDue[0]));
    expect(one.link).toBe(`/targets/metrics/${hzDue[0]}?year=2025&org=330100`);
    expect(one.title).toContain('督办提醒');
    expect(one.body).toContain('预计年末');
    // A county hears nothing from the province (its city reminds it).
    expect(await notes(xihu)).toEqual([]);

    // Pressed again in the same week: nothing new.
    const again = await province.post('/api/plans/2025/warnings/reminders', { asOf: '2025-09-30' });
    expect(again.body).toMatchObject({ sent: 0, alreadySent: first.body.sent });
    expect((await notes(hangzhou)).length).toBe(hzDue.length);

    // Next week: again.
    env.clock.advance(7 * 86_400_000);
    // (sessions idle for a week have expired: sign in again)
    province = await signedIn(env, 'p.admin');
    hangzhou = await signedIn(env, 'hz.admin');
    xihu = await signedIn(env, 'xh.admin');
    const next = await province.post('/api/plans/2025/warnings/reminders', {});
    expect(next.status).toBe(200);
    expect(next.body.sent).toBeGreaterThan(0);
    expect(next.body.weekStart > first.body.weekStart).toBe(true);

    const audit = await env.database.pool.query(
      `select detail from audit_log where event = 'target.reminders.send' order by id`,
    );
    expect(audit.rows.length).toBe(3);
    expect(audit.rows[1].detail).toMatchObject({ org: '330000', sent: [], alreadySent: first.body.sent });
  });

  it('go from a city to its counties only; a county has no one to remind', async () => {
    const res = await hangzhou.post('/api/plans/2025/warnings/reminders', { asOf: '2025-09-30' });
    expect(res.status, res.text).toBe(200);
    expect(res.body.sent).toBeGreaterThan(0);
    const counties = new Set(res.body.items.map((i: any) => i.org));
    expect(counties.has('330106')).toBe(true);
    expect(counties.has('330100')).toBe(false);
    expect([...counties].every((c) => String(c).startsWith('3301'))).toBe(true);
    const xh = await notes(xihu);
    expect(xh.length).toBe(res.body.items.filter((i: any) => i.org === '330106').length);
    expect(xh[0].link).toContain('org=330106');

    // Counties without an active account are named, not counted as reminded…
    expect(res.body.items.every((i: any) => i.recipients > 0)).toBe(true);
    const unreachable = res.body.unreachable as { org: string; orgName: string; metric: string }[];
    expect(unreachable.length).toBeGreaterThan(0);
    expect(unreachable.some((u) => u.org === '330106')).toBe(false);
    expect(unreachable.every((u) => u.orgName.length > 0 && u.org.startsWith('3301'))).toBe(true);
    // …so once one has an account, the same week's reminder reaches it.
    const late = unreachable[0].org;
    await addUser(env, `late.${late}`, late, ['county_admin']);
    const again = await hangzhou.post('/api/plans/2025/warnings/reminders', { asOf: '2025-09-30' });
    expect(again.status, again.text).toBe(200);
    expect(again.body.sent).toBe(unreachable.filter((u) => u.org === late).length);
    expect(again.body.items.every((i: any) => i.org === late)).toBe(true);
    expect(again.body.alreadySent).toBe(res.body.sent);
    expect(again.body.unreachable.length).toBe(unreachable.length - again.body.sent);

    const county = await xihu.post('/api/plans/2025/warnings/reminders', {});
    expect(county.status).toBe(403);
    // Out-of-year dates are a clear 400, not stored.
    const bad = await province.post('/api/plans/2025/warnings/reminders', { asOf: '2026-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('2025');
  });
});
