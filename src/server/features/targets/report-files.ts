// The progress report of a plan as the federation sends it to its leaders: a Word document
// in the layout of GB/T 9704 (党政机关公文格式: A4, margins 37/35/28/26 mm, title in 2号
// 小标宋, body in 3号仿宋 at a fixed 28 pt line, 一级 headings in 黑体 and 二级 in 楷体, page
// numbers "— n —" in 4号 on the outer side), and Excel tables of every metric by city (or by
// county for a city). Both for any organisation in scope and any as-of date.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { loadExcel } from '../../lib/lazy-libs.ts';
import { formatMetricValue, PACE_LABELS } from '#shared/targets/types.ts';
import { assertPermission, type AuthedContext, type ServiceContext } from '../../lib/context.ts';
import { escapeCell } from '../registries/registries.excel.ts';
import {
  childrenOf,
  evaluatedOrgs,
  evaluatePlan,
  type MetricProgress,
  metricProgressFor,
  resolveAsOf,
  resolveOrg,
} from './targets.service.ts';

const MM = 56.7; // twips per millimetre
const FONT_TITLE = '方正小标宋简体';
const FONT_BODY = '仿宋_GB2312';
const FONT_H1 = '黑体';
const FONT_H2 = '楷体_GB2312';
const SIZE_3 = 32; // 3号 = 16 pt, in half-points
const SIZE_2 = 44; // 2号 = 22 pt
const SIZE_4 = 28; // 4号 = 14 pt
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt: 22 lines on the 225 mm type area

const run = (text: string, font = FONT_BODY, size = SIZE_3, bold = false) =>
  new TextRun({ text, font: { name: font, eastAsia: font }, size, bold });

const body = (text: string) =>
  new Paragraph({ children: [run(text)], spacing: LINE, indent: { firstLine: 640 } });
const h1 = (text: string) =>
  new Paragraph({ children: [run(text, FONT_H1)], spacing: LINE, indent: { firstLine: 640 } });
const h2 = (text: string) =>
  new Paragraph({ children: [run(text, FONT_H2)], spacing: LINE, indent: { firstLine: 640 } });

