import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { assertSafeXlsx, assertXlsxInflatesAsDeclared } from './xlsx-guard.ts';

// A small zip writer, so the tests can build exactly the malformed files they need.
interface ZipEntry {
  name: string;
  data?: Buffer;
  /** Pre-deflated bytes (with `size`, the uncompressed size the file will declare). */
  deflated?: Buffer;
  size?: number;
  /** Declare this uncompressed size instead of the real one. */
  lieSize?: number;
  store?: boolean;
  /** Write sizes in a data descriptor after the data instead of the local header. */
  descriptor?: boolean;
  /** Listed in the local headers only, not in the central directory. */
  hidden?: boolean;
}

function zip(entries: ZipEntry[], opts: { prefix?: Buffer } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  if (opts.prefix) {
    parts.push(opts.prefix);
    offset += opts.prefix.length;
  }
  let listed = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = e.data ?? Buffer.alloc(0);
    const body = e.deflated ?? (e.store ? raw : deflateRawSync(raw));
    const size = e.lieSize ?? e.size ?? raw.length;
    const crc = e.data ? crc32(raw) : 0;
    const method = e.store ? 0 : 8;
    const flags = 0x800 | (e.descriptor ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, body);
    if (e.descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(body.length, 8);
      d.writeUInt32LE(size, 12);
      parts.push(d);
    }
    if (!e.hidden) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(flags, 8);
      c.writeUInt16LE(method, 10);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(body.length, 20);
      c.writeUInt32LE(size, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(offset, 42);
      central.push(c, name);
      listed++;
    }
    offset += 30 + name.length + body.length + (e.descriptor ? 16 : 0);
  }
  const cd = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(listed, 8);
  eocd.writeUInt16LE(listed, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, eocd]);
}

const CONTENT_TYPES = { name: '[Content_Types].xml', data: Buffer.from('<Types/>') };
const WORKBOOK = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };
const minimal = (...more: ZipEntry[]) => zip([CONTENT_TYPES, WORKBOOK, ...more]);

/** Deflates `total` bytes of one repeated byte without ever holding them. */
async function deflatedRepeat(total: number): Promise<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024, 0x41);
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => d.on('end', r));
  for (let n = 0; n < total; n += chunk.length) {
    if (!d.write(chunk)) await new Promise((r) => d.once('drain', r));
  }
  d.end();
  await done;
  return Buffer.concat(out);
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('INVALID_INPUT');
    expect((e as AppError).status).toBe(400);
    return (e as AppError).message;
  }
  throw new Error('not refused');
}

async function asyncRefusal(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('INVALID_INPUT');
    return (e as AppError).message;
  }
  throw new Error('not refused');
}

