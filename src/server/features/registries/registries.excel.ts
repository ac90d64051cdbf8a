// The Excel side of a registry (台账): the import template, reading an import, marking the rows
// it refused, and the export. Pure: buffers and streams in, buffers and streams out; no HTTP and
// no database. Everything is derived from the RegistryDef, so a new registry gets all four.
//
// Big files go through exceljs's streaming reader and writer (GUIDE.md: 50k rows in 1.3 s and
// 124 MB streaming against 4.2 s and 610 MB in memory); only the small template is built in memory.
import { PassThrough, Readable, type Stream } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../../lib/lazy-libs.ts';
import {
  BOOL_LABELS,
  type FieldDef,
  type FieldType,
  MAX_REFS,
  type RegistryDef,
} from '#shared/registries/types.ts';
import { isValidIdCard, isValidMobile, isValidUscc } from '#shared/validators.ts';
import { AppError } from '../../lib/errors.ts';
import { assertSafeXlsx, assertXlsxInflatesAsDeclared } from '../../lib/xlsx-guard.ts';

export const DEFAULT_MAX_ROWS = 100_000;
/** The column annotateImport adds; parseImport ignores it, so an annotated file imports as is. */
export const ERROR_COLUMN_LABEL = '错误说明';
export const GUIDE_SHEET_NAME = '填写说明';
/** Rows of the template that carry drop-downs and checks (one range per column, so cheap). */
const TEMPLATE_ROWS = 10_000;
const YEAR_MIN = 1949;
const YEAR_MAX = 2100;
/** Excel refuses an inline list longer than 255 characters; longer lists go to a hidden sheet. */
const INLINE_LIST_MAX = 255;
/** Zhejiang is on China Standard Time, UTC+8, with no daylight saving since 1991. */
const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;

// ————————————————————————————————————————————— headers

/** The bracketed hint of an org or ref column: what to type there. */
function hintOf(f: FieldDef): string | undefined {
  if (f.type === 'org') {
    return f.orgKinds?.length && f.orgKinds.every((k) => k === 'enterprise')
      ? '统一社会信用代码或名称'
      : '代码或名称';
  }
  if (f.type === 'ref') return '名称';
  if (f.type === 'refs') return '名称，多个用、分隔';
  return undefined;
}

/** `*级别`, `依托企业（统一社会信用代码或名称）`: the same in the template and the export. */
export function headerLabel(f: FieldDef): string {
  const hint = hintOf(f);
  return `${f.required ? '*' : ''}${f.label.zh}${hint ? `（${hint}）` : ''}`;
}

/** Full-width forms to ASCII (NFKC), no spaces, lower case: how headers and choices are compared. */
function fold(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The keys a header cell may match: as written, and without its `*` and bracketed hint. */
function headerKeys(text: string): string[] {
  const k = fold(text).replace(/^\*+/, '');
  const bare = k.replace(/[([【][^()[\]【】]*[)\]】]$/, '');
  return bare !== k ? [k, bare] : [k];
}

/** Sheet names: at most 31 characters, none of `[]:*?/\`. */
function sheetNameOf(def: RegistryDef): string {
  return def.itemLabel.zh.replace(/[[\]:*?/\\]/g, '').slice(0, 31) || 'Sheet1';
}

/** Column width in Excel units: CJK characters are about two wide. */
function widthOf(text: string, min = 10, max = 60): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\uffff]/u.test(ch) ? 2 : 1;
  return Math.min(max, Math.max(min, w + 4));
}

// ————————————————————————————————————————————— formula escaping (SECURITY.md)

/** What makes a spreadsheet read a cell as a formula, in ASCII and in full width. */
const FORMULA_START = /^'*[=+\-@\t\r＝＋－＠]/;

/**
 * The value to write for a string cell: a leading `'` when the text (after any `'`s it already
 * has) would start a formula, so `=cmd|…` stays text. Applying it to text that already starts
 * with `'`s keeps the mapping reversible (`unescapeCell`).
 */
export function escapeCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** Undoes `escapeCell`, so an exported file imports back to the same values. */
export function unescapeCell(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s.slice(1)) ? s.slice(1) : s;
}

// ————————————————————————————————————————————— dates

function ymdOfUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A real calendar date in range, as `YYYY-MM-DD`, or undefined. */
function ymd(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > YEAR_MAX) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return ymdOfUtc(t);
}

/** Excel's day numbers: day 0 is 1899-12-30 (after Excel's fictitious 1900-02-29), or 1904-01-01. */
function serialToYmd(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 61) return undefined;
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(base + Math.floor(serial + 1e-9) * DAY_MS);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

// ————————————————————————————————————————————— cell values → one plain value

type Scalar = string | number | boolean | Date;

/** A cell that has something in it we cannot import (an error value, an uncomputed formula). */
class CellProblem {
  constructor(readonly message: string) {}
}

/**
 * Reduces what exceljs gives for a cell to a plain value: rich text joined, formulas to their
 * cached result, strings trimmed and un-escaped. Empty cells give undefined.
 */
function scalarOf(v: unknown): Scalar | undefined | CellProblem {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') {
    const s = unescapeCell(v.trim());
    return s === '' ? undefined : s;
  }
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      return scalarOf((o.richText as { text?: string }[]).map((r) => r.text ?? '').join(''));
    }
    if ('formula' in o || 'sharedFormula' in o) {
      if (o.result === undefined)
        return new CellProblem('是没有计算结果的公式，请复制后「选择性粘贴 → 数值」再导入');
      return scalarOf(o.result);
    }
    if ('error' in o) return new CellProblem(`的值是错误 ${String(o.error)}，请改为正确的值`);
    if ('text' in o) return scalarOf(o.text);
  }
  return undefined;
}

