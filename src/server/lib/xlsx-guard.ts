// An .xlsx file is a zip. Before any parser sees an upload we read the zip's own directory and
// refuse what no spreadsheet needs: too many entries, too much declared content, compression
// ratios only a zip bomb has, path tricks, and anything a streaming unzipper would read
// differently from the directory (hidden or overlapping entries). Nothing is inflated here;
// `assertXlsxInflatesAsDeclared` then checks that the (already bounded) entries really inflate
// to the sizes they declare, because parsers trust the data, not the directory.
import { createInflateRaw } from 'node:zlib';
import { AppError } from './errors.ts';

export interface XlsxLimits {
  /** Size of the uploaded file (SECURITY.md: imports ≤ 10 MB). */
  maxBytes: number;
  maxEntries: number;
  /** Sum of the declared uncompressed sizes. */
  maxTotalUncompressed: number;
  /** Uncompressed ÷ compressed, checked for entries larger than `ratioMinSize`. */
  maxRatio: number;
  ratioMinSize: number;
  /** Parts the zip must hold (an .xlsx by default; a .docx names its own). */
  requiredParts?: readonly string[];
}

export const XLSX_LIMITS: XlsxLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxEntries: 2000,
  maxTotalUncompressed: 200 * 1024 * 1024,
  maxRatio: 100,
  ratioMinSize: 1024 * 1024,
};

export interface XlsxEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's compressed bytes are in the file. */
  dataStart: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const DESCRIPTOR_MAGIC = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const REQUIRED_PARTS = ['[Content_Types].xml', 'xl/workbook.xml'];
const MB = 1024 * 1024;

const refuse = (message: string) => new AppError('INVALID_INPUT', message);
const corrupt = (detail: string) =>
  refuse(`文件已损坏或不是标准的 Excel 文件（${detail}）。请用 Excel 打开后重新保存为 .xlsx 再上传。`);
/** Entry names come from the file: keep them short and printable in messages. */
const shown = (name: string) => name.replace(/[\p{Cc}\p{Cf}]/gu, '?').slice(0, 80);
const mb = (n: number) => (n / MB).toFixed(1);

/**
 * Refuses (AppError INVALID_INPUT, a Chinese message) an upload that is not a plain .xlsx zip
 * within the limits, reading only the zip's headers. Returns the entries for
 * `assertXlsxInflatesAsDeclared`.
 */
