// What an uploaded file is, from its bytes: PDF, PNG, JPEG, or a zip that is really a Word
// (.docx) or Excel (.xlsx) document. The name and the declared Content-Type are not trusted;
// a name whose extension disagrees with the content is refused with a message saying both.
import { AppError } from '../../lib/errors.ts';
import { assertSafeXlsx } from '../../lib/xlsx-guard.ts';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export type FileKind = 'pdf' | 'png' | 'jpeg' | 'docx' | 'xlsx';

export const FILE_KINDS: Record<FileKind, { mime: string; exts: string[]; label: string }> = {
  pdf: { mime: 'application/pdf', exts: ['pdf'], label: 'PDF 文档' },
  png: { mime: 'image/png', exts: ['png'], label: 'PNG 图片' },
  jpeg: { mime: 'image/jpeg', exts: ['jpg', 'jpeg'], label: 'JPG 图片' },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    exts: ['docx'],
    label: 'Word 文档（.docx）',
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    exts: ['xlsx'],
    label: 'Excel 工作簿（.xlsx）',
  },
};

const ALLOWED_TEXT = '只能上传 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）文件';
const refuse = (message: string) => new AppError('INVALID_INPUT', message, [{ path: 'file', message }]);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Office Open XML documents are zips; which one is said by the parts inside, read from the zip's directory only. */
function officeKind(buf: Buffer): FileKind | 'zip' {
  let names: string[];
  try {
    names = assertSafeXlsx(buf, {
      maxBytes: MAX_ATTACHMENT_BYTES,
      maxTotalUncompressed: 300 * 1024 * 1024,
      requiredParts: ['[Content_Types].xml'],
    }).map((e) => e.name);
  } catch (err) {
    if (err instanceof AppError) return 'zip';
    throw err;
  }
  if (names.includes('word/document.xml')) return 'docx';
  if (names.includes('xl/workbook.xml')) return 'xlsx';
  return 'zip';
}

/** The kind of the content, or what else it is ('zip', 'ole' for old .doc/.xls, null for unknown). */
export function detectKind(buf: Buffer): FileKind | 'zip' | 'ole' | null {
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG)) return 'png';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 4 && buf.subarray(0, 4).equals(ZIP)) return officeKind(buf);
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0) return 'ole';
  return null;
}

/** A file name safe to store and to send back: no path, no control or reserved characters, ≤ 120 characters. */
export function sanitizeName(raw: string, kind: FileKind): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  const ext = extOf(name);
  if (!ext) name = `${name || '附件'}.${FILE_KINDS[kind].exts[0]}`;
  if ([...name].length > 120) {
    const e = `.${extOf(name)}`;
    name = [...name.slice(0, name.length - e.length)].slice(0, 120 - e.length).join('') + e;
  }
  return name;
}

function extOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

/** The file's kind if it is allowed and its name says the same; else INVALID_INPUT with a message to act on. */
export function assertAllowedFile(name: string, buf: Buffer): FileKind {
  if (buf.length === 0) throw refuse('文件是空的，请选择有内容的文件');
  const kind = detectKind(buf);
  if (kind === 'ole')
    throw refuse(
      `这是旧版 Office 文件（.doc / .xls），${ALLOWED_TEXT}。请用 Word 或 Excel「另存为」新格式后上传`,
    );
  if (kind === 'zip') throw refuse(`压缩包或内容不完整的 Office 文件不能作为附件上传，${ALLOWED_TEXT}`);
  if (kind === null) throw refuse(`无法识别文件内容，${ALLOWED_TEXT}`);
  const ext = extOf(name);
  if (ext && !FILE_KINDS[kind].exts.includes(ext)) {
    throw refuse(
      `文件“${name.slice(0, 80)}”的内容是${FILE_KINDS[kind].label}，与扩展名 .${ext} 不符。请确认文件无误；如确是${FILE_KINDS[kind].label}，请将扩展名改为 .${FILE_KINDS[kind].exts[0]} 后上传`,
    );
  }
  return kind;
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` — never a raw quote, CR or LF from the name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