function textOf(v: Scalar): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? BOOL_LABELS.true.zh : BOOL_LABELS.false.zh;
  if (v instanceof Date) return ymdOfUtc(v);
  return String(v);
}

// ————————————————————————————————————————————— one converter per field type

interface ConvertContext {
  date1904: boolean;
  /** Day numbers repeat a lot in a big file: convert each once. */
  days: Map<number, string | undefined>;
}
type Converted = { value: unknown } | { error: string } | { masked: true };
type Converter = (v: Scalar, f: FieldDef, c: ConvertContext) => Converted;

const ok = (value: unknown): Converted => ({ value });
const bad = (error: string): Converted => ({ error });
const charCount = (s: string) => [...s].length;

function intRange(f: FieldDef): [number, number] {
  if (f.type === 'year')
    return [Math.max(YEAR_MIN, f.min ?? YEAR_MIN), Math.min(YEAR_MAX, f.max ?? YEAR_MAX)];
  return [f.min ?? -2_147_483_648, f.max ?? 2_147_483_647];
}

function rangeText(lo: number, hi: number): string {
  return `${lo}–${hi}`;
}

/** Numbers may arrive typed as text, with thousands separators or in full width. */
function numberOf(v: Scalar): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.normalize('NFKC').replace(/[,\s]/g, '');
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : undefined;
}

function convertText(v: Scalar, f: FieldDef): Converted {
  const s = textOf(v);
  const n = charCount(s);
  if (f.max !== undefined && n > f.max) return bad(`不能超过 ${f.max} 个字（现有 ${n} 个字）`);
  return ok(s);
}

function convertInt(v: Scalar, f: FieldDef): Converted {
  const [lo, hi] = intRange(f);
  const what =
    f.type === 'year' ? `${rangeText(lo, hi)} 之间的四位年份，如 2025` : `${rangeText(lo, hi)} 之间的整数`;
  let n = numberOf(typeof v === 'string' && f.type === 'year' ? v.replace(/年$/, '') : v);
  if (n !== undefined && Math.abs(n - Math.round(n)) < 1e-9) n = Math.round(n);
  if (n === undefined || !Number.isInteger(n) || n < lo || n > hi) return bad(`应为 ${what}`);
  return ok(n);
}

function convertDecimal(v: Scalar, f: FieldDef): Converted {
  const n = numberOf(v);
  if (n === undefined || !Number.isFinite(n)) return bad('应为数字，最多两位小数');
  const rounded = Math.round(n * 100) / 100;
  // Typed numbers with a third decimal are refused; float noise from Excel arithmetic is not.
  if (Math.abs(rounded - n) > 1e-9) return bad('最多保留两位小数');
  if ((f.min !== undefined && rounded < f.min) || (f.max !== undefined && rounded > f.max)) {
    return bad(`应为 ${f.min ?? '…'}–${f.max ?? '…'} 之间的数字`);
  }
  return ok(rounded);
}

const DATE_HINT = '应为日期，如 2025-03-01、2025/3/1 或 2025年3月1日';

function convertDate(v: Scalar, _f: FieldDef, c: ConvertContext): Converted {
  let out: string | undefined;
  // Without the file's styles (skipped for speed) an Excel date arrives as its day number.
  if (typeof v === 'number') {
    out = c.days.get(v);
    if (out === undefined && !c.days.has(v)) {
      out = serialToYmd(v, c.date1904);
      c.days.set(v, out);
    }
  } else if (v instanceof Date) out = ymd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  else if (typeof v === 'string') {
    const s = v.normalize('NFKC').replace(/\s+/g, '');
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(s);
    if (m) out = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  return out ? ok(out) : bad(DATE_HINT);
}

const TRUE_WORDS = new Set(['是', 'true', '1', 'y', 'yes']);
const FALSE_WORDS = new Set(['否', 'false', '0', 'n', 'no']);
const YES: Converted = Object.freeze({ value: true });
const NO: Converted = Object.freeze({ value: false });

function convertBool(v: Scalar): Converted {
  if (typeof v === 'boolean') return v ? YES : NO;
  // The template's own spellings first: folding (NFKC) is the slow path.
  if (v === BOOL_LABELS.true.zh) return YES;
  if (v === BOOL_LABELS.false.zh) return NO;
  const s = fold(textOf(v));
  if (TRUE_WORDS.has(s)) return YES;
  if (FALSE_WORDS.has(s)) return NO;
  return bad('应为 是 或 否');
}

/** Per enum field: every accepted spelling (Chinese label, English label, stored value) → value. */
const enumIndexes = new WeakMap<FieldDef, Map<string, string>>();

function convertEnum(v: Scalar, f: FieldDef): Converted {
  let index = enumIndexes.get(f);
  if (!index) {
    index = new Map();
    for (const o of f.options ?? []) for (const s of [o.value, o.en, o.zh]) index.set(fold(s), o.value);
    // The exact Chinese labels too, so the common case skips folding.
    for (const o of f.options ?? []) index.set(`=${o.zh}`, o.value);
    enumIndexes.set(f, index);
  }
  const value = (typeof v === 'string' ? index.get(`=${v}`) : undefined) ?? index.get(fold(textOf(v)));
  return value !== undefined ? ok(value) : bad(`应为 ${(f.options ?? []).map((o) => o.zh).join('/')} 之一`);
}

/** Exports carry masked personal data (`138****1234`): such a cell means "keep what is stored". */
const MASKED_PHONE = /^1\d{2}\*{4}\d{4}$/;
const MASKED_IDCARD = /^\d{3}\*{11}\d{3}[\dX]$/;
const LOST_DIGITS = '被 Excel 存成了数字，后几位已丢失；请把该列设为「文本」格式后重新填写';

function convertPhone(v: Scalar): Converted {
  const s = textOf(v)
    .normalize('NFKC')
    .replace(/[\s-]/g, '')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (MASKED_PHONE.test(s)) return { masked: true };
  return isValidMobile(s) ? ok(s) : bad('应为 11 位手机号码，如 13800138000');
}

function convertIdCard(v: Scalar): Converted {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) return bad(LOST_DIGITS);
  const s = textOf(v).normalize('NFKC').replace(/\s/g, '').toUpperCase();
  if (MASKED_IDCARD.test(s)) return { masked: true };
  return isValidIdCard(s) ? ok(s) : bad('不是有效的 18 位居民身份证号码（请核对出生日期和末位校验码）');
}

