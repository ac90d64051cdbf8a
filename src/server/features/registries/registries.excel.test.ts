import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STUDIO_LEVELS, studios, training } from '#shared/registries/carriers.ts';
import { defineRegistry, type RegistryDef } from '#shared/registries/types.ts';
import { maskIdCard, maskPhone } from '#shared/validators.ts';
import { AppError } from '../../lib/errors.ts';
import {
  annotateImport,
  buildTemplate,
  ERROR_COLUMN_LABEL,
  type ExportOptions,
  escapeCell,
  type ParsedImport,
  parseImport,
  ReaderFailure,
  readTwiceIfNeeded,
  unescapeCell,
  writeExport,
  collect,
} from './registries.excel.ts';

/** Every field type once, with a label that has brackets of its own. */
const everything = defineRegistry({
  key: 'test-everything',
  label: { zh: '测试台账', en: 'Test registry' },
  itemLabel: { zh: '测试记录', en: 'Test record' },
  ownerKinds: ['province'],
  naturalKey: ['name', 'day'],
  defaultSort: { field: 'name', order: 'asc' },
  fields: [
    { key: 'name', label: { zh: '名称', en: 'Name' }, type: 'text', required: true, max: 20 },
    { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'longtext', max: 200 },
    { key: 'count', label: { zh: '人数', en: 'Count' }, type: 'int', min: 0, max: 1000 },
    { key: 'amount', label: { zh: '金额（万元）', en: 'Amount' }, type: 'decimal', min: 0 },
    { key: 'day', label: { zh: '日期', en: 'Day' }, type: 'date', required: true },
    { key: 'year', label: { zh: '年份', en: 'Year' }, type: 'year' },
    { key: 'flag', label: { zh: '是否示范', en: 'Flagship' }, type: 'bool' },
    { key: 'level', label: { zh: '级别', en: 'Level' }, type: 'enum', options: STUDIO_LEVELS },
    { key: 'phone', label: { zh: '手机', en: 'Mobile' }, type: 'phone' },
    { key: 'idNo', label: { zh: '身份证号码', en: 'ID number' }, type: 'idcard' },
    { key: 'uscc', label: { zh: '统一社会信用代码', en: 'USCC' }, type: 'uscc' },
    { key: 'orgId', label: { zh: '所在企业', en: 'Enterprise' }, type: 'org', orgKinds: ['enterprise'] },
    { key: 'refId', label: { zh: '所属工作室', en: 'Studio' }, type: 'ref', ref: 'studios' },
  ],
});

const ID = '11010519491231002X';
const USCC = '91330000142916567N';

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

