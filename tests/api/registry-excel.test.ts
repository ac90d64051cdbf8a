import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import {
  configureImportJobs,
  INTERRUPTED_MESSAGE,
  recoverImportJobs,
  sweepImports,
} from '../../src/server/features/registries/registries.import-jobs.ts';
import { WRITE_BATCH } from '../../src/server/features/registries/registries.bulk.ts';
import { collect, writeExport } from '../../src/server/features/registries/registries.excel.ts';
import { grants } from '../../src/shared/registries/talent.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { importFile } from '../helpers/registries.ts';

let env: TestEnv;
let chunan: Client;
let province: Client;
let enterprise: { code: string; name: string };
let chunanUserId: number;

async function download(c: Client, path: string) {
  const res = await env.app.request(path, { headers: { cookie: c.cookie! } });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

/** Uploads and follows the import job to its end: body is the result (or the refusal). */
async function upload(c: Client, path: string, content: Buffer, name = 'studios.xlsx') {
  return importFile(env, c, path, content, name);
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
  chunanUserId = (await addUser(env, 'ca.admin', '330127', ['county_admin'])).id;
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

    // The annotated files are kept a day: then they answer 404, and the janitor sweeps them
    // (with the finished jobs older than a week).
    const count = async (table: string) =>
      Number((await env.database.pool.query(`select count(*) n from ${table}`)).rows[0].n);
    expect(await count('import_results')).toBe(3);
    const jobs = await count('import_jobs');
    expect(jobs).toBe(3);
    // (Aged in the database: moving the clock a day would also end the sessions.)
    await env.database.pool.query(`update import_results set created_at = created_at - interval '25 hours'`);
    expect(
      (await download(chunan, `/api/registries/studios/import-results/${all.body.errorFileId}`)).status,
    ).toBe(404);
    const later = await upload(chunan, '/api/registries/studios/import?mode=valid', file);
    expect(later.body.unchanged).toBe(2);
    await env.database.pool.query(
      `update import_jobs set finished_at = finished_at - interval '8 days' where id <> $1`,
      [later.job.id],
    );
    expect(await sweepImports(env.db, env.clock)).toEqual({ files: 3, jobs });
    expect(await count('import_results')).toBe(1);
    expect(await count('import_jobs')).toBe(1);
    expect((await chunan.get(`/api/registries/studios/import-jobs/${later.job.id}`)).status).toBe(200);
    expect((await chunan.get(`/api/registries/studios/import-jobs/${all.job.id}`)).status).toBe(404);
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

/** A studios workbook of `n` rows (names `${prefix}1…n`), valid unless `broken` says which rows to spoil. */
async function studiosFile(prefix: string, n: number, broken: number[] = []) {
  const header = (await sheetRows((await download(chunan, '/api/registries/studios/template')).body))[0];
  const col = (label: string) => header.findIndex((h) => h.includes(label));
  const rows: (string | number | null)[][] = [];
  for (let i = 1; i <= n; i++) {
    const r: (string | number | null)[] = header.map(() => null);
    r[col('工作室名称')] = `${prefix}${i}`;
    r[col('级别')] = broken.includes(i) ? '银河级' : '县级';
    r[col('命名年份')] = 2025;
    r[col('领衔人')] = `领衔人${i}`;
    r[col('状态')] = '运行中';
    rows.push(r);
  }
  return filledTemplate(rows);
}

describe('imports as jobs', () => {
  it('answers a long import at once (202), reports its progress, then the result; only to the importer', async () => {
    configureImportJobs({ inlineWaitMs: 0 });
    try {
      // (Small enough that exceljs's streaming reader meets no multi-byte character split between
      // two chunks of the shared strings: it decodes chunks one by one — see decision 018.)
      const file = await studiosFile('进度工作室', 400);
      const res = await upload(chunan, '/api/registries/studios/import?mode=all', file);
      expect(res.postStatus).toBe(202);
      expect(res.polls[0]).toMatchObject({
        status: 'running',
        registry: 'studios',
        mode: 'all',
        result: null,
      });
      expect(res.job).toMatchObject({
        status: 'done',
        phase: 'finished',
        rowsRead: 400,
        rowsTotal: 400,
        rowsToWrite: 400,
        rowsWritten: 400,
        error: null,
      });
      expect(res.body).toMatchObject({ imported: true, created: 400, refused: 0 });
      expect(res.job.finishedAt).not.toBeNull();
      // Progress only moves forward while polled.
      const order = ['reading', 'checking', 'writing', 'finished'];
      for (let i = 1; i < res.polls.length; i++) {
        expect(res.polls[i].rowsRead).toBeGreaterThanOrEqual(res.polls[i - 1].rowsRead);
        expect(res.polls[i].rowsWritten).toBeGreaterThanOrEqual(res.polls[i - 1].rowsWritten);
        expect(order.indexOf(res.polls[i].phase)).toBeGreaterThanOrEqual(
          order.indexOf(res.polls[i - 1].phase),
        );
      }
      expect((await chunan.get('/api/registries/studios?q=进度工作室')).body.total).toBe(400);
      // Nobody else sees the job, nor does it show under another registry.
      expect((await province.get(`/api/registries/studios/import-jobs/${res.job.id}`)).status).toBe(404);
      expect((await chunan.get(`/api/registries/alliances/import-jobs/${res.job.id}`)).status).toBe(404);
      expect((await chunan.get('/api/registries/studios/import-jobs/not-a-uuid')).status).toBe(400);
    } finally {
      configureImportJobs({ inlineWaitMs: 1500 });
    }
  });

  it('keeps all-or-nothing and valid-only in a job, with the annotated file', async () => {
    configureImportJobs({ inlineWaitMs: 0 });
    try {
      const file = await studiosFile('整批工作室', 300, [7, 250]);
      const all = await upload(chunan, '/api/registries/studios/import?mode=all', file);
      expect(all.job.status).toBe('done');
      expect(all.body).toMatchObject({ imported: false, created: 0, refused: 2 });
      expect(all.body.errors.map((e: any) => e.row)).toEqual([8, 251]);
      expect((await chunan.get('/api/registries/studios?q=整批工作室')).body.total).toBe(0);
      const annotated = await download(
        chunan,
        `/api/registries/studios/import-results/${all.body.errorFileId}`,
      );
      const rows = await sheetRows(annotated.body);
      const errCol = rows[0].indexOf('错误说明');
      expect(rows[7][errCol]).toContain('级别');
      expect(rows[6][errCol] ?? '').toBe('');

      const valid = await upload(chunan, '/api/registries/studios/import?mode=valid', file);
      expect(valid.body).toMatchObject({ imported: true, created: 298, refused: 2 });
      expect(valid.job.rowsToWrite).toBe(298);
      expect((await chunan.get('/api/registries/studios?q=整批工作室')).body.total).toBe(298);
    } finally {
      configureImportJobs({ inlineWaitMs: 1500 });
    }
  });

  it('refuses a file without a required column: at once (400), or through the job when it runs long', async () => {
    const t = new ExcelJS.Workbook();
    t.addWorksheet('工作室').addRow(['工作室名称', '级别']);
    t.worksheets[0].addRow(['缺列工作室', '县级']);
    const file = Buffer.from(await t.xlsx.writeBuffer());
    const now = await upload(chunan, '/api/registries/studios/import', file);
    expect(now.status).toBe(400);
    expect(now.body.error.message).toContain('缺少必填列');
    configureImportJobs({ inlineWaitMs: 0 });
    try {
      const later = await upload(chunan, '/api/registries/studios/import', file);
      expect(later.polls[0].status).toBe('running');
      expect(later.job.status).toBe('failed');
      expect(later.job.error).toContain('缺少必填列');
      expect(later.job.result).toBeNull();
    } finally {
      configureImportJobs({ inlineWaitMs: 1500 });
    }
  });

  it('marks a job whose process is gone as interrupted after a restart, not a job running here', async () => {
    const insertJob = async (id: string, heartbeatAgoMs: number) => {
      const at = new Date(env.clock.now().getTime() - heartbeatAgoMs);
      await env.database.pool.query(
        `insert into import_jobs (id, user_id, registry, file_name, mode, status, phase, rows_read, rows_total,
           rows_written, rows_to_write, runner, heartbeat_at, started_at)
         values ($1, $2, 'studios', 'big.xlsx', 'all', 'running', 'writing', 80000, 80000, 35000, 80000, 'gone', $3, $3)`,
        [id, chunanUserId, at],
      );
    };
    // The previous process stopped mid-import (its last heartbeat three minutes ago) …
    const dead = '6f9619ff-8b86-4d11-b42d-00c04fc964ff';
    await insertJob(dead, 3 * 60_000);
    // … while another process on the same PostgreSQL server is alive (heartbeat just now).
    const alive = '7a9619ff-8b86-4d11-b42d-00c04fc964ff';
    await insertJob(alive, 0);
    const path = (id: string) => `/api/registries/studios/import-jobs/${id}`;
    expect((await chunan.get(path(dead))).body).toMatchObject({ status: 'running', rowsWritten: 35000 });

    expect(await recoverImportJobs(env.db, env.clock)).toBe(1);
    const interrupted = (await chunan.get(path(dead))).body;
    expect(interrupted).toMatchObject({ status: 'failed', phase: 'finished', error: INTERRUPTED_MESSAGE });
    expect(interrupted.finishedAt).not.toBeNull();
    expect((await chunan.get(path(alive))).body.status).toBe('running');

    // An embedded database has one process: at its start every running job not its own is
    // interrupted; the jobs this process runs are never touched.
    configureImportJobs({ inlineWaitMs: 0 });
    let mine: Promise<Awaited<ReturnType<typeof upload>>>;
    try {
      mine = upload(chunan, '/api/registries/studios/import', await studiosFile('重启工作室', 200));
      await new Promise((r) => setTimeout(r, 20));
      expect(await recoverImportJobs(env.db, env.clock, 0)).toBe(1);
    } finally {
      configureImportJobs({ inlineWaitMs: 1500 });
    }
    expect((await chunan.get(path(alive))).body.error).toBe(INTERRUPTED_MESSAGE);
    const done = await mine;
    expect(done.job.status).toBe('done');
    expect(done.body.created).toBe(200);
  });
  it('finds the records already there in every write batch, with an empty key part too', async () => {
    // More rows than two write batches: the later batches run after the import's own inserts
    // (and after the ANALYZE that counts them). Half the rows leave 拨付批次, a key part, empty.
    const n = 2 * WRITE_BATCH + 700;
    const grant = (i: number, amount: number) => ({
      recipientKind: 'other',
      recipientName: `分批导入对象${i}`,
      amount,
      year: 2025,
      sourceLevel: 'county',
      purpose: 'training',
      tranche: i % 2 === 0 ? null : 1 + (i % 3),
    });
    const file = async (rows: Record<string, unknown>[]) => {
      const out = new PassThrough();
      const bytes = collect(out);
      await writeExport(grants, rows, out);
      return bytes;
    };
    const first = Array.from({ length: n }, (_, i) => grant(i, 1000 + i));
    const created = await upload(
      chunan,
      '/api/registries/grants/import?mode=all',
      await file(first),
      'g.xlsx',
    );
    expect(created.body).toMatchObject({ imported: true, created: n, updated: 0, unchanged: 0 });

    // The same keys again, ten amounts changed (spread over the batches, with and without a tranche).
    const changed = new Set([
      0,
      1,
      WRITE_BATCH,
      WRITE_BATCH + 1,
      2 * WRITE_BATCH + 2,
      2 * WRITE_BATCH + 3,
      7,
      8,
      9,
      10,
    ]);
    const second = first.map((g, i) => (changed.has(i) ? { ...g, amount: 99 } : g));
    const again = await upload(
      chunan,
      '/api/registries/grants/import?mode=all',
      await file(second),
      'g.xlsx',
    );
    expect(again.body).toMatchObject({ imported: true, created: 0, updated: 10, unchanged: n - 10 });
    const { rows } = await env.database.pool.query(
      `select count(*)::int n, count(*) filter (where amount = 99)::int changed from grants
       where recipient_name like '分批导入对象%' and deleted_at is null`,
    );
    expect(rows[0]).toEqual({ n, changed: 10 });
  });
});