function convertUscc(v: Scalar): Converted {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) return bad(LOST_DIGITS);
  const s = textOf(v).normalize('NFKC').replace(/\s/g, '').toUpperCase();
  return isValidUscc(s) ? ok(s) : bad('不是有效的 18 位统一社会信用代码（请核对每一位和末位校验码）');
}

/** Organisations and records are named by text here; the service resolves the text to an id. */
function convertReference(v: Scalar): Converted {
  return ok({ ref: textOf(v) });
}

/** Several names in one cell: 甲、乙；丙 (also ; , ， and line breaks); the service resolves each. */
function convertReferences(v: Scalar): Converted {
  const names = [
    ...new Set(
      textOf(v)
        .split(/[、；;,，\n]+/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
  if (names.length > MAX_REFS) return bad(`至多 ${MAX_REFS} 项（现有 ${names.length} 项）`);
  return names.length ? ok({ refs: names }) : ok(null);
}

const CONVERTERS: Record<FieldType, Converter> = {
  text: convertText,
  longtext: convertText,
  int: convertInt,
  year: convertInt,
  decimal: convertDecimal,
  date: convertDate,
  bool: convertBool,
  enum: convertEnum,
  phone: convertPhone,
  idcard: convertIdCard,
  uscc: convertUscc,
  org: convertReference,
  ref: convertReference,
  refs: convertReferences,
};

// ————————————————————————————————————————————— the template

/** Chinese name of each field type, and what may be typed, for the 填写说明 sheet. */
const TYPE_NAMES: Record<FieldType, string> = {
  text: '文本',
  longtext: '文本（可多行）',
  int: '整数',
  decimal: '数字（最多两位小数）',
  date: '日期',
  year: '年份',
  bool: '是/否',
  enum: '下拉选择',
  phone: '手机号码',
  idcard: '居民身份证号码',
  uscc: '统一社会信用代码',
  org: '单位',
  ref: '关联记录',
  refs: '关联记录（可多个）',
};

function allowedText(f: FieldDef): string {
  switch (f.type) {
    case 'text':
    case 'longtext':
      return f.max ? `不超过 ${f.max} 个字` : '';
    case 'int':
    case 'year': {
      const [lo, hi] = intRange(f);
      return f.type === 'year' ? `${lo}–${hi} 的四位年份，如 2025` : `${lo}–${hi} 的整数`;
    }
    case 'decimal':
      return `数字，最多两位小数${f.min !== undefined || f.max !== undefined ? `，${f.min ?? '…'}–${f.max ?? '…'}` : ''}`;
    case 'date':
      return '如 2025-03-01、2025/3/1 或 2025年3月1日';
    case 'bool':
      return '是 / 否';
    case 'enum':
      return (f.options ?? []).map((o) => o.zh).join('、');
    case 'phone':
      return '11 位手机号码，如 13800138000';
    case 'idcard':
      return '18 位号码，末位可为 X';
    case 'uscc':
      return '18 位代码，字母大写';
    case 'org':
      return f.orgKinds?.every((k) => k === 'enterprise')
        ? '单位的统一社会信用代码或全称，须是平台中已有的单位'
        : '单位的代码（行政区划代码或统一社会信用代码）或全称，须是平台中已有的单位';
    case 'ref':
      return '平台中已有记录的名称';
    case 'refs':
      return '平台中已有记录的名称，多个用“、”或“；”分隔';
  }
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: HEADER_FILL,
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: { bottom: { style: 'thin', color: { argb: 'FF8EA9DB' } } },
};
/** Column formats: text columns stay text, so Excel keeps ID numbers' digits and "1-2" undated. */
const TEXT_TYPES = new Set<FieldType>(['text', 'longtext', 'phone', 'idcard', 'uscc', 'org', 'ref', 'refs']);
const TEXT_STYLE: Partial<ExcelJS.Style> = { numFmt: '@' };
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd' };
const DECIMAL_STYLE: Partial<ExcelJS.Style> = { numFmt: '0.00' };
const DATETIME_STYLE: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd hh:mm:ss' };
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};

/** Wide enough for the header, and for the values of the fixed-length types. */
function columnWidthOf(f: FieldDef): number {
  const forValues = { idcard: 22, uscc: 22, phone: 15, date: 12, longtext: 40 }[f.type as string] ?? 0;
  return Math.max(widthOf(headerLabel(f)), forValues);
}

function columnStyleOf(f: FieldDef): Partial<ExcelJS.Style> {
  if (TEXT_TYPES.has(f.type)) return TEXT_STYLE;
  if (f.type === 'date') return DATE_STYLE;
  if (f.type === 'decimal') return DECIMAL_STYLE;
  return PLAIN_STYLE;
}

/** Excel calls a file damaged whose validation title passes 32 characters or message 255. */
const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** Drop-downs and checks for a template column, or undefined when Excel cannot help. */
function validationOf(f: FieldDef, listRef: () => string): ExcelJS.DataValidation | undefined {
  const common = {
    allowBlank: !f.required,
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    errorTitle: clip(f.label.zh, 32),
  };
  switch (f.type) {
    case 'enum': {
      const labels = (f.options ?? []).map((o) => o.zh);
      const inline = labels.join(',');
      const fits = inline.length + 2 <= INLINE_LIST_MAX && !labels.some((l) => /[,"]/.test(l));
      return {
        ...common,
        type: 'list',
        formulae: [fits ? `"${inline}"` : listRef()],
        error: clip(`请从下拉列表中选择：${labels.join('、')}`, 200),
      };
    }
    case 'bool':
      return { ...common, type: 'list', formulae: ['"是,否"'], error: '请选择 是 或 否' };
    case 'int':
    case 'year': {
      const [lo, hi] = intRange(f);
      return {
        ...common,
        type: 'whole',
        operator: 'between',
        formulae: [lo, hi],
        error: `请填写 ${allowedText(f)}`,
      };
    }
    case 'decimal':
      return f.min !== undefined || f.max !== undefined
        ? {
            ...common,
            type: 'decimal',
            operator: 'between',
            formulae: [f.min ?? -1e15, f.max ?? 1e15],
            error: `请填写 ${allowedText(f)}`,
          }
        : undefined;
    case 'date':
      return {
        ...common,
        type: 'date',
        operator: 'between',
        formulae: [new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(YEAR_MAX, 11, 31))],
        error: '请填写日期，如 2025-03-01',
      };
    case 'text':
    case 'longtext':
      return f.max
        ? {
            ...common,
            type: 'textLength',
            operator: 'lessThanOrEqual',
            formulae: [f.max],
            error: `不能超过 ${f.max} 个字`,
          }
        : undefined;
    default:
      return undefined;
  }
}

interface WithValidations {
  dataValidations: { add(range: string, v: ExcelJS.DataValidation): void };
}

/**
 * The import template: one sheet named after the record (headers in Chinese, `*` for required,
 * drop-downs and checks on the first rows, header frozen) and a 填写说明 sheet.
 */
export async function buildTemplate(def: RegistryDef, _ctx: { lang?: 'zh' } = {}): Promise<Buffer> {
  const excel = await loadExcel();
  const wb = new excel.Workbook();
  wb.creator = '匠心';
  const ws = wb.addWorksheet(sheetNameOf(def), { views: [{ state: 'frozen', ySplit: 1 }] });
  const guide = wb.addWorksheet(GUIDE_SHEET_NAME);
  let lists: ExcelJS.Worksheet | undefined;

  const headers = def.fields.map(headerLabel);
  ws.columns = def.fields.map((f) => ({ width: columnWidthOf(f), style: columnStyleOf(f) }));
  const header = ws.getRow(1);
  headers.forEach((h, i) => {
    const cell = header.getCell(i + 1);
    cell.value = h;
    cell.style = HEADER_STYLE;
  });
  header.height = 24;

  def.fields.forEach((f, i) => {
    const col = ws.getColumn(i + 1).letter;
    const listRef = () => {
      // Long option lists live in a hidden sheet, one column per field.
      lists ??= wb.addWorksheet('选项', { state: 'hidden' });
      const c = lists.getColumn(i + 1);
      (f.options ?? []).forEach((o, j) => {
        lists!.getCell(j + 1, i + 1).value = o.zh;
      });
      return `'选项'!$${c.letter}$1:$${c.letter}$${Math.max(1, f.options?.length ?? 1)}`;
    };
    const v = validationOf(f, listRef);
    // One range per column (exceljs's worksheet has it, its typings do not).
    if (v) (ws as unknown as WithValidations).dataValidations.add(`${col}2:${col}${TEMPLATE_ROWS + 1}`, v);
  });

  guide.columns = [
    { header: '列名', width: 28 },
    { header: '类型', width: 18 },
    { header: '是否必填', width: 10 },
    { header: '可填写的值', width: 48 },
    { header: '说明', width: 48 },
  ];
  guide.getRow(1).eachCell((c) => {
    c.style = HEADER_STYLE;
  });
  for (const f of def.fields) {
    guide.addRow([
      headerLabel(f),
      TYPE_NAMES[f.type],
      f.required ? '必填' : '选填',
      allowedText(f),
      f.help?.zh ?? '',
    ]);
  }
  const keyLabels = def.naturalKey
    .map((k) => `「${def.fields.find((f) => f.key === k)?.label.zh ?? k}」`)
    .join('');
  const notes = [
    '',
    '填写须知',
    `1. 请在第一个工作表「${ws.name}」中填写；第一行是表头，请勿修改或删除；每行填写一条${def.itemLabel.zh}。`,
    '2. 带 * 的列必须填写；有下拉箭头的列请从列表中选择。',
    '3. 日期请按 2025-03-01 的格式填写；手机号码、身份证号码请按文本填写，不要加空格。',
    `4. 导入时按${keyLabels}识别同一条${def.itemLabel.zh}：平台中已有的会被更新，不会重复添加；同一文件中不能重复。`,
    '5. 如有填写错误，系统会返回一份标出错误的文件（错误行标红，最后一列写明原因）：改正后重新导入整个文件即可。',
  ];
  for (const line of notes) guide.addRow([line]);
  guide.getRow(def.fields.length + 3).font = { bold: true };
  guide.eachRow((row, n) => {
    if (n > 1) row.alignment = { vertical: 'top', wrapText: true };
  });

  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ————————————————————————————————————————————— reading the first sheet, streaming

interface SheetInfo {
  name: string;
  date1904: boolean;
}

/** What the streaming reader exposes beyond its published types. */
interface WorkbookReaderInternals {
  model?: { sheets?: { id: number; name: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
}
interface WorksheetReaderInternals extends AsyncIterable<ExcelJS.Row> {
  id: number;
  name: string;
}

class OwnError extends Error {
  constructor(override readonly cause: unknown) {
    super('row callback failed');
  }
}

/** Both guards; what every reader of an uploaded buffer calls first (and an import before it is queued). */
export async function assertReadable(buf: Buffer): Promise<void> {
  const entries = assertSafeXlsx(buf);
  await assertXlsxInflatesAsDeclared(buf, entries);
}

/**
 * Streams the rows of the first visible sheet (in tab order) to `onRow`. The other sheets are
 * read to their end too: exceljs parks sheets it meets before the shared strings in temporary
 * files and deletes them only when the iteration completes.
 */
async function readFirstSheet(
  buf: Buffer,
  styles: 'cache' | 'ignore',
  onRow: (row: ExcelJS.Row, sheet: SheetInfo) => void,
): Promise<SheetInfo | undefined> {
  const excel = await loadExcel();
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    sharedStrings: 'cache',
    styles,
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const internals = reader as unknown as WorkbookReaderInternals;
  let found: SheetInfo | undefined;
  try {
    for await (const sheet of reader) {
      const ws = sheet as unknown as WorksheetReaderInternals;
      const first = internals.model?.sheets?.find((s) => s.state !== 'hidden' && s.state !== 'veryHidden');
      if (!found && (!first || String(first.id) === String(ws.id))) {
        found = { name: ws.name, date1904: internals.properties?.model?.date1904 === true };
        for await (const row of ws) {
          try {
            onRow(row, found);
          } catch (e) {
            throw new OwnError(e);
          }
        }
      } else {
        for await (const _ of ws) {
          // drained, see above
        }
      }
    }
  } catch (e) {
    // Our own failures stay what they are (a bug must not pass for a bad file).
    if (e instanceof OwnError) throw e.cause;
    if (e instanceof AppError) throw e;
    console.warn('[import] the xlsx reader failed:', (e as Error)?.message ?? e);
    throw new ReaderFailure(String((e as Error)?.message ?? e), { cause: e });
  }
  return found;
}

/** exceljs's streaming reader failed on the file (not our code, not a refusal of ours). */
export class ReaderFailure extends Error {}

/**
 * Runs a whole read of a file, a second time if exceljs's reader fails on the first. Its
 * streaming reader fails rarely and at random on a sound file: "Cannot read properties of
 * undefined (reading 'sheets')", about once in a thousand reads of one template with ten at a
 * time, never twice in a row (decision 018). The file is in memory and `read` starts from
 * nothing, so the second run is the same read. A file that fails twice gets a plain answer;
 * the log keeps the reader's own words.
 */
export async function readTwiceIfNeeded<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof ReaderFailure)) throw e;
      if (attempt === 2)
        throw new AppError(
          'INVALID_INPUT',
          '文件内容无法读取，可能已损坏或由不兼容的软件生成。请用 Excel 打开后「另存为」Excel 工作簿（.xlsx）再上传。',
        );
    }
  }
}

function isEmptyRow(values: unknown[], skipCol: number): boolean {
  for (let c = 1; c < values.length; c++) {
    if (c === skipCol) continue;
    const v = values[c];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' ? v.trim() !== '' : scalarOf(v) !== undefined) return false;
  }
  return true;
}

function cellText(v: unknown): string {
  const s = scalarOf(v);
  return s === undefined || s instanceof CellProblem ? '' : textOf(s);
}

// ————————————————————————————————————————————— import

export interface ParsedRow {
  /** The row number Excel shows. */
  rowNumber: number;
  /**
   * Converted values by field key: strings, numbers, booleans, `YYYY-MM-DD` for dates, enum
   * values, `{ ref: text }` for org and ref fields (the service resolves them). An empty cell
   * gives null; a column absent from the file gives no key; a masked phone or ID number
   * (`138****1234`, as exported) gives no key either: "keep what is stored".
   */
  values: Record<string, unknown>;
  /** Chinese, each naming its column. */
  errors: string[];
}

export interface ParsedImport {
  rows: ParsedRow[];
  /** Problems of the whole file (missing required column, too many rows): import nothing. */
  fileErrors: string[];
  warnings: string[];
  /** Non-empty data rows in the file. */
  totalRows: number;
}

interface Column {
  col: number;
  field: FieldDef;
  /** `第 3 列「级别」：`, built once: messages start with it. */
  prefix: string;
}

function keyPart(v: unknown): string {
  return typeof v === 'object' && v !== null ? (v as { ref: string }).ref : String(v);
}

/** Matches the header row to fields; reports unknown, repeated and missing columns. */
function mapHeader(
  def: RegistryDef,
  values: unknown[],
  out: ParsedImport,
): { columns: Column[]; errorCol: number } {
  const byKey = new Map<string, FieldDef>();
  for (const f of def.fields)
    for (const l of [f.label.zh, f.label.en, headerLabel(f)]) byKey.set(headerKeys(l)[0], f);
  const seen = new Map<FieldDef, number[]>();
  let errorCol = -1;
  for (let c = 1; c < values.length; c++) {
    const text = cellText(values[c]);
    if (!text) continue;
    const keys = headerKeys(text);
    if (keys[0] === fold(ERROR_COLUMN_LABEL)) {
      errorCol = c;
      continue;
    }
    const field = keys.map((k) => byKey.get(k)).find(Boolean);
    if (!field) {
      out.warnings.push(`第 ${c} 列「${text.slice(0, 50)}」不是${def.itemLabel.zh}的字段，导入时已忽略`);
      continue;
    }
    seen.set(field, [...(seen.get(field) ?? []), c]);
  }
  const columns: Column[] = [];
  for (const [field, cols] of seen) {
    if (cols.length > 1) {
      out.fileErrors.push(
        `「${field.label.zh}」列出现了 ${cols.length} 次（第 ${cols.join('、')} 列），请只保留一列`,
      );
    }
    columns.push({ col: cols[0], field, prefix: `第 ${cols[0]} 列「${field.label.zh}」：` });
  }
  for (const f of def.fields) {
    if (f.required && !seen.has(f)) out.fileErrors.push(`缺少必填列「${f.label.zh}」，请使用最新的导入模板`);
  }
  columns.sort((a, b) => a.col - b.col);
  return { columns, errorCol };
}

/**
 * Reads an uploaded workbook against a registry: the first sheet, header matched by label,
 * each cell converted by its field's type. Refuses (AppError) a file that is not a safe xlsx;
 * everything else is reported in the result, row by row, in Chinese.
 */
export async function parseImport(
  def: RegistryDef,
  buf: Buffer,
  opts: { maxRows?: number; onRow?: (rowsRead: number) => void } = {},
): Promise<ParsedImport> {
  await assertReadable(buf);
  return readTwiceIfNeeded(() => parseImportOnce(def, buf, opts));
}

async function parseImportOnce(
  def: RegistryDef,
  buf: Buffer,
  opts: { maxRows?: number; onRow?: (rowsRead: number) => void },
): Promise<ParsedImport> {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;

  const out: ParsedImport = { rows: [], fileErrors: [], warnings: [], totalRows: 0 };
  let columns: Column[] | undefined;
  let errorCol = -1;
  const ctx: ConvertContext = { date1904: false, days: new Map() };
  const keyFields = def.naturalKey.map((k) => def.fields.find((f) => f.key === k)!);
  const firstRowOfKey = new Map<string, number>();
  const masked = new Map<FieldDef, { count: number; example: string }>();
  let keyCols: number[] | undefined;

  const sheet = await readFirstSheet(buf, 'ignore', (row, info) => {
    const values = row.values as unknown[];
    if (!columns) {
      if (isEmptyRow(values, -1)) return;
      ctx.date1904 = info.date1904;
      ({ columns, errorCol } = mapHeader(def, values, out));
      const colOf = new Map(columns.map((c) => [c.field, c.col]));
      if (keyFields.every((f) => colOf.has(f))) keyCols = keyFields.map((f) => colOf.get(f)!);
      return;
    }
    if (isEmptyRow(values, errorCol)) return;
    out.totalRows++;
    opts.onRow?.(out.totalRows);
    // After a file-level error, or past the row cap, only count: the rows would be refused anyway.
    if (out.fileErrors.length > 0 || out.totalRows > maxRows) return;

    const parsed: ParsedRow = { rowNumber: row.number, values: {}, errors: [] };
    for (const { col, field, prefix } of columns) {
      const s = scalarOf(values[col]);
      if (s === undefined) {
        if (field.required) parsed.errors.push(`${prefix}必填，不能为空`);
        else parsed.values[field.key] = null;
        continue;
      }
      if (s instanceof CellProblem) {
        parsed.errors.push(`${prefix}单元格${s.message}`);
        continue;
      }
      const r = CONVERTERS[field.type](s, field, ctx);
      if ('value' in r) parsed.values[field.key] = r.value;
      else if ('error' in r) parsed.errors.push(prefix + r.error);
      else {
        const m = masked.get(field) ?? { count: 0, example: textOf(s) };
        m.count++;
        masked.set(field, m);
      }
    }

    // The same natural key twice in one file: the later row is the mistake. A key field that
    // failed, is empty or masked has no value here, and such rows are not compared.
    if (keyCols && keyFields.every((f) => parsed.values[f.key] != null)) {
      const key = keyFields.map((f) => keyPart(parsed.values[f.key])).join('\u0001');
      const first = firstRowOfKey.get(key);
      if (first === undefined) firstRowOfKey.set(key, row.number);
      else {
        parsed.errors.push(
          `第 ${keyCols.join('、')} 列${keyFields.map((f) => `「${f.label.zh}」`).join('')}：与第 ${first} 行相同，同一文件中同一${def.itemLabel.zh}只能出现一次`,
        );
      }
    }
    out.rows.push(parsed);
  });

  if (!sheet) throw new AppError('INVALID_INPUT', '文件中没有工作表。请使用导入模板填写后再上传。');
  if (!columns) {
    out.fileErrors.push(`工作表「${sheet.name}」是空的：请在第一个工作表中填写，第一行为表头`);
  } else if (out.totalRows === 0 && out.fileErrors.length === 0) {
    out.fileErrors.push(`工作表「${sheet.name}」中没有数据：请从第二行开始填写，每行一条${def.itemLabel.zh}`);
  }
  if (out.totalRows > maxRows) {
    out.fileErrors.push(
      `文件有 ${out.totalRows} 行数据，超过单次导入上限 ${maxRows} 行。请拆分为几个文件分批导入，每个不超过 ${maxRows} 行。`,
    );
  }
  if (out.fileErrors.length > 0) out.rows = [];
  for (const [f, m] of masked) {
    out.warnings.push(
      `「${f.label.zh}」列有 ${m.count} 个打码的号码（如 ${m.example}），这些单元格不会覆盖平台中已保存的号码`,
    );
  }
  return out;
}

// ————————————————————————————————————————————— the refused rows, marked in the user's own file

const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const ERROR_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const ERROR_HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FFFF0000' } },
  alignment: { vertical: 'middle', wrapText: true },
};
const ERROR_CELL_STYLE: Partial<ExcelJS.Style> = {
  fill: ERROR_FILL,
  font: ERROR_FONT,
  alignment: { vertical: 'top', wrapText: true },
};
const RED_ONLY_STYLE: Partial<ExcelJS.Style> = { fill: ERROR_FILL };