/** Fills the template the way a person would: values typed into the first sheet from row 2. */
async function fillTemplate(def: RegistryDef, rows: unknown[][], start = 2): Promise<Buffer> {
  const wb = await load(await buildTemplate(def, {}));
  const ws = wb.worksheets[0];
  rows.forEach((values, i) => {
    values.forEach((v, j) => {
      if (v !== undefined) ws.getCell(start + i, j + 1).value = v as ExcelJS.CellValue;
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A plain workbook with the given rows, header included. */
async function sheet(rows: unknown[][], name = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function exportToBuffer(def: RegistryDef, rows: Record<string, unknown>[], opts: ExportOptions = {}) {
  const out = new PassThrough();
  const collected = collect(out);
  await writeExport(def, rows, out, opts);
  return collected;
}

const errorsOf = (p: ParsedImport) =>
  Object.fromEntries(p.rows.filter((r) => r.errors.length).map((r) => [r.rowNumber, r.errors]));
const utcDay = (s: string) => new Date(`${s}T00:00:00Z`);

describe("readTwiceIfNeeded (exceljs's rare reader failure on a sound file)", () => {
  it('reads again once, and only after a failure of the reader', async () => {
    let runs = 0;
    const flaky = async () => {
      runs++;
      if (runs === 1) throw new ReaderFailure("Cannot read properties of undefined (reading 'sheets')");
      return 'rows';
    };
    expect(await readTwiceIfNeeded(flaky)).toBe('rows');
    expect(runs).toBe(2);
  });

  it('answers a plain 400 when the reader fails twice, and lets other errors through at once', async () => {
    let runs = 0;
    const broken = async () => {
      runs++;
      throw new ReaderFailure('bad zip');
    };
    const refused = await readTwiceIfNeeded(broken).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.message).toContain('文件内容无法读取');
    expect(runs).toBe(2);
    runs = 0;
    const ours = async () => {
      runs++;
      throw new AppError('INVALID_INPUT', '缺少必填列');
    };
    expect((await readTwiceIfNeeded(ours).catch((e) => e)).message).toBe('缺少必填列');
    expect(runs).toBe(1);
  });
});

describe('buildTemplate', () => {
  it('has the record sheet with Chinese headers, * for required, hints for org and ref, and the guide', async () => {
    const wb = await load(await buildTemplate(studios, {}));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['工作室', '填写说明']);
    const ws = wb.worksheets[0];
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual([
      '*工作室名称',
      '*级别',
      '*命名年份',
      '批次',
      '*领衔人',
      '领衔人荣誉',
      '领衔人手机',
      '依托企业（统一社会信用代码或名称）',
      '所属产业链',
      '创新方向',
      '成员人数',
      '*状态',
      '最近复核年份',
    ]);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('A1').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    // Wider columns for longer labels; text columns stay text so Excel keeps every digit.
    expect(ws.getColumn(8).width!).toBeGreaterThan(ws.getColumn(4).width!);
    expect(ws.getColumn(7).numFmt).toBe('@');

    const t = await load(await buildTemplate(training, {}));
    expect(t.worksheets[0].name).toBe('培训');
    expect(t.worksheets[0].getCell('A1').value).toBe('*承办学院或基地（名称）');
  });

  it('carries drop-downs for choices and yes/no, whole numbers for numbers and years, dates for dates', async () => {
    const ws = (await load(await buildTemplate(everything, {}))).worksheets[0];
    const dv = (col: string, row = 2) => ws.getCell(`${col}${row}`).dataValidation;
    expect(dv('H')).toMatchObject({
      type: 'list',
      formulae: ['"全国级,省级,市级,县级,企业级"'],
      showErrorMessage: true,
    });
    expect(dv('G')).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
    expect(dv('C')).toMatchObject({ type: 'whole', operator: 'between', formulae: [0, 1000] });
    expect(dv('F')).toMatchObject({ type: 'whole', operator: 'between', formulae: [1949, 2100] });
    expect(dv('E')).toMatchObject({ type: 'date', operator: 'between' });
    expect(dv('A')).toMatchObject({ type: 'textLength', formulae: [20] });
    expect(dv('H', 5000)).toMatchObject({ type: 'list' });
    expect(dv('H', 1)).toBeUndefined();
    expect(dv('I')).toBeUndefined(); // phone: checked on import
  });

  it('puts long option lists in a hidden sheet', async () => {
    const many = defineRegistry({
      ...studios,
      key: 'many',
      fields: [
        {
          key: 'kind',
          label: { zh: '类别', en: 'Kind' },
          type: 'enum',
          options: Array.from({ length: 40 }, (_, i) => ({
            value: `k${i}`,
            zh: `很长的类别名称第${i}号`,
            en: `Kind ${i}`,
          })),
        },
      ],
      naturalKey: ['kind'],
      defaultSort: { field: 'kind', order: 'asc' },
    });
    const wb = await load(await buildTemplate(many, {}));
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['工作室', 'visible'],
      ['填写说明', 'visible'],
      ['选项', 'hidden'],
    ]);
    expect(wb.worksheets[0].getCell('A2').dataValidation.formulae).toEqual(["'选项'!$A$1:$A$40"]);
    expect(wb.getWorksheet('选项')!.getCell('A40').value).toBe('很长的类别名称第39号');
  });

  it('explains every field in 填写说明: label, type, required, allowed values, help', async () => {
    const guide = (await load(await buildTemplate(studios, {}))).getWorksheet('填写说明')!;
    expect((guide.getRow(1).values as unknown[]).slice(1)).toEqual([
      '列名',
      '类型',
      '是否必填',
      '可填写的值',
      '说明',
    ]);
    const rows = studios.fields.map((_, i) => (guide.getRow(i + 2).values as unknown[]).slice(1));
    expect(rows[1]).toEqual(['*级别', '下拉选择', '必填', '全国级、省级、市级、县级、企业级', '']);
    expect(rows[2].slice(0, 4)).toEqual(['*命名年份', '年份', '必填', '1949–2100 的四位年份，如 2025']);
    expect(rows[6].slice(0, 3)).toEqual(['领衔人手机', '手机号码', '选填']);
    expect(String(rows[7][3])).toContain('统一社会信用代码或全称');
    const text = JSON.stringify(guide.getSheetValues());
    expect(text).toContain('「工作室名称」识别同一条工作室');
  });
});

describe('parseImport', () => {
  it('reads a filled template: exactly the expected errors, on the right rows, naming the columns', async () => {
    const long = '很'.repeat(101);
    const buf = await fillTemplate(training, [
      ['杭州工匠学院', '数控车工', undefined, '是', utcDay('2025-03-01'), '2025/3/5', 120, '否', '是'], // 2 ok
      [
        '宁波实训基地',
        'TRIZ 入门',
        undefined,
        '否',
        '2025年3月1日',
        undefined,
        '1,200',
        undefined,
        undefined,
      ], // 3 ok
      ['杭州工匠学院', long, undefined, '是', '2025-02-30', undefined, 10], // 4 over-long, bad date
      [undefined, '焊接', undefined, '也许', '2025-03-01', undefined, undefined], // 5 missing required, bad bool
      [], // 6 empty: skipped
      ['杭州工匠学院', '数控车工', undefined, '否', '2025-03-01', undefined, 5], // 7 same key as row 2
      ['温州学院', '电工', undefined, 'Y', 45_717, undefined, -1], // 8 Excel day number; negative count
    ]);
    const p = await parseImport(training, buf);
    expect(p.fileErrors).toEqual([]);
    expect(p.warnings).toEqual([]);
    expect(p.totalRows).toBe(6);
    expect(p.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5, 7, 8]);
    expect(errorsOf(p)).toEqual({
      4: [
        '第 2 列「课程」：不能超过 100 个字（现有 101 个字）',
        '第 5 列「开始日期」：应为日期，如 2025-03-01、2025/3/1 或 2025年3月1日',
      ],
      5: [
        '第 1 列「承办学院或基地」：必填，不能为空',
        '第 4 列「TRIZ 创新思维课程」：应为 是 或 否',
        '第 7 列「培训人次」：必填，不能为空',
      ],
      7: [
        '第 1、2、5 列「承办学院或基地」「课程」「开始日期」：与第 2 行相同，同一文件中同一培训只能出现一次',
      ],
      8: ['第 7 列「培训人次」：应为 0–1000000 之间的整数'],
    });
    expect(p.rows[0].values).toEqual({
      academyId: { ref: '杭州工匠学院' },
      course: '数控车工',
      courseId: null,
      triz: true,
      startDate: '2025-03-01',
      endDate: '2025-03-05',
      personTimes: 120,
      demonstration: false,
      mountainIsland: true,
    });
    expect(p.rows[1].values).toMatchObject({
      startDate: '2025-03-01',
      endDate: null,
      personTimes: 1200,
      demonstration: null,
    });
    expect(p.rows[5].values).toMatchObject({ startDate: '2025-03-01', triz: true });
  });

  it('reports enum, phone and org errors for studios', async () => {
    const buf = await fillTemplate(studios, [
      [
        '工作室甲',
        '省级',
        2024,
        '第一批',
        '张三',
        '',
        '13800138000',
        '浙江某某股份有限公司',
        '',
        '',
        12,
        '运行中',
      ],
      ['工作室乙', '国家级', 1948, '', '李四', '', '1380013800', USCC, '', '', 3, 'Active'],
    ]);
    const p = await parseImport(studios, buf);
    expect(errorsOf(p)).toEqual({
      3: [
        '第 2 列「级别」：应为 全国级/省级/市级/县级/企业级 之一',
        '第 3 列「命名年份」：应为 1949–2100 之间的四位年份，如 2025',
        '第 7 列「领衔人手机」：应为 11 位手机号码，如 13800138000',
      ],
    });
    expect(p.rows[0].values).toMatchObject({
      level: 'provincial',
      enterpriseId: { ref: '浙江某某股份有限公司' },
      status: 'active',
    });
    expect(p.rows[1].values).toMatchObject({ enterpriseId: { ref: USCC }, status: 'active' });
  });

  it('converts every type from the spellings people use', async () => {
    const buf = await sheet([
      [
        '名称',
        '备注',
        '人数',
        '金额（万元）',
        '日期',
        '年份',
        '是否示范',
        '级别',
        '手机',
        '身份证号码',
        '统一社会信用代码',
        '所在企业',
        '所属工作室',
      ],
      [
        '  甲  ',
        '第一行\n第二行',
        '１２',
        '12.5',
        '2025/3/1',
        '2025年',
        'true',
        'Provincial',
        '+86 138-0013-8000',
        ID.toLowerCase(),
        USCC.toLowerCase(),
        ' 某公司 ',
        '工作室甲',
      ],
      ['乙', null, 7.0, 0.1 + 0.2, '2025.12.31', 2024, 'N', 'county', 13_800_138_000, ID, USCC, 330106, 'x'],
      [
        '丙',
        null,
        1.5,
        1.234,
        '2025-13-01',
        1800,
        '2',
        '国家',
        '12345',
        '110105194912310021',
        110105194912310020,
        null,
        null,
      ],
    ]);
    const p = await parseImport(everything, buf);
    expect(p.rows[0]).toEqual({
      rowNumber: 2,
      errors: [],
      values: {
        name: '甲',
        note: '第一行\n第二行',
        count: 12,
        amount: 12.5,
        day: '2025-03-01',
        year: 2025,
        flag: true,
        level: 'provincial',
        phone: '13800138000',
        idNo: ID,
        uscc: USCC,
        orgId: { ref: '某公司' },
        refId: { ref: '工作室甲' },
      },
    });
    expect(p.rows[1].values).toMatchObject({
      count: 7,
      amount: 0.3,
      day: '2025-12-31',
      flag: false,
      level: 'county',
      phone: '13800138000',
      orgId: { ref: '330106' },
    });
    expect(p.rows[1].errors).toEqual([]);
    expect(p.rows[2].errors).toEqual([
      '第 3 列「人数」：应为 0–1000 之间的整数',
      '第 4 列「金额（万元）」：最多保留两位小数',
      '第 5 列「日期」：应为日期，如 2025-03-01、2025/3/1 或 2025年3月1日',
      '第 6 列「年份」：应为 1949–2100 之间的四位年份，如 2025',
      '第 7 列「是否示范」：应为 是 或 否',
      '第 8 列「级别」：应为 全国级/省级/市级/县级/企业级 之一',
      '第 9 列「手机」：应为 11 位手机号码，如 13800138000',
      '第 10 列「身份证号码」：不是有效的 18 位居民身份证号码（请核对出生日期和末位校验码）',
      '第 11 列「统一社会信用代码」：被 Excel 存成了数字，后几位已丢失；请把该列设为「文本」格式后重新填写',
    ]);
  });

  it('reads dates of a workbook on the 1904 date system', async () => {
    const wb = new ExcelJS.Workbook();
    (wb.properties as { date1904?: boolean }).date1904 = true;
    const ws = wb.addWorksheet('培训');
    ws.addRow(['承办学院或基地', '课程', '开始日期', '培训人次']);
    ws.addRow(['学院', '课程', utcDay('2025-03-01'), 1]);
    const p = await parseImport(training, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(p.rows[0].values.startDate).toBe('2025-03-01');
  });

  it('matches headers with or without *, hints, spaces, full-width brackets, or in English', async () => {
    const buf = await sheet([
      [
        ' Academy or base ',
        ' * 课程 ',
        'TRIZ创新思维课程',
        '*开始日期(必填)',
        'PERSON-TIMES',
        '备注',
        '备注',
      ],
      ['学院', '课程', '是', '2025-03-01', 3, 'x', 'y'],
    ]);
    const p = await parseImport(training, buf);
    expect(p.fileErrors).toEqual([]);
    // An unknown column is reported once, however many rows it has.
    expect(p.warnings).toEqual([
      '第 6 列「备注」不是培训的字段，导入时已忽略',
      '第 7 列「备注」不是培训的字段，导入时已忽略',
    ]);
    expect(p.rows[0].values).toEqual({
      academyId: { ref: '学院' },
      course: '课程',
      triz: true,
      startDate: '2025-03-01',
      personTimes: 3,
    });
  });

  it('refuses the whole file for a missing required column or a repeated one', async () => {
    const missing = await parseImport(
      training,
      await sheet([
        ['课程', '开始日期'],
        ['a', '2025-01-01'],
      ]),
    );
    expect(missing.fileErrors).toEqual([
      '缺少必填列「承办学院或基地」，请使用最新的导入模板',
      '缺少必填列「培训人次」，请使用最新的导入模板',
    ]);
    expect(missing.rows).toEqual([]);
    expect(missing.totalRows).toBe(1);
    const twice = await parseImport(
      training,
      await sheet([
        ['承办学院或基地', '课程', '开始日期', '培训人次', '课程'],
        ['a', 'b', '2025-01-01', 1, 'c'],
      ]),
    );
    expect(twice.fileErrors).toEqual(['「课程」列出现了 2 次（第 2、5 列），请只保留一列']);
  });

  it('says so when the sheet is empty or has only a header', async () => {
    expect((await parseImport(training, await sheet([]))).fileErrors).toEqual([
      '工作表「Sheet1」是空的：请在第一个工作表中填写，第一行为表头',
    ]);
    const headerOnly = await parseImport(training, await buildTemplate(training, {}));
    expect(headerOnly.fileErrors).toEqual(['工作表「培训」中没有数据：请从第二行开始填写，每行一条培训']);
  });

  it('refuses files over maxRows rows with a clear message', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => ['学院', `课程${i}`, '否', '2025-01-01', 1]);
    const buf = await sheet([
      ['承办学院或基地', '课程', 'TRIZ 创新思维课程', '开始日期', '培训人次'],
      ...rows,
    ]);
    const p = await parseImport(training, buf, { maxRows: 5 });
    expect(p.fileErrors).toEqual([
      '文件有 6 行数据，超过单次导入上限 5 行。请拆分为几个文件分批导入，每个不超过 5 行。',
    ]);
    expect(p.rows).toEqual([]);
    expect((await parseImport(training, buf, { maxRows: 6 })).fileErrors).toEqual([]);
  });

  it('reads the first visible sheet in tab order and reports formulas without results and error cells', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('旧数据', { state: 'hidden' });
    hidden.addRow(['课程']);
    const ws = wb.addWorksheet('培训');
    ws.addRow(['承办学院或基地', '课程', '开始日期', '培训人次']);
    ws.addRow(['学院', { formula: 'CONCAT("数","控")', result: '数控' }, '2025-01-01', { formula: '1+1' }]);
    ws.addRow(['学院', '焊接', '2025-01-01', { error: '#N/A' }]);
    const p = await parseImport(training, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(p.rows[0].values.course).toBe('数控');
    expect(errorsOf(p)).toEqual({
      2: ['第 4 列「培训人次」：单元格是没有计算结果的公式，请复制后「选择性粘贴 → 数值」再导入'],
      3: ['第 4 列「培训人次」：单元格的值是错误 #N/A，请改为正确的值'],
    });
  });

  it('reads Chinese text whole where the compressed stream splits a character between chunks', async () => {
    // Thousands of distinct three-byte characters: the inflated XML is cut into chunks at byte
    // counts that fall inside characters. Each must come back exactly as written.
    const names = Array.from({ length: 3000 }, (_, i) =>
      Array.from({ length: 7 }, (_, j) => String.fromCodePoint(0x4e00 + (((i * 7 + j) * 37) % 20000))).join(
        '',
      ),
    );
    const buf = await sheet([['名称', '日期'], ...names.map((n) => [n, '2025-01-02'])]);
    const parsed = await parseImport(everything, buf);
    expect(parsed.rows.map((r) => r.values.name)).toEqual(names);
    const annotated = await load(await annotateImport(buf, new Map([[2, ['错']]])));
    const back = annotated.worksheets[0].getColumn(1).values.slice(2);
    expect(back).toEqual(names);
  });

  it('refuses what is not a safe xlsx before reading it', async () => {
    await expect(parseImport(training, Buffer.from('名称,级别\n'))).rejects.toBeInstanceOf(AppError);
    await expect(annotateImport(Buffer.from('PK\x03\x04'), new Map())).rejects.toThrow(/已损坏/);
  });
});