export function assertSafeXlsx(buf: Buffer, limits: Partial<XlsxLimits> = {}): XlsxEntry[] {
  const lim = { ...XLSX_LIMITS, ...limits };
  if (buf.length > lim.maxBytes) {
    throw refuse(
      `文件过大（${mb(buf.length)} MB），导入文件不能超过 ${mb(lim.maxBytes)} MB。请删除多余的工作表和图片，或拆分为几个文件分批导入。`,
    );
  }
  if (buf.length < 4 || buf.readUInt32LE(0) !== SIG_LOCAL) {
    // D0 CF 11 E0 is the old binary .xls (and also what Excel makes of a password-protected file).
    const ole = buf.length >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0;
    throw refuse(
      ole
        ? '这是旧版 .xls 文件或设置了打开密码的文件，无法读取。请用 Excel 打开，取消密码后「另存为」Excel 工作簿（.xlsx）再上传。'
        : '文件不是 Excel 工作簿（.xlsx）。如果是 .xls、.csv 或 WPS 格式，请用 Excel 或 WPS 打开后「另存为」.xlsx 再上传。',
    );
  }

  // End of central directory: 22 bytes plus a comment of at most 65,535, and it must end the file.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD && i + 22 + buf.readUInt16LE(i + 20) === buf.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('找不到压缩包目录');
  const diskNo = buf.readUInt16LE(eocd + 4);
  const cdDisk = buf.readUInt16LE(eocd + 6);
  const entriesHere = buf.readUInt16LE(eocd + 8);
  const entryCount = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === SIG_ZIP64_LOCATOR) throw corrupt('不支持 ZIP64 格式');
  if (diskNo !== 0 || cdDisk !== 0 || entriesHere !== entryCount) throw corrupt('不支持分卷压缩');
  if (entryCount > lim.maxEntries) {
    throw refuse(
      `文件内部条目过多（${entryCount} 个，上限 ${lim.maxEntries} 个），不像普通的 Excel 工作簿。请用 Excel 重新保存后再上传。`,
    );
  }
  if (cdOffset + cdSize !== eocd) throw corrupt('压缩包目录位置不符');

  const entries: (XlsxEntry & { localOffset: number; nameBytes: Buffer })[] = [];
  const names = new Set<string>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < entryCount; i++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== SIG_CENTRAL) throw corrupt('压缩包目录不完整');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen > eocd) throw corrupt('压缩包目录不完整');
    const nameBytes = buf.subarray(p + 46, p + 46 + nameLen);
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    p += 46 + nameLen + extraLen + commentLen;

    if (isUnsafePath(name)) throw refuse(`文件内部含有非法路径「${shown(name)}」，已拒绝。`);
    if (names.has(name)) throw corrupt(`条目「${shown(name)}」重复`);
    names.add(name);
    if (flags & 0x1) throw refuse('文件内容已加密，无法读取。请取消密码后重新保存为 .xlsx 再上传。');
    if (method !== 0 && method !== 8) throw corrupt(`条目「${shown(name)}」使用了不支持的压缩方式`);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw corrupt('不支持 ZIP64 格式');
    }
    if (method === 0 && compressedSize !== uncompressedSize) throw corrupt(`条目「${shown(name)}」大小不符`);

    total += uncompressedSize;
    if (total > lim.maxTotalUncompressed) {
      throw refuse(
        `文件解压后过大（超过 ${mb(lim.maxTotalUncompressed)} MB）。请删除多余的工作表、图片和空白格式，或拆分为几个文件分批导入。`,
      );
    }
    if (uncompressedSize > lim.ratioMinSize && uncompressedSize > compressedSize * lim.maxRatio) {
      const ratio = compressedSize === 0 ? '∞' : Math.round(uncompressedSize / compressedSize);
      throw refuse(
        `文件中的「${shown(name)}」压缩比异常（${ratio}:1，上限 ${lim.maxRatio}:1），可能是恶意构造的文件，已拒绝。请用 Excel 重新保存后再上传。`,
      );
    }
    entries.push({ name, method, compressedSize, uncompressedSize, dataStart: 0, localOffset, nameBytes });
  }
  if (p !== eocd) throw corrupt('压缩包目录长度不符');
  for (const part of lim.requiredParts ?? REQUIRED_PARTS) {
    if (!names.has(part)) {
      throw refuse(`文件缺少「${part}」，不是有效的 Excel 工作簿。请用 Excel 打开后「另存为」.xlsx 再上传。`);
    }
  }

  // Streaming unzippers (exceljs uses one) read the local headers front to back and never look at
  // the directory. So the local entries must tile the file exactly as the directory says: no
  // bytes before the first, none between entries, none hidden inside another entry's data.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i];
    const next = i + 1 < byOffset.length ? byOffset[i + 1].localOffset : cdOffset;
    if (i === 0 && e.localOffset !== 0) throw corrupt('文件开头有多余数据');
    if (e.localOffset + 30 > next || buf.readUInt32LE(e.localOffset) !== SIG_LOCAL) {
      throw corrupt(`条目「${shown(e.name)}」的文件头不符`);
    }
    const o = e.localOffset;
    const flags = buf.readUInt16LE(o + 6);
    const method = buf.readUInt16LE(o + 8);
    const localCompressed = buf.readUInt32LE(o + 18);
    const localUncompressed = buf.readUInt32LE(o + 22);
    const nameLen = buf.readUInt16LE(o + 26);
    const extraLen = buf.readUInt16LE(o + 28);
    e.dataStart = o + 30 + nameLen + extraLen;
    const dataEnd = e.dataStart + e.compressedSize;
    if (
      method !== e.method ||
      dataEnd > next ||
      !buf.subarray(o + 30, o + 30 + nameLen).equals(e.nameBytes) ||
      flags & 0x1
    ) {
      throw corrupt(`条目「${shown(e.name)}」的文件头与目录不符`);
    }
    let end = dataEnd;
    if (flags & 0x8) {
      // Sizes follow the data in a descriptor. Without sizes up front, an unzipper ends the entry
      // at the first descriptor signature it meets: it must be the real one.
      if (localCompressed === 0 && buf.indexOf(DESCRIPTOR_MAGIC, e.dataStart) !== dataEnd) {
        throw corrupt(`条目「${shown(e.name)}」的数据描述不符`);
      }
      if (localCompressed !== 0 && localCompressed !== e.compressedSize) {
        throw corrupt(`条目「${shown(e.name)}」的大小不符`);
      }
      end += dataEnd + 4 <= next && buf.readUInt32LE(dataEnd) === SIG_DESCRIPTOR ? 16 : 12;
    } else if (localCompressed !== e.compressedSize || localUncompressed !== e.uncompressedSize) {
      throw corrupt(`条目「${shown(e.name)}」的大小不符`);
    }
    if (end !== next) throw corrupt(`条目「${shown(e.name)}」之后有多余数据`);
  }

  return entries.map(({ name, method, compressedSize, uncompressedSize, dataStart }) => ({
    name,
    method,
    compressedSize,
    uncompressedSize,
    dataStart,
  }));
}

/** `..` segments, absolute paths, drive letters, backslashes and NULs have no place in an xlsx. */
function isUnsafePath(name: string): boolean {
  if (name.length === 0 || name.includes('\0') || name.includes('\\')) return true;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return true;
  return name.split('/').some((seg) => seg === '..' || seg === '.');
}

/**
 * Inflates every deflated entry (bounded by `assertSafeXlsx`), discarding the output, and refuses
 * the file if any entry inflates to more or less than its declared size: a directory that lies
 * about sizes would otherwise let a bomb through to the parser. Stops at the first byte too many.
 */
export async function assertXlsxInflatesAsDeclared(
  buf: Buffer,
  entries: readonly XlsxEntry[],
): Promise<void> {
  for (const e of entries) {
    if (e.method !== 8) continue;
    const data = buf.subarray(e.dataStart, e.dataStart + e.compressedSize);
    let actual: number;
    try {
      actual = await inflatedSize(data, e.uncompressedSize);
    } catch {
      throw corrupt(`条目「${shown(e.name)}」无法解压`);
    }
    if (actual !== e.uncompressedSize) {
      throw refuse(
        `文件中的「${shown(e.name)}」实际内容与声明的大小不符，可能是恶意构造的文件，已拒绝。请用 Excel 重新保存后再上传。`,
      );
    }
  }
}

/** Counts inflated bytes without keeping them; gives up as soon as the count passes `cap`. */
function inflatedSize(data: Buffer, cap: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let n = 0;
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > cap) {
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', reject);
    inflate.end(data);
  });
}