/**
 * Formulas become their results and text is escaped like an export's: the copy shows what the
 * user saw and, being a file we serve, starts no formula. parseImport undoes the escape.
 */
function copyValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof v === 'string') return escapeCell(v);
  if (v && typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) {
    const r = (v as ExcelJS.CellFormulaValue).result;
    return r === undefined ? null : copyValue(r as ExcelJS.CellValue);
  }
  return v;
}

function hasStyle(s: Partial<ExcelJS.Style> | undefined): s is Partial<ExcelJS.Style> {
  return !!s && Object.keys(s).length > 0;
}

/**
 * The uploaded workbook's first sheet, values as they were, with a last column 错误说明 holding
 * each refused row's messages and those rows filled light red. The user corrects the red rows
 * and imports the whole file again (the 错误说明 column is ignored on import). Streams in and out.
 */
export async function annotateImport(buf: Buffer, errorsByRow: Map<number, string[]>): Promise<Buffer> {
  await assertReadable(buf);
  return readTwiceIfNeeded(() => annotateImportOnce(buf, errorsByRow));
}

async function annotateImportOnce(buf: Buffer, errorsByRow: Map<number, string[]>): Promise<Buffer> {
  const sink = new PassThrough();
  const collected = collect(sink);
  const excel = await loadExcel();
  const wb = new excel.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: true,
  });
  let ws: ExcelJS.Worksheet | undefined;
  let headerRow = 0;
  let errorCol = 0;
  /** Cells at or right of here (outside any header column) move one right, to make room. */
  let shiftFrom = Number.POSITIVE_INFINITY;
  let oldErrorCol = -1;
  const pending = [...errorsByRow.keys()].sort((a, b) => a - b);
  let next = 0;
  // The same style object for the same look: exceljs's style table caches by object identity.
  const redVariants = new WeakMap<object, Partial<ExcelJS.Style>>();
  const redOf = (s: Partial<ExcelJS.Style> | undefined) => {
    if (!hasStyle(s)) return RED_ONLY_STYLE;
    let r = redVariants.get(s);
    if (!r) {
      r = { ...s, fill: ERROR_FILL };
      redVariants.set(s, r);
    }
    return r;
  };

  const writeErrors = (rowNumber: number, target: ExcelJS.Row) => {
    const messages = errorsByRow.get(rowNumber);
    if (!messages?.length) return;
    // Empty cells too, so the whole row shows red.
    for (let c = 1; c < errorCol; c++) if (!target.findCell(c)) target.getCell(c).style = RED_ONLY_STYLE;
    const cell = target.getCell(errorCol);
    cell.value = messages.join('；');
    cell.style = ERROR_CELL_STYLE;
  };
  const flushPendingBefore = (rowNumber: number) => {
    while (next < pending.length && pending[next] < rowNumber) {
      const n = pending[next++];
      if (n <= headerRow) continue;
      const target = ws!.getRow(n);
      writeErrors(n, target);
      target.commit();
    }
  };

  const sheet = await readFirstSheet(buf, 'cache', (row, info) => {
    const values = row.values as unknown[];
    if (!ws) {
      if (isEmptyRow(values, -1)) return;
      headerRow = row.number;
      let last = 0;
      for (let c = 1; c < values.length; c++) {
        const t = cellText(values[c]);
        if (t && fold(t) === fold(ERROR_COLUMN_LABEL)) oldErrorCol = c;
        else if (t) last = c;
      }
      errorCol = oldErrorCol > 0 ? oldErrorCol : last + 1;
      if (oldErrorCol < 0) shiftFrom = errorCol;
      // The writer writes the sheet's opening (views included) when the sheet is added.
      ws = wb.addWorksheet(info.name, { views: [{ state: 'frozen', ySplit: headerRow }] });
      const widths: { width: number }[] = [];
      for (let c = 1; c < errorCol; c++) widths.push({ width: widthOf(cellText(values[c])) });
      widths.push({ width: 60 });
      ws.columns = widths;
    }
    flushPendingBefore(row.number);
    if (pending[next] === row.number) next++;

    const target = ws.getRow(row.number);
    const refused = row.number > headerRow && !!errorsByRow.get(row.number)?.length;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col === oldErrorCol) return;
      const out = target.getCell(col >= shiftFrom ? col + 1 : col);
      out.value = copyValue(cell.value);
      const style = cell.style as Partial<ExcelJS.Style> | undefined;
      out.style = refused ? redOf(style) : hasStyle(style) ? style : PLAIN_STYLE;
    });
    if (row.number === headerRow) {
      const cell = target.getCell(errorCol);
      cell.value = ERROR_COLUMN_LABEL;
      cell.style = ERROR_HEADER_STYLE;
    } else if (refused) writeErrors(row.number, target);
    target.commit();
  });

  ws ??= wb.addWorksheet(sheet?.name ?? 'Sheet1');
  if (headerRow) flushPendingBefore(Number.POSITIVE_INFINITY);
  ws.commit();
  await wb.commit();
  return collected;
}