describe('annotateImport', () => {
  it('copies the first sheet with the messages in a last column and the refused rows in red', async () => {
    const buf = await fillTemplate(training, [
      ['杭州工匠学院', '数控车工', undefined, '是', utcDay('2025-03-01'), undefined, 120],
      ['杭州工匠学院', '焊接', undefined, '是', 'bad', undefined, 'x'],
      ['宁波实训基地', '=电工', undefined, '否', utcDay('2025-04-01'), undefined, 8],
      [undefined, '钳工', undefined, '否', '2025-04-01', undefined, 8],
    ]);
    const p = await parseImport(training, buf);
    const errors = new Map(p.rows.filter((r) => r.errors.length).map((r) => [r.rowNumber, r.errors]));
    expect([...errors.keys()]).toEqual([3, 5]);

    const ws = (await load(await annotateImport(buf, errors))).worksheets[0];
    expect(ws.name).toBe('培训');
    expect(ws.getCell('J1').value).toBe(ERROR_COLUMN_LABEL);
    expect(ws.getCell('J1').font).toMatchObject({ bold: true, color: { argb: 'FFFF0000' } });
    expect(ws.getCell('J2').value).toBeNull();
    expect(ws.getCell('J3').value).toBe(errors.get(3)!.join('；'));
    expect(ws.getCell('J4').value).toBeNull();
    expect(ws.getCell('J5').value).toBe('第 1 列「承办学院或基地」：必填，不能为空');
    const red = (cell: ExcelJS.Cell) =>
      (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === 'FFFFC7CE';
    for (const [row, isRed] of [
      [2, false],
      [3, true],
      [4, false],
      [5, true],
    ] as const) {
      for (const col of ['A', 'B', 'F', 'G'])
        expect(red(ws.getCell(`${col}${row}`)), `${col}${row}`).toBe(isRed);
    }
    // Values as they were: the date is still a date, the bad text still the bad text.
    expect(ws.getCell('E2').value).toEqual(utcDay('2025-03-01'));
    expect(ws.getCell('E3').value).toBe('bad');
    expect(ws.getCell('G3').value).toBe('x');
    expect(ws.getCell('B4').value).toBe("'=电工"); // a file we serve starts no formula
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    // Corrected and imported again, the error column is ignored without a warning.
    const again = await parseImport(training, await annotateImport(buf, new Map()));
    expect(again.warnings).toEqual([]);
    expect(errorsOf(again)).toEqual(errorsOf(p));
    expect(again.rows.map((r) => r.values)).toEqual(p.rows.map((r) => r.values));
    expect(p.rows[2].values.course).toBe('=电工');
  });

  it('reuses an existing 错误说明 column and moves stray cells right of the header out of its way', async () => {
    const buf = await sheet([
      ['课程', '错误说明'],
      ['a', '旧的说明'],
      ['b', null, null, '表头以外的单元格'],
    ]);
    const ws = (await load(await annotateImport(buf, new Map([[3, ['新的说明']]])))).worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['课程', '错误说明']);
    expect(ws.getCell('B2').value).toBeNull();
    expect(ws.getCell('B3').value).toBe('新的说明');
    expect(ws.getCell('D3').value).toBe('表头以外的单元格');

    const plain = await sheet([['课程'], ['a', '表头以外']]);
    const moved = (await load(await annotateImport(plain, new Map([[2, ['错']]])))).worksheets[0];
    expect(moved.getCell('B2').value).toBe('错');
    expect(moved.getCell('C2').value).toBe('表头以外');
  });
});

