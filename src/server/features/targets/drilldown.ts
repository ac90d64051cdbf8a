// The records behind a number: for a metric, an organisation and an as-of date, the records
// that make it (from the same definition the evaluator uses), the organisations a coverage
// rate is over with whether each is covered, or the reports of a reported metric.
import { sql } from 'drizzle-orm';
import { loadExcel } from '../../lib/lazy-libs.ts';
import { REPORT_STATUS_LABELS, type ReportStatus } from '#shared/targets/types.ts';
import { assertPermission, type ServiceContext } from '../../lib/context.ts';
import { invalid } from '../../lib/errors.ts';
import { METRIC_DEFINITIONS, type MetricDefinition, type RecordSet } from './definitions.ts';
import {
  andAll,
  effectiveDate,
  filterSql,
  ident,
  live,
  locationOf,
  populationSql,
  windowSql,
} from './evaluate.ts';
import { escapeCell } from '../registries/registries.excel.ts';
import { REGISTRIES } from '../registries/registries.catalog.ts';
import { sourceOf } from './sources.ts';
import { evaluatedOrgs, findMetric, loadPlan, resolveAsOf, resolveOrg } from './targets.service.ts';

export interface DrillRecord {
  id: number;
  title: string;
  date: string | null;
  value: number | null;
  keeper: string;
  /** For share metrics: whether this record is in the numerator. */
  counted: boolean | null;
  link: string;
}

export interface DrillMember {
  id: number;
  code: string;
  name: string;
  kind: string;
  covered: boolean;
}

export interface DrillReport {
  id: number;
  org: string;
  value: number;
  status: ReportStatus;
  statusLabel: string;
  asOf: string;
}

export type Drill =
  | {
      mode: 'records';
      source: string;
      sourceLabel: string;
      valueLabel: string | null;
      items: DrillRecord[];
      total: number;
    }
  | { mode: 'population'; source: string; sourceLabel: string; items: DrillMember[]; total: number }
  | { mode: 'reports'; items: DrillReport[]; total: number };

interface DrillQuery {
  org?: string;
  asOf?: string;
  page: number;
  pageSize: number;
}

function currentWindow(set: RecordSet, year: number, asOf: string) {
  const source = sourceOf(set.source);
  const ed = effectiveDate(source, set);
  const win = windowSql(source, set, year, asOf);
  return set.when.stock ? win : sql`${win} and ${ed} >= ${`${year}-01-01`}::date`;
}