/**
 * The bytes a stream carries, once it has ended. A writer's promise can settle before the
 * last 'data' event reaches us: reading the chunks then would cut the zip short.
 */
export function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

// ————————————————————————————————————————————— export

export interface ExportOptions {
  /** An organisation's name for an `org` field's id (the same name imports back). */
  orgName?: (id: number) => string | undefined;
  /** A record's name for a `ref` field's id. */
  refName?: (field: string, id: number) => string | undefined;
  /** Read-only columns after the fields (所属单位, 更新时间 …); ignored, with a warning, on import. */
  extraColumns?: { key: string; label: string }[];
}

type ExportCell = { value: ExcelJS.CellValue; style: Partial<ExcelJS.Style> };

/** A `YYYY-MM-DD` string (or a Date, by its UTC day) as the UTC midnight Excel shows as that day. */
function dateCell(v: unknown): ExportCell | undefined {
  const s = v instanceof Date ? ymdOfUtc(v) : typeof v === 'string' ? v : undefined;
  const m = s && /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return undefined;
  return { value: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))), style: DATE_STYLE };
}

const text = (s: string): ExportCell => ({ value: escapeCell(s), style: PLAIN_STYLE });
const EMPTY: ExportCell = { value: null, style: PLAIN_STYLE };

function referenceText(v: unknown, name: (id: number) => string | undefined): ExportCell {
  if (typeof v === 'number') return text(name(v) ?? String(v));
  if (v && typeof v === 'object' && typeof (v as { ref?: unknown }).ref === 'string')
    return text((v as { ref: string }).ref);
  return text(String(v));
}

