import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let chunan: Client;
let province: Client;
let enterprise: { code: string; name: string };

async function download(c: Client, path: string) {
  const res = await env.app.request(path, { headers: { cookie: c.cookie! } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

async function upload(c: Client, path: string, content: Buffer, name = 'studios.xlsx') {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(content)], name));
  const res = await env.app.request(path, { method: 'POST', body: form, headers: { cookie: c.cookie! } });
  return { status: res.status, body: (await res.json()) as any };
}

/** The template, filled with rows under its header. */
async function filledTemplate(rows: (string | number | null)[][]) {
  const t = await download(chunan, '/api/registries/studios/template');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(t.body as never);
  const ws = wb.worksheets[0];
  rows.forEach((r, i) => {
    ws.getRow(i + 2).values = r as never;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function sheetRows(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.worksheets[0];
  const out: string[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return out;
}

beforeAll(async () => {
  env = await createTestEnv();
  const e = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  enterprise = { code: e.code, name: e.name };
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  chunan = await signedIn(env, 'ca.admin');
  province = await signedIn(env, 'p.admin');
});
afterAll(() => env.close());

describe('registry Excel import and export', () => {
  it('serves a template with Chinese headers', async () => {
    const t = await download(chunan, '/api/registries/studios/template');
    expect(t.status).toBe(200);
    expect(t.type).toContain('spreadsheetml');
    const header = (await sheetRows(t.body))[0];
    expect(header.some((h) => h.includes('工作室名称'))).toBe(true);
    expect(header.some((h) => h.includes('依托企业'))).toBe(true);
  });

  it('imports all or nothing, returns the refused rows annotated, then imports the valid rows only', async () => {
    const header = (await sheetRows((await download(chunan, '/api/registries/studios/template')).body))[0];
    const col = (label: string) => header.findIndex((h) => h.includes(label));
    const row = (name: string, level: string, phone: string | null, company: string | null) => {
      const r: (string | number | null)[] = header.map(() => null);
      r[col('工作室名称')] = name;
      r[col('级别')] = level;
      r[col('命名年份')] = 2025;
      r[col('领衔人')] = '张工';
      r[col('领衔人手机')] = phone;
      r[col('依托企业')] = company;
      r[col('状态')] = '运行中';
      return r;
    };
    const file = await filledTemplate([
      row('导入工作室甲', '县级', '13812345678', enterprise.code),
      row('导入工作室乙', '银河级', '13812345678', enterprise.name),
      row('导入工作室丙', '县级', '12345', null),
      row('导入工作室丁', '县级', null, '不存在的企业'),
      row('导入工作室戊', '县级', null, null),
    ]);

    const all = await upload(chunan, '/api/registries/studios/import?mode=all', file);
    expect(all.status).toBe(200);
    expect(all.body.imported).toBe(false);
    expect(all.body.errors.map((e: any) => e.row)).toEqual([3, 4, 5]);
    expect(all.body.errors[2].messages.join()).toContain('不存在的企业');
    expect((await chunan.get('/api/registries/studios?q=导入工作室')).body.total).toBe(0);

    const annotated = await download(
      chunan,
      `/api/registries/studios/import-results/${all.body.errorFileId}`,
    );
    expect(annotated.status).toBe(200);
    const rows = await sheetRows(annotated.body);
    const errCol = rows[0].indexOf('错误说明');
    expect(errCol).toBeGreaterThan(0);
    expect(rows[1][errCol] ?? '').toBe('');
    expect(rows[2][errCol]).toContain('级别');
    // Another user cannot fetch it.
    expect(
      (await download(province, `/api/registries/studios/import-results/${all.body.errorFileId}`)).status,
    ).toBe(404);

    const valid = await upload(chunan, '/api/registries/studios/import?mode=valid', file);
    expect(valid.body.imported).toBe(true);
    expect(valid.body.created).toBe(2);
    const list = (await chunan.get('/api/registries/studios?q=导入工作室')).body;
    expect(list.total).toBe(2);
    expect(list.items.find((x: any) => x.name === '导入工作室甲').names.enterpriseId).toBe(enterprise.name);

    // The same file again adds nothing.
    const again = await upload(chunan, '/api/registries/studios/import?mode=valid', file);
    expect(again.body.created).toBe(0);
    expect(again.body.unchanged).toBe(2);
    expect((await chunan.get('/api/registries/studios?q=导入工作室')).body.total).toBe(2);

    // The annotated files are kept a day: then they answer 404, and the next import sweeps them.
    const stored = async () =>
      Number((await env.database.pool.query('select count(*) n from import_results')).rows[0].n);
    expect(await stored()).toBe(3);
    // (Aged in the database: moving the clock a day would also end the sessions.)
    await env.database.pool.query(`update import_results set created_at = created_at - interval '25 hours'`);
    expect(
      (await download(chunan, `/api/registries/studios/import-results/${all.body.errorFileId}`)).status,
    ).toBe(404);
    const later = await upload(chunan, '/api/registries/studios/import?mode=valid', file);
    expect(later.body.unchanged).toBe(2);
    expect(await stored()).toBe(1);
  });

  it('refuses what is not an xlsx workbook with a 400', async () => {
    const txt = await upload(
      chunan,
      '/api/registries/studios/import',
      Buffer.from('名称\n某工作室'),
      'studios.txt',
    );
    expect(txt.status).toBe(400);
    const fake = await upload(
      chunan,
      '/api/registries/studios/import',
      Buffer.from('not a zip at all'),
      'studios.xlsx',
    );
    expect(fake.status).toBe(400);
    expect(typeof fake.body.error.message).toBe('string');
  });

  it('exports what the list shows, masked unless the caller may and asks to export in full', async () => {
    const masked = await download(chunan, '/api/registries/studios/export?q=导入工作室');
    expect(masked.status).toBe(200);
    const rows = await sheetRows(masked.body);
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows)).toContain('138****5678');
    expect(JSON.stringify(rows)).not.toContain('13812345678');
    expect((await download(chunan, '/api/registries/studios/export?unmasked=true')).status).toBe(403);
    const full = await download(province, '/api/registries/studios/export?unmasked=true&q=导入工作室');
    expect(JSON.stringify(await sheetRows(full.body))).toContain('13812345678');
    // An export imports back without changes.
    const back = await upload(chunan, '/api/registries/studios/import?mode=all', masked.body, 'export.xlsx');
    expect(back.body.imported).toBe(true);
    expect(back.body.unchanged).toBe(2);
  });
});