describe('writeExport', () => {
  const record = {
    name: '=HYPERLINK("x","点我")',
    note: '第一行\n第二行 &amp; <b>',
    count: 12,
    amount: 12.5,
    day: '2025-03-01',
    year: 2024,
    flag: true,
    level: 'provincial',
    phone: '13800138000',
    idNo: ID,
    uscc: USCC,
    orgId: 7,
    refId: 9,
  };

  it('writes the template headers, Chinese labels, names for ids, dates as dates, and escapes formulas', async () => {
    const buf = await exportToBuffer(everything, [record, { name: '空', day: '2025-01-01' }], {
      orgName: (id) => (id === 7 ? '浙江某某股份有限公司' : undefined),
      refName: (field, id) => (field === 'refId' && id === 9 ? '＠工作室' : undefined),
      extraColumns: [{ key: 'updatedAt', label: '更新时间' }],
    });
    const ws = (await load(buf)).worksheets[0];
    expect(ws.name).toBe('测试记录');
    expect(ws.getCell('A1').value).toBe('*名称');
    expect(ws.getCell('L1').value).toBe('所在企业（统一社会信用代码或名称）');
    expect(ws.getCell('N1').value).toBe('更新时间');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      `'=HYPERLINK("x","点我")`,
      '第一行\n第二行 &amp; <b>',
      12,
      12.5,
      utcDay('2025-03-01'),
      2024,
      '是',
      '省级',
      '13800138000',
      ID,
      USCC,
      '浙江某某股份有限公司',
      "'＠工作室",
    ]);
    expect(ws.getCell('E2').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('C3').value).toBeNull();
  });

  it('round trip: export → import gives the same values', async () => {
    const names = new Map([
      [7, '浙江某某股份有限公司'],
      [9, '-工作室'],
    ]);
    const buf = await exportToBuffer(
      everything,
      [record, { ...record, name: '+1', day: '2025-03-02', orgId: null, note: "'=已有引号" }],
      {
        orgName: (id) => names.get(id),
        refName: (_f, id) => names.get(id),
      },
    );
    const p = await parseImport(everything, buf);
    expect(p.fileErrors).toEqual([]);
    expect(errorsOf(p)).toEqual({});
    expect(p.rows.map((r) => r.values)).toEqual([
      { ...record, orgId: { ref: '浙江某某股份有限公司' }, refId: { ref: '-工作室' } },
      {
        ...record,
        name: '+1',
        day: '2025-03-02',
        orgId: null,
        note: "'=已有引号",
        refId: { ref: '-工作室' },
      },
    ]);

    // And the values parsed from a filled template survive export → import unchanged.
    const filled = await parseImport(
      training,
      await fillTemplate(training, [
        ['杭州工匠学院', '=数控', undefined, '是', utcDay('2025-03-01'), '2025/3/5', 120, '否', '是'],
        ['宁波实训基地', 'TRIZ 入门', undefined, '否', '2025年3月1日', undefined, 1200],
      ]),
    );
    const again = await parseImport(
      training,
      await exportToBuffer(
        training,
        filled.rows.map((r) => r.values),
      ),
    );
    expect(again.rows.map((r) => r.values)).toEqual(filled.rows.map((r) => r.values));
  });

  it('masked personal data imports back as "keep what is stored", with a warning', async () => {
    const masked = { ...record, phone: maskPhone(record.phone), idNo: maskIdCard(record.idNo) };
    const p = await parseImport(everything, await exportToBuffer(everything, [masked]));
    expect(p.rows[0].errors).toEqual([]);
    expect(p.rows[0].values).not.toHaveProperty('phone');
    expect(p.rows[0].values).not.toHaveProperty('idNo');
    expect(p.warnings).toEqual([
      '「手机」列有 1 个打码的号码（如 138****8000），这些单元格不会覆盖平台中已保存的号码',
      '「身份证号码」列有 1 个打码的号码（如 110***********002X），这些单元格不会覆盖平台中已保存的号码',
    ]);
  });

  it('takes an async iterable and ends the stream', async () => {
    async function* rows() {
      for (let i = 0; i < 3; i++)
        yield { course: `课程${i}`, startDate: '2025-01-01', academyId: 1, personTimes: i };
    }
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => out.on('end', r));
    await writeExport(training, rows(), out, { refName: () => '学院' });
    await ended;
    const p = await parseImport(training, Buffer.concat(chunks));
    expect(p.rows.map((r) => r.values.course)).toEqual(['课程0', '课程1', '课程2']);
  });

  it('waits for a slow reader instead of piling the sheet up in memory', async () => {
    let produced = 0;
    function* rows() {
      for (; produced < 50_000; produced++)
        yield { course: `课程第${produced}期`, startDate: '2025-01-01', academyId: 1, personTimes: produced };
    }
    const out = new PassThrough();
    const done = writeExport(training, rows(), out, { refName: () => '杭州工匠学院' });
    await new Promise((r) => setTimeout(r, 500));
    expect(produced).toBeLessThan(10_000); // nobody reads: the rows stop coming
    const collected = collect(out);
    await done;
    expect(produced).toBe(50_000);
    expect((await parseImport(training, await collected)).rows).toHaveLength(50_000);
  });

  // The reader of an HTTP download can go away at any moment: the export must end, not hang.
  it.each([
    { when: 'while it waits for the reader', total: 50_000, reading: false, at: 'time' },
    { when: 'while rows are still coming', total: 50_000, reading: true, at: 'time' },
    { when: 'while the workbook is being finished', total: 600, reading: true, at: 'end' },
  ])('stops when the reader goes away $when', async ({ total, reading, at }) => {
    let produced = 0;
    function* rows() {
      for (; produced < total; produced++) {
        yield { course: `课程${produced}`, startDate: '2025-01-01', academyId: 1, personTimes: 1 };
      }
    }
    const out = new PassThrough();
    if (reading) out.resume();
    const done = writeExport(training, rows(), out, { refName: () => '学院' });
    if (at === 'end') {
      const watch = setInterval(() => {
        if (produced < total) return;
        clearInterval(watch);
        out.destroy();
      }, 0);
    } else setTimeout(() => out.destroy(), 200);
    await expect(done).rejects.toThrow(/closed/);
  });
});

describe('escapeCell', () => {
  const DANGEROUS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
  const risky = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc
      .tuple(fc.constantFrom(...DANGEROUS, "'", "''"), fc.string({ unit: 'grapheme' }))
      .map(([a, b]) => a + b),
  );

  it('never leaves a dangerous first character, and only ever adds one quote', () => {
    fc.assert(
      fc.property(risky, (s) => {
        const e = escapeCell(s);
        expect(DANGEROUS).not.toContain(e.charAt(0));
        expect(e === s || e === `'${s}`).toBe(true);
        expect(unescapeCell(e)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes the examples', () => {
    expect(escapeCell('=1+1')).toBe("'=1+1");
    expect(escapeCell('－5')).toBe("'－5");
    expect(escapeCell('\tx')).toBe("'\tx");
    expect(escapeCell("'=x")).toBe("''=x");
    expect(escapeCell("'abc")).toBe("'abc");
    expect(escapeCell('工作室')).toBe('工作室');
  });
});