export async function metricRecords(
  ctx: ServiceContext,
  year: number,
  key: string,
  q: DrillQuery,
): Promise<Drill> {
  assertPermission(ctx, 'read:target:subtree');
  const asOf = resolveAsOf(ctx, year, q.asOf);
  const plan = await loadPlan(ctx.db, year);
  const metric = findMetric(plan, key);
  const orgs = await evaluatedOrgs(ctx.db);
  const org = resolveOrg(ctx as never, orgs, q.org);
  const limit = q.pageSize;
  const offset = (q.page - 1) * q.pageSize;
  const prefix = `${org.path}%`;

  if (metric.source === 'reported' || !metric.computed) {
    const res = await ctx.db.execute(sql`
      select r.id, o.name as org, r.value::float8 as value, r.status, r.as_of::text as "asOf", count(*) over()::int as total
      from metric_reports r join organizations o on o.id = r.org_id
      where r.metric_id = ${metric.id} and (r.org_path like ${prefix} or coalesce(r.org_alt_path, '') like ${prefix})
      order by o.sort_order, o.id limit ${limit} offset ${offset}`);
    const rows = res.rows as Record<string, unknown>[];
    return {
      mode: 'reports',
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((r) => ({
        id: Number(r.id),
        org: String(r.org),
        value: Number(r.value),
        status: r.status as ReportStatus,
        statusLabel: REPORT_STATUS_LABELS[r.status as ReportStatus]?.zh ?? String(r.status),
        asOf: String(r.asOf),
      })),
    };
  }

  const def = METRIC_DEFINITIONS[metric.key] as MetricDefinition;
  if ('hit' in def) {
    const source = sourceOf(def.hit.source);
    const match = def.hit.match;
    const hitIds =
      match.by === 'own'
        ? sql`t.org_id`
        : match.by === 'field'
          ? sql`t.${ident(source.columns[match.field])}`
          : sql`unnest(array[nullif(split_part(t.org_path, '/', 2), '')::bigint, nullif(split_part(t.org_path, '/', 3), '')::bigint, nullif(split_part(t.org_path, '/', 4), '')::bigint])`;
    const f = andAll((def.hit.where ?? []).map((w) => filterSql(source, w)));
    const res = await ctx.db.execute(sql`
      with hits as (
        select distinct ${hitIds} as id from ${ident(source.table)} t
        where ${live(source)} and ${currentWindow(def.hit, year, asOf)} and ${f}
      )
      select m.id, m.code, m.name, m.kind, (h.id is not null) as covered, count(*) over()::int as total
      from organizations m left join hits h on h.id = m.id
      where m.deleted_at is null and m.active and ${populationSql(def.population)}
        and (m.path like ${prefix} or coalesce(m.alt_path, '') like ${prefix})
      order by (h.id is not null), m.sort_order, m.id limit ${limit} offset ${offset}`);
    const rows = res.rows as Record<string, unknown>[];
    return {
      mode: 'population',
      source: source.key,
      sourceLabel: source.label,
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((r) => ({
        id: Number(r.id),
        code: String(r.code),
        name: String(r.name),
        kind: String(r.kind),
        covered: r.covered === true || r.covered === 't',
      })),
    };
  }

  const set = def.records;
  const source = sourceOf(set.source);
  const loc = locationOf(source, set.locate);
  const ed = effectiveDate(source, set);
  const title = ident(source.columns[source.titleField] ?? 'id');
  const valueField = def.kind === 'sum' ? def.field : null;
  const value = valueField ? sql`t.${ident(source.columns[valueField])}::float8` : sql`null::float8`;
  const counted =
    def.kind === 'share'
      ? sql`(${andAll(def.numerator.map((w) => filterSql(source, w)))})`
      : sql`null::boolean`;
  const f = andAll((set.where ?? []).map((w) => filterSql(source, w)));
  const res = await ctx.db.execute(sql`
    select t.id, t.${title}::text as title, (${ed})::date::text as date, ${value} as value, k.name as keeper,
      ${counted} as counted, count(*) over()::int as total
    from ${ident(source.table)} t ${loc.join} join organizations k on k.id = t.org_id
    where ${live(source)} and ${currentWindow(set, year, asOf)} and ${f}
      and (${loc.path} like ${prefix} or coalesce(${loc.altPath}, '') like ${prefix})
    order by ${ed} desc, t.id desc limit ${limit} offset ${offset}`);
  const rows = res.rows as Record<string, unknown>[];
  const valueDef = valueField
    ? (REGISTRIES.get(source.key)?.def.fields.find((x) => x.key === valueField)?.label.zh ?? valueField)
    : null;
  return {
    mode: 'records',
    source: source.key,
    sourceLabel: source.label,
    valueLabel: valueDef,
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      id: Number(r.id),
      title: String(r.title ?? ''),
      date: r.date === null ? null : String(r.date),
      value: r.value === null ? null : Number(r.value),
      keeper: String(r.keeper),
      counted: r.counted === null ? null : r.counted === true || r.counted === 't',
      link: source.link(Number(r.id)),
    })),
  };
}

export const DRILL_EXPORT_LIMIT = 100_000;

/** The same list as an Excel workbook, every row (up to 100,000). */
export async function metricRecordsWorkbook(
  ctx: ServiceContext,
  year: number,
  key: string,
  q: { org?: string; asOf?: string },
) {
  const first = await metricRecords(ctx, year, key, { ...q, page: 1, pageSize: 1 });
  if (first.total > DRILL_EXPORT_LIMIT) {
    throw invalid(`记录超过 ${DRILL_EXPORT_LIMIT} 条，请缩小范围（选择下级组织）后再导出`);
  }
  const all = await metricRecords(ctx, year, key, { ...q, page: 1, pageSize: Math.max(1, first.total) });
  const excel = await loadExcel();
  const wb = new excel.Workbook();
  const ws = wb.addWorksheet('明细');
  if (all.mode === 'records') {
    ws.columns = [
      { header: '序号', key: 'n', width: 8 },
      { header: '名称', key: 'title', width: 40 },
      { header: '日期', key: 'date', width: 14 },
      ...(all.valueLabel ? [{ header: all.valueLabel, key: 'value', width: 14 }] : []),
      { header: '填报单位', key: 'keeper', width: 28 },
      { header: '编号', key: 'id', width: 10 },
    ];
    for (const [i, r] of all.items.entries()) {
      ws.addRow({ n: i + 1, ...r, title: escapeCell(r.title), keeper: escapeCell(r.keeper) });
    }
  } else if (all.mode === 'population') {
    ws.columns = [
      { header: '序号', key: 'n', width: 8 },
      { header: '组织', key: 'name', width: 36 },
      { header: '代码', key: 'code', width: 22 },
      { header: '是否覆盖', key: 'covered', width: 10 },
    ];
    for (const [i, r] of all.items.entries()) {
      ws.addRow({ n: i + 1, name: escapeCell(r.name), code: r.code, covered: r.covered ? '是' : '否' });
    }
  } else {
    ws.columns = [
      { header: '序号', key: 'n', width: 8 },
      { header: '报送单位', key: 'org', width: 36 },
      { header: '报送值', key: 'value', width: 14 },
      { header: '状态', key: 'statusLabel', width: 16 },
      { header: '截至日期', key: 'asOf', width: 14 },
    ];
    for (const [i, r] of all.items.entries()) ws.addRow({ n: i + 1, ...r, org: escapeCell(r.org) });
  }
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