export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const CHINESE_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function percent(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)}%`;
}

function describe(m: MetricProgress): string {
  const actual = formatMetricValue(m.kind, m.actual, m.unit === '%' ? '' : m.unit);
  const parts = [`${m.label}${m.source === 'reported' ? '（报送数，经审核）' : ''}${actual}`];
  if (m.target !== null) {
    parts.push(`目标${formatMetricValue(m.kind, m.target, m.unit === '%' ? '' : m.unit)}`);
    if (m.kind !== 'growth') parts.push(`完成${percent(m.progress.completion)}`);
    parts.push(PACE_LABELS[m.progress.pace].zh);
    if (m.progress.forecast !== null && m.progress.pace !== 'achieved' && m.progress.profile !== 'none') {
      parts.push(`预计年末${formatMetricValue(m.kind, m.progress.forecast, m.unit === '%' ? '' : m.unit)}`);
    }
  } else {
    parts.push('监测指标');
  }
  if (m.pending !== null) parts.push(`另有待审核报送${formatMetricValue(m.kind, m.pending)}`);
  return parts.join('，');
}

async function reportData(ctx: ServiceContext, year: number, q: { org?: string; asOf?: string }) {
  assertPermission(ctx, 'read:target:subtree');
  const asOf = resolveAsOf(ctx, year, q.asOf);
  const orgs = await evaluatedOrgs(ctx.db);
  const org = resolveOrg(ctx as AuthedContext, orgs, q.org);
  const ev = await evaluatePlan(ctx.db, year, asOf, orgs);
  const children = childrenOf(orgs, org);
  const tasks = ev.plan.tasks.map((t) => ({
    ...t,
    progress: t.metrics.map((m) => ({
      metric: metricProgressFor(ev, m, org),
      children: children.map((c) => ({ org: c, p: metricProgressFor(ev, m, c) })),
    })),
  }));
  return { ev, org, asOf, children, tasks };
}

const cell = (
  text: string,
  opts: { bold?: boolean; width?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
) =>
  new TableCell({
    width: opts.width ? { size: opts.width, type: WidthType.PERCENTAGE } : undefined,
    children: [
      new Paragraph({
        alignment: opts.align ?? AlignmentType.CENTER,
        children: [run(text, opts.bold ? FONT_H1 : FONT_BODY, 21)],
      }),
    ],
  });

export async function planWordReport(ctx: ServiceContext, year: number, q: { org?: string; asOf?: string }) {
  const { ev, org, asOf, children, tasks } = await reportData(ctx, year, q);
  const all = tasks.flatMap((t) => t.progress.map((p) => p.metric));
  const withTarget = all.filter((m) => m.target !== null);
  const count = (pace: string) => withTarget.filter((m) => m.progress.pace === pace).length;
  const lagging = tasks.flatMap((t) =>
    t.progress
      .filter((p) => p.metric.progress.willMiss)
      .map((p) => ({
        task: t,
        ...p,
        laggingChildren: p.children.filter((c) => c.p.progress.willMiss).map((c) => c.org.name),
      })),
  );

  const paragraphs: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 560 },
      children: [run(`关于${ev.plan.title.replace(/^浙江省/, '')}推进情况的报告`, FONT_TITLE, SIZE_2)],
    }),
    body(
      `按照《${ev.plan.title}》部署，现将截至${chineseDate(asOf)}${org.name}各项任务推进情况报告如下。本报告中的数字除注明“报送数”外，均由平台登记的记录自动统计。`,
    ),
    h1('一、总体情况'),
    body(
      `方案共列任务 ${ev.plan.tasks.length} 项、指标 ${all.length} 个，其中有量化目标的 ${withTarget.length} 个：已完成 ${count('achieved')} 个，超进度 ${count('ahead')} 个，符合进度 ${count('on_track')} 个，滞后 ${count('behind')} 个，严重滞后 ${count('at_risk')} 个。时间进度 ${percent(all[0]?.progress.elapsed ?? null)}。`,
    ),
    h1('二、各项任务进展'),
  ];
  tasks.forEach((t, i) => {
    paragraphs.push(
      h2(
        `（${CHINESE_NUMBERS[i] ?? i + 1}）${t.no.startsWith('E') ? '' : `任务${t.no}：`}${t.title.replace(/。$/, '')}`,
      ),
    );
    paragraphs.push(body(`${t.progress.map((p) => describe(p.metric)).join('；')}。责任单位：${t.owners}。`));
  });
  paragraphs.push(h1('三、滞后事项'));
  if (!lagging.length) paragraphs.push(body('目前各项有量化目标的指标均符合或超过时间进度。'));
  lagging.forEach((l, i) => {
    const who = l.laggingChildren.length ? `滞后单位：${l.laggingChildren.join('、')}。` : '';
    paragraphs.push(
      body(`${i + 1}. ${l.metric.label}：${describe(l.metric)}。${who}责任单位：${l.task.owners}。`),
    );
  });
  paragraphs.push(h1('四、附表'));
  paragraphs.push(body(`附表：${ev.plan.title}指标完成情况（截至${chineseDate(asOf)}）`));
  const header = new TableRow({
    tableHeader: true,
    children: ['序号', '任务', '指标', '目标', '实际', '完成率', '进度'].map((h) => cell(h, { bold: true })),
  });
  const rows = tasks.flatMap((t) =>
    t.progress.map(
      (p) =>
        new TableRow({
          children: [
            cell(t.no),
            cell(p.metric.label, { align: AlignmentType.LEFT }),
            cell(
              p.metric.target === null
                ? '—'
                : formatMetricValue(
                    p.metric.kind,
                    p.metric.target,
                    p.metric.unit === '%' ? '' : p.metric.unit,
                  ),
            ),
            cell(
              formatMetricValue(p.metric.kind, p.metric.actual, p.metric.unit === '%' ? '' : p.metric.unit),
            ),
            cell(
              p.metric.target === null || p.metric.kind === 'growth'
                ? '—'
                : percent(p.metric.progress.completion),
            ),
            cell(PACE_LABELS[p.metric.progress.pace].zh),
          ].slice(0, 7),
        }),
    ),
  );
  paragraphs.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [header, ...rows],
      borders: {
        top: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
        bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
        left: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
        right: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
        insideHorizontal: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
        insideVertical: { style: BorderStyle.SINGLE, size: 4, color: '000000' },
      },
    }),
  );
  paragraphs.push(new Paragraph({ spacing: LINE, children: [] }));
  paragraphs.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: 1280 },
      children: [run(org.name)],
    }),
  );
  paragraphs.push(
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: LINE,
      indent: { right: 960 },
      children: [run(chineseDate(asOf))],
    }),
  );
  void children;

  const pageNumber = (align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
    new Footer({
      children: [
        new Paragraph({
          alignment: align,
          indent: align === AlignmentType.RIGHT ? { right: 280 } : { left: 280 },
          children: [
            new TextRun({
              children: ['— ', PageNumber.CURRENT, ' —'],
              font: { name: '宋体', eastAsia: '宋体' },
              size: SIZE_4,
            }),
          ],
        }),
      ],
    });

  const doc = new Document({
    creator: '匠心 · 浙江省职工创新工作平台',
    title: `${ev.plan.title}推进情况报告`,
    evenAndOddHeaderAndFooters: true,
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
            },
          },
        },
        footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
        children: paragraphs,
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc);
  return { body: buffer, fileName: `${year}年任务推进情况报告（${org.name}，截至${asOf}）.docx` };
}

export async function planExcelReport(ctx: ServiceContext, year: number, q: { org?: string; asOf?: string }) {
  const { ev, org, asOf, children, tasks } = await reportData(ctx, year, q);
  const excel = await loadExcel();
  const wb = new excel.Workbook();
  wb.creator = '匠心';
  const summary = wb.addWorksheet('总表');
  summary.columns = [
    { header: '序号', key: 'no', width: 6 },
    { header: '任务', key: 'task', width: 50 },
    { header: '指标', key: 'label', width: 36 },
    { header: '单位', key: 'unit', width: 8 },
    { header: '来源', key: 'source', width: 10 },
    { header: '目标', key: 'target', width: 14 },
    { header: '实际', key: 'actual', width: 14 },
    { header: '完成率', key: 'completion', width: 10 },
    { header: '进度', key: 'pace', width: 12 },
    { header: '年末预测', key: 'forecast', width: 14 },
    { header: '责任单位', key: 'owners', width: 60 },
  ];
  for (const t of tasks) {
    for (const p of t.progress) {
      const m = p.metric;
      summary.addRow({
        no: t.no,
        task: escapeCell(t.title),
        label: escapeCell(m.label),
        unit: m.unit,
        source: m.source === 'reported' ? '报送' : '记录统计',
        target: m.target,
        actual: m.actual,
        completion: m.kind === 'growth' ? null : m.progress.completion,
        pace: PACE_LABELS[m.progress.pace].zh,
        forecast: m.progress.profile === 'none' ? null : m.progress.forecast,
        owners: escapeCell(t.owners),
      });
    }
  }
  summary.getColumn('completion').numFmt = '0.0%';
  summary.getRow(1).font = { bold: true };
  summary.views = [{ state: 'frozen', ySplit: 1 }];

  const byChild = wb.addWorksheet(org.kind === 'province' ? '分市' : '分县');
  const fixed = ['序号', '指标', '单位', `${org.name}目标`, `${org.name}实际`];
  const head1 = [...fixed, ...children.flatMap((c) => [c.name, ''])];
  const head2 = [...fixed.map(() => ''), ...children.flatMap(() => ['实际', '完成率'])];
  byChild.addRow(head1);
  byChild.addRow(head2);
  for (let i = 0; i < children.length; i++) {
    byChild.mergeCells(1, fixed.length + 1 + i * 2, 1, fixed.length + 2 + i * 2);
  }
  for (let i = 0; i < fixed.length; i++) byChild.mergeCells(1, i + 1, 2, i + 1);
  for (const t of tasks) {
    for (const p of t.progress) {
      byChild.addRow([
        t.no,
        escapeCell(p.metric.label),
        p.metric.unit,
        p.metric.target,
        p.metric.actual,
        ...p.children.flatMap((c) => [
          c.p.actual,
          c.p.target === null || c.p.kind === 'growth' ? null : c.p.progress.completion,
        ]),
      ]);
    }
  }
  children.forEach((_, i) => {
    byChild.getColumn(fixed.length + 2 + i * 2).numFmt = '0.0%';
  });
  byChild.getRow(1).font = { bold: true };
  byChild.getRow(2).font = { bold: true };
  byChild.views = [{ state: 'frozen', ySplit: 2, xSplit: 2 }];
  byChild.getColumn(2).width = 36;

  const info = wb.addWorksheet('说明');
  info.addRow(['方案', ev.plan.title]);
  info.addRow(['组织', org.name]);
  info.addRow(['统计截止日期', asOf]);
  info.addRow([
    '说明',
    '比率类指标以小数表示（0.6 即 60%）；“报送”类指标为经上级审核通过的报送数，其余由平台记录统计。',
  ]);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { body: buffer, fileName: `${year}年任务完成情况表（${org.name}，截至${asOf}）.xlsx` };
}