function exportCell(f: FieldDef, v: unknown, opts: ExportOptions): ExportCell {
  if (v === null || v === undefined || v === '') return EMPTY;
  switch (f.type) {
    case 'int':
    case 'year':
    case 'decimal': {
      const n = typeof v === 'number' ? v : Number(v);
      if (!Number.isFinite(n)) return text(String(v));
      return { value: n, style: f.type === 'decimal' ? DECIMAL_STYLE : PLAIN_STYLE };
    }
    case 'date':
      return dateCell(v) ?? text(String(v));
    case 'bool':
      return text(v === true ? BOOL_LABELS.true.zh : v === false ? BOOL_LABELS.false.zh : String(v));
    case 'enum':
      return text(f.options?.find((o) => o.value === v)?.zh ?? String(v));
    case 'org':
      return referenceText(v, (id) => opts.orgName?.(id));
    case 'ref':
      return referenceText(v, (id) => opts.refName?.(f.key, id));
    case 'refs':
      if (!Array.isArray(v)) return text(String(v));
      return v.length ? text(v.map((id) => opts.refName?.(f.key, id) ?? String(id)).join('、')) : EMPTY;
    default:
      return text(String(v));
  }
}

function extraCell(v: unknown): ExportCell {
  if (v === null || v === undefined) return EMPTY;
  // Timestamps are shown in Beijing time: Excel cells carry no zone.
  if (v instanceof Date) return { value: new Date(v.getTime() + CST_OFFSET_MS), style: DATETIME_STYLE };
  if (typeof v === 'number') return { value: v, style: PLAIN_STYLE };
  if (typeof v === 'boolean') return text(v ? BOOL_LABELS.true.zh : BOOL_LABELS.false.zh);
  return text(String(v));
}

