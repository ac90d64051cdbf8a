// Attachments: upload checked by content (magic bytes), not by name; size limit; scope; download
// headers; soft delete; audit; and the bytes survive a backup and restore.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase, tableChecksums } from '../../src/server/db/backup.ts';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { sampleBody } from '../helpers/registries.ts';
import { registryDef } from '../../src/shared/registries/catalog.ts';

const dir = mkdtempSync(join(tmpdir(), 'jx-files-test-'));
let env: TestEnv;
let chunan: Client;
let xihu: Client;
let reviewer: Client;
let studioId: number;
let foreignStudioId: number;
const others: TestDatabase[] = [];

// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(64, 7),
  Buffer.from([0xff, 0xd9]),
]);

async function upload(c: Client, ownerType: string, ownerId: number, content: Buffer, name: string) {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(content)], name, { type: 'application/pdf' }));
  const res = await env.app.request(`/api/attachments?ownerType=${ownerType}&ownerId=${ownerId}`, {
    method: 'POST',
    body: form,
    headers: { cookie: c.cookie! },
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function download(c: Client, id: number) {
  const res = await env.app.request(`/api/attachments/${id}/content`, { headers: { cookie: c.cookie! } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

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
  const e2 = await makeEnterprise(env.db, { countyCode: '330106', seq: 1 });
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  await addUser(env, 'ca.reviewer', '330127', ['reviewer']);
  await addUser(env, 'xh.admin', '330106', ['county_admin']);
  chunan = await signedIn(env, 'ca.admin');
  xihu = await signedIn(env, 'xh.admin');
  reviewer = await signedIn(env, 'ca.reviewer');
  const def = registryDef('studios')!;
  studioId = (
    await chunan.post('/api/registries/studios', sampleBody(def, 1, { enterpriseId: e1.id, refs: {} }))
  ).body.id;
  foreignStudioId = (
    await xihu.post('/api/registries/studios', sampleBody(def, 2, { enterpriseId: e2.id, refs: {} }))
  ).body.id;
  expect(studioId).toBeGreaterThan(0);
  expect(foreignStudioId).toBeGreaterThan(0);
});

afterAll(async () => {
  await env?.close();
  for (const d of others) await d.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('attachments', () => {
  it('stores PDF, PNG, JPEG, DOCX and XLSX by their content, and gives them back byte for byte', async () => {
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('佐证材料')] }] }),
    );
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').addRow(['名称', 1]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const cases: [Buffer, string, string][] = [
      [PDF, '命名文件.pdf', 'application/pdf'],
      [PNG, '现场照片.PNG', 'image/png'],
      [JPEG, 'photo.jpeg', 'image/jpeg'],
      [docx, '申报书.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [xlsx, '名单.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ];
    for (const [content, name, mime] of cases) {
      const res = await upload(chunan, 'studios', studioId, content, name);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(res.body.mimeType).toBe(mime);
      expect(res.body.size).toBe(content.length);
      expect(res.body.sha256).toBe(createHash('sha256').update(content).digest('hex'));
      const dl = await download(chunan, res.body.id);
      expect(dl.status).toBe(200);
      expect(dl.body.equals(content)).toBe(true);
      expect(dl.headers.get('content-type')).toBe(mime);
      expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
      // The download's own, stricter headers win over the app's defaults.
      expect(dl.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(dl.headers.get('cache-control')).toBe('private, no-store');
      expect(dl.headers.get('content-disposition')).toMatch(
        /^attachment; filename="[^"]*"; filename\*=UTF-8''/,
      );
      expect(decodeURIComponent(dl.headers.get('content-disposition')!.split("''")[1])).toBe(name);
    }
    const list = await chunan.get(`/api/attachments?ownerType=studios&ownerId=${studioId}`);
    expect(list.body.total).toBe(5);
    // A reviewer reads, but may not upload.
    expect((await reviewer.get(`/api/attachments?ownerType=studios&ownerId=${studioId}`)).body.total).toBe(5);
    expect((await upload(reviewer, 'studios', studioId, PDF, 'a.pdf')).status).toBe(403);
    expect(await auditCount('attachment.upload')).toBe(5);
    expect(await auditCount('attachment.download')).toBe(5);
  });

  it('refuses a PNG renamed .pdf, and other content, with a message saying what it is', async () => {
    const before = await chunan.get('/api/attachments');
    const renamed = await upload(chunan, 'studios', studioId, PNG, '营业执照.pdf');
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.message).toContain('PNG 图片');
    expect(renamed.body.error.message).toContain('.pdf');
    const exe = await upload(
      chunan,
      'studios',
      studioId,
      Buffer.from('MZ\x90\x00 this is not allowed'),
      'a.pdf',
    );
    expect(exe.status).toBe(400);
    expect(exe.body.error.message).toContain('只能上传');
    const html = await upload(
      chunan,
      'studios',
      studioId,
      Buffer.from('<html><script>alert(1)</script>'),
      'x.png',
    );
    expect(html.status).toBe(400);
    // A zip that is not an Office document, named .docx.
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a');
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const asDocx = await upload(chunan, 'studios', studioId, xlsx, '申报书.docx');
    expect(asDocx.status).toBe(400);
    expect(asDocx.body.error.message).toContain('Excel');
    expect((await upload(chunan, 'studios', studioId, Buffer.alloc(0), 'a.pdf')).status).toBe(400);
    expect((await upload(chunan, 'nothing', studioId, PDF, 'a.pdf')).status).toBe(400);
    expect((await chunan.get('/api/attachments')).body.total).toBe(before.body.total);
  });

  it('answers 413 with a message to a 21 MB upload', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
    PDF.copy(big);
    const res = await upload(chunan, 'studios', studioId, big, 'big.pdf');
    expect(res.status).toBe(413);
    expect(res.body.error.message).toContain('20 MB');
  });

  it('keeps names safe', async () => {
    const res = await upload(chunan, 'studios', studioId, PDF, '../../etc/"报告"\r\n<x>.pdf');
    expect(res.status).toBe(201);
    expect(res.body.name).not.toMatch(/[/\\\r\n"<>]/);
    const dl = await download(chunan, res.body.id);
    expect(dl.headers.get('content-disposition')).not.toMatch(/[\r\n]/);
  });

  it('another scope’s attachment is 404 for reading, downloading and deleting', async () => {
    const theirs = await upload(xihu, 'studios', foreignStudioId, PDF, '西湖.pdf');
    expect(theirs.status).toBe(201);
    const id = theirs.body.id;
    expect((await chunan.get(`/api/attachments/${id}`)).status).toBe(404);
    expect((await download(chunan, id)).status).toBe(404);
    expect((await chunan.delete(`/api/attachments/${id}?version=1`)).status).toBe(404);
    expect((await chunan.get(`/api/attachments?ownerType=studios&ownerId=${foreignStudioId}`)).status).toBe(
      404,
    );
    expect((await upload(chunan, 'studios', foreignStudioId, PDF, 'x.pdf')).status).toBe(404);
    const mine = (await chunan.get('/api/attachments?pageSize=100')).body.items as any[];
    expect(mine.some((a) => a.id === id)).toBe(false);
    expect((await xihu.get(`/api/attachments/${id}`)).status).toBe(200);
  });

  it('deletes softly, by version, audited', async () => {
    const a = (await upload(chunan, 'studios', studioId, PDF, '待删.pdf')).body;
    expect((await chunan.delete(`/api/attachments/${a.id}?version=9`)).status).toBe(409);
    expect((await chunan.delete(`/api/attachments/${a.id}?version=${a.version}`)).status).toBe(200);
    expect((await chunan.get(`/api/attachments/${a.id}`)).status).toBe(404);
    expect((await download(chunan, a.id)).status).toBe(404);
    const row = await env.database.pool.query('select deleted_at from attachments where id = $1', [a.id]);
    expect(row.rows[0].deleted_at).not.toBeNull();
    expect(await auditCount('attachment.delete')).toBe(1);
  });

  it('stores one copy of the same content', async () => {
    const n = async () => Number((await env.db.execute(sql`select count(*) n from files`)).rows[0].n);
    const before = await n();
    expect((await upload(chunan, 'studios', studioId, PDF, '副本.pdf')).status).toBe(201);
    expect(await n()).toBe(before);
  });

  it('carries the bytes through a backup and restore', async () => {
    const big = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 0xff;
    PNG.copy(big);
    const a = (await upload(chunan, 'studios', studioId, big, '大图.png')).body;
    expect(a.size).toBe(big.length);
    const file = join(dir, 'files.jsonl.gz');
    await backupDatabase(env.database.pool, file);
    const target = await createTestDatabase();
    others.push(target);
    await restoreDatabase(target.pool, file);
    const { rows } = await target.pool.query<{ content: Buffer }>(
      'select f.content from files f join attachments a on a.file_id = f.id where a.id = $1',
      [a.id],
    );
    expect(Buffer.isBuffer(rows[0].content)).toBe(true);
    expect(rows[0].content.equals(big)).toBe(true);
    expect((await tableChecksums(target.pool)).files).toEqual(
      (await tableChecksums(env.database.pool)).files,
    );
  });
});