describe('assertSafeXlsx', () => {
  const MB = 1024 * 1024;
  let bomb: Buffer;
  let liar: Buffer;

  beforeAll(async () => {
    // 300 MB of one byte deflates to about 300 KB: the classic xlsx bomb.
    const sheet = await deflatedRepeat(300 * MB);
    bomb = minimal({ name: 'xl/worksheets/sheet1.xml', deflated: sheet, size: 300 * MB });
    // The same data declaring 1 MB: every directory check passes, only inflating tells.
    liar = minimal({ name: 'xl/worksheets/sheet1.xml', deflated: sheet, size: 1 * MB });
  }, 60_000);

  it('accepts a real workbook and lists its entries', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').addRow(['名称', 1]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const entries = assertSafeXlsx(buf);
    expect(entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    await assertXlsxInflatesAsDeclared(buf, entries);
  });

  it('accepts entries with data descriptors (as streaming writers make them)', async () => {
    const buf = zip([
      { ...CONTENT_TYPES, descriptor: true },
      { ...WORKBOOK, descriptor: true },
    ]);
    await assertXlsxInflatesAsDeclared(buf, assertSafeXlsx(buf));
  });

  it('refuses a zip bomb in well under a second, without inflating it', () => {
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const message = refusal(() => assertSafeXlsx(bomb));
    const ms = performance.now() - t0;
    const grown = (process.memoryUsage().rss - rss0) / MB;
    expect(message).toMatch(/解压后过大|压缩比异常/);
    expect(ms).toBeLessThan(1000);
    expect(grown).toBeLessThan(100);
  });

  it('refuses an entry whose ratio is over 100:1 even when the total is allowed', async () => {
    const buf = minimal({
      name: 'xl/worksheets/sheet1.xml',
      deflated: await deflatedRepeat(50 * MB),
      size: 50 * MB,
    });
    expect(refusal(() => assertSafeXlsx(buf))).toMatch(/压缩比异常.*上限 100:1/);
    // Small entries may compress as well as they like.
    const small = minimal({ name: 'xl/sharedStrings.xml', data: Buffer.alloc(512 * 1024, 0x20) });
    expect(() => assertSafeXlsx(small)).not.toThrow();
  });

  it('refuses a directory that lies about sizes once the data is inflated, quickly and in little memory', async () => {
    const entries = assertSafeXlsx(liar);
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const message = await asyncRefusal(() => assertXlsxInflatesAsDeclared(liar, entries));
    expect(message).toMatch(/与声明的大小不符/);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect((process.memoryUsage().rss - rss0) / MB).toBeLessThan(100);
  });

  it('refuses more declared content than 200 MB in total', () => {
    // Declared sizes only: the guard never inflates, so the bytes need not be real deflate data.
    const chunk = Buffer.alloc(1 * MB, 7);
    const buf = minimal(
      ...[1, 2, 3].map((i) => ({ name: `xl/media/image${i}.bin`, deflated: chunk, size: 80 * MB })),
    );
    expect(refusal(() => assertSafeXlsx(buf))).toMatch(/解压后过大.*200\.0 MB/);
  });

  it('refuses files over 10 MB, and takes other limits', () => {
    const big = Buffer.alloc(10 * MB + 1);
    big.writeUInt32LE(0x04034b50, 0);
    expect(refusal(() => assertSafeXlsx(big))).toMatch(/文件过大（10\.0 MB）.*不能超过 10\.0 MB/);
    expect(refusal(() => assertSafeXlsx(minimal(), { maxBytes: 100 }))).toMatch(/文件过大/);
  });

  it('refuses what is not a zip, with a hint for .xls, .csv and encrypted files', () => {
    expect(refusal(() => assertSafeXlsx(Buffer.from('名称,级别\n工作室,省级\n')))).toMatch(/另存为.*\.xlsx/);
    expect(refusal(() => assertSafeXlsx(Buffer.from('%PDF-1.7 ...')))).toMatch(/不是 Excel 工作簿/);
    const ole = Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex');
    expect(refusal(() => assertSafeXlsx(ole))).toMatch(/旧版 \.xls 文件或设置了打开密码/);
    expect(refusal(() => assertSafeXlsx(Buffer.alloc(0)))).toMatch(/不是 Excel 工作簿/);
  });

  it('refuses more than 2,000 entries', () => {
    const many = Array.from({ length: 2001 }, (_, i) => ({ name: `xl/x/${i}.xml`, data: Buffer.from('x') }));
    expect(refusal(() => assertSafeXlsx(zip([CONTENT_TYPES, WORKBOOK, ...many])))).toMatch(
      /条目过多（2003 个/,
    );
  });

  it.each([
    '../evil.xml',
    'xl/../../evil.xml',
    '/etc/passwd',
    'C:/windows/evil.xml',
    'xl\\worksheets\\sheet1.xml',
    'xl/./sheet.xml',
  ])('refuses the path %s', (name) => {
    expect(refusal(() => assertSafeXlsx(minimal({ name, data: Buffer.from('x') })))).toMatch(/非法路径/);
  });

  it('refuses a workbook without [Content_Types].xml or xl/workbook.xml', () => {
    expect(refusal(() => assertSafeXlsx(zip([WORKBOOK])))).toMatch(/缺少「\[Content_Types\]\.xml」/);
    expect(refusal(() => assertSafeXlsx(zip([CONTENT_TYPES])))).toMatch(/缺少「xl\/workbook\.xml」/);
  });

  it('refuses entries a streaming unzipper would read differently from the directory', () => {
    // A local entry the directory does not list (a parser reading front to back would see it).
    const hidden = minimal({ name: 'xl/sharedStrings.xml', data: Buffer.from('<sst/>'), hidden: true });
    expect(refusal(() => assertSafeXlsx(hidden))).toMatch(/已损坏/);
    // Bytes before the first entry (a polyglot that starts like a zip).
    const prefixed = zip([CONTENT_TYPES, WORKBOOK], { prefix: Buffer.from('PK\x03\x04GIF89a') });
    expect(refusal(() => assertSafeXlsx(prefixed))).toMatch(/已损坏/);
    // Two entries of one name.
    expect(refusal(() => assertSafeXlsx(zip([CONTENT_TYPES, WORKBOOK, WORKBOOK])))).toMatch(/重复/);
    // A stored entry whose sizes disagree.
    const stored = minimal({ name: 'xl/a.xml', data: Buffer.from('abc'), store: true, lieSize: 9 });
    expect(refusal(() => assertSafeXlsx(stored))).toMatch(/大小不符/);
    // A descriptor signature inside the data would end the entry early for the unzipper.
    const trap = Buffer.concat([Buffer.from([0x50, 0x4b, 0x07, 0x08]), Buffer.alloc(20, 1)]);
    const early = minimal({ name: 'xl/a.bin', data: trap, store: true, descriptor: true });
    expect(refusal(() => assertSafeXlsx(early))).toMatch(/数据描述不符/);
    // Truncated.
    const whole = minimal();
    expect(refusal(() => assertSafeXlsx(whole.subarray(0, whole.length - 5)))).toMatch(/已损坏/);
  });

  it('refuses data that does not inflate', async () => {
    const junk = minimal({ name: 'xl/a.xml', deflated: Buffer.from([0xff, 0xff, 0xff, 0xff]), size: 10 });
    const entries = assertSafeXlsx(junk);
    expect(await asyncRefusal(() => assertXlsxInflatesAsDeclared(junk, entries))).toMatch(/无法解压/);
  });
});