/**
 * Rejects when `out` closes or fails before it has finished: the reader went away. Without it
 * exceljs would wait for a 'finish' that never comes.
 */
function whenAbandoned(out: NodeJS.WritableStream): Promise<never> {
  let finished = false;
  out.once('finish', () => {
    finished = true;
  });
  const abandoned = new Promise<never>((_, reject) => {
    out.once('close', () => {
      if (!finished) reject(new Error('export stream closed before the workbook was complete'));
    });
    out.once('error', reject);
  });
  abandoned.catch(() => {}); // observed through the races below
  return abandoned;
}

/**
 * Streams the records to `out` as a workbook with the template's headers, so an export can be
 * edited and imported back: choices and yes/no as their Chinese labels, organisations and
 * records by name, dates as dates, every text cell escaped against formulas. Masking is the
 * caller's job: pass phone and ID numbers already masked unless the reader may see them.
 * `out` is ended when the workbook is complete; on failure the promise rejects and the caller
 * should destroy `out` (a truncated download is better than one that looks whole).
 */
export async function writeExport(
  def: RegistryDef,
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  out: NodeJS.WritableStream,
  opts: ExportOptions = {},
): Promise<void> {
  const extras = opts.extraColumns ?? [];
  const excel = await loadExcel();
  const wb = new excel.stream.xlsx.WorkbookWriter({
    stream: out as unknown as Stream,
    useStyles: true,
    // Shared strings: exceljs's reader decodes XML entities twice in inline strings, so a text
    // containing `&amp;` would not survive an export → import round trip without them.
    useSharedStrings: true,
  });
  wb.creator = '匠心';
  const ws = wb.addWorksheet(sheetNameOf(def), { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = [...def.fields.map(headerLabel), ...extras.map((e) => escapeCell(e.label))];
  ws.columns = headers.map((h, i) => ({
    width: i < def.fields.length ? columnWidthOf(def.fields[i]) : widthOf(h),
  }));
  const header = ws.addRow(headers);
  header.eachCell((c) => {
    c.style = HEADER_STYLE;
  });
  header.commit();

  let n = 0;
  const sink = out as NodeJS.WritableStream & { writableNeedDrain?: boolean };
  const abandoned = whenAbandoned(out);
  for await (const record of rows) {
    const row = ws.addRow([]);
    def.fields.forEach((f, i) => {
      const { value, style } = exportCell(f, record[f.key], opts);
      const cell = row.getCell(i + 1);
      cell.value = value;
      cell.style = style;
    });
    extras.forEach((e, i) => {
      const { value, style } = extraCell(record[e.key]);
      const cell = row.getCell(def.fields.length + i + 1);
      cell.value = value;
      cell.style = style;
    });
    row.commit();
    if (++n % 500 === 0) {
      // Let the zip stream work, and wait for a slow reader: otherwise the sheet piles up in
      // memory. A reader gone away (closed) ends the export with an error.
      await Promise.race([new Promise((r) => setImmediate(r)), abandoned]);
      if (sink.writableNeedDrain) await Promise.race([new Promise((r) => out.once('drain', r)), abandoned]);
    }
  }
  ws.commit();
  await Promise.race([wb.commit(), abandoned]);
}
