// Evaluates metric definitions over the records, for every organisation of the province at
// once (province, cities, counties, industry unions) at an as-of date. Metrics on the same
// source, placed the same way, are computed in one scan: one aggregate per metric with a
// FILTER clause, grouped by the record's city and county (taken from its path) and by month,
// with a second grouping set by industry union (the record's second path). The rollup to
// province, city, county and industry union then happens here, in memory, over ≤ a few
// thousand rows. The large registries are read from their day/month rollups where these keep
// what a scan needs, and the scans go to the database as one statement (decision 020).
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type Filter,
  type Locate,
  METRIC_DEFINITIONS,
  type MetricDefinition,
  type Population,
  type RecordSet,
} from './definitions.ts';
import { fieldsUsed, hasRollup, type RollupSpec, rollupFor, rollupSource } from './rollups.ts';
import { columnOf, type RecordSource, sourceOf } from './sources.ts';

export interface OrgNode {
  id: number;
  kind: string;
  code: string;
  name: string;
  parentId: number | null;
  path: string;
  altPath: string | null;
}

export interface MetricValue {
  /** In the metric's unit; rates as fractions. Null when it cannot be computed (no base). */
  actual: number | null;
  /** For rates: the counts behind them (covered / population; selected / all; this / last year). */
  numerator?: number;
  denominator?: number;
  /** Flow metrics: this year's value by month (index 0 = January), up to the as-of date. */
  monthly?: number[];
  /** Flow metrics: last year's value by month, for the profile of the forecast. */
  lastYearMonthly?: number[];
}

export interface EvaluationInput {
  year: number;
  /** YYYY-MM-DD within the year. */
  asOf: string;
  metricKeys: readonly string[];
  orgs: readonly OrgNode[];
  /** Read the rollups where they hold what a scan needs (decision 020); false scans the records. */
  rollups?: boolean;
}

/** metric key → org id → value */
export type Evaluation = Map<string, Map<number, MetricValue>>;

export const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

export function filterSql(source: RecordSource, f: Filter): SQL {
  const col = sql`t.${ident(columnOf(source, f.field))}`;
  if ('eq' in f) return sql`${col} = ${f.eq}`;
  if ('in' in f)
    return sql`${col} in (${sql.join(
      f.in.map((v) => sql`${v}`),
      sql`, `,
    )})`;
  return sql`${col} is not null`;
}

/** Rows that count: not soft-deleted, where the source soft-deletes. */
export function live(source: RecordSource): SQL {
  return source.softDelete ? sql`t.deleted_at is null` : sql`true`;
}

export function andAll(parts: SQL[]): SQL {
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

/** The record's effective date: its date field, or for year-based records the date it was entered, clamped into its year. */
export function effectiveDate(source: RecordSource, set: RecordSet): SQL {
  const col = sql`t.${ident(columnOf(source, set.when.field))}`;
  if (set.when.basis === 'date') return col;
  return sql`least(greatest(t.created_at::date, make_date(${col}, 1, 1)), make_date(${col}, 12, 31))`;
}

/**
 * Sargable window: the flow of last year and this year up to as-of, or the stock up to as-of.
 * "Up to as-of" is `< as-of + 1 day`, so that timestamps of the as-of day count too.
 */
export function windowSql(source: RecordSource, set: RecordSet, year: number, asOf: string): SQL {
  const col = sql`t.${ident(columnOf(source, set.when.field))}`;
  const ed = effectiveDate(source, set);
  if (set.when.basis === 'date') {
    return set.when.stock
      ? sql`${col} < ${asOf}::date + 1`
      : sql`${col} >= ${`${year - 1}-01-01`}::date and ${col} < ${asOf}::date + 1`;
  }
  return set.when.stock
    ? sql`${col} <= ${year} and ${ed} <= ${asOf}::date`
    : sql`${col} between ${year - 1} and ${year} and ${ed} <= ${asOf}::date`;
}

interface Location {
  join: SQL;
  path: SQL;
  altPath: SQL;
}

export function locationOf(source: RecordSource, locate: Locate | undefined): Location {
  if (!locate) return { join: sql``, path: sql`t.org_path`, altPath: sql`t.org_alt_path` };
  const col = ident(columnOf(source, locate.field));
  if (locate.via === 'org') {
    return {
      join: sql`left join organizations loc on loc.id = t.${col}`,
      path: sql`coalesce(loc.path, t.org_path)`,
      altPath: sql`coalesce(loc.alt_path, t.org_alt_path)`,
    };
  }
  const target = sourceOf(locate.via);
  return {
    join: target.softDelete
      ? sql`left join ${ident(target.table)} loc on loc.id = t.${col} and loc.deleted_at is null`
      : sql`left join ${ident(target.table)} loc on loc.id = t.${col}`,
    path: sql`coalesce(loc.org_path, t.org_path)`,
    altPath: sql`coalesce(loc.org_alt_path, t.org_alt_path)`,
  };
}

// --- grouping of metrics into scans -------------------------------------------------------

interface FlowMetric {
  key: string;
  def: Exclude<MetricDefinition, { kind: 'coverage' | 'milestone' }>;
}

function scanKey(def: FlowMetric['def']): string {
  const r = def.records;
  const distinct = def.kind === 'count' && def.distinct ? 'distinct' : '';
  return JSON.stringify([r.source, r.locate ?? null, r.when, distinct]);
}

interface Row {
  p: string | null; // the record's location path
  a: string | null; // its second path (industry union)
  y: number;
  m: number;
  [k: string]: unknown;
}

/** Adds a row's values to the organisations it belongs to. */
class Rollup {
  private cityIds = new Set<number>();
  private countyIds = new Set<number>();
  private unionIds = new Set<number>();
  readonly province: OrgNode | undefined;

  constructor(orgs: readonly OrgNode[]) {
    for (const o of orgs) {
      if (o.kind === 'city') this.cityIds.add(o.id);
      else if (o.kind === 'county') this.countyIds.add(o.id);
      else if (o.kind === 'industry_union') this.unionIds.add(o.id);
    }
    this.province = orgs.find((o) => o.kind === 'province');
  }

  /** The organisations (ids) a record located at `path` (and `altPath`) counts for. */
  targets(path: string | null, altPath: string | null): number[] {
    const out: number[] = [];
    const parts = (path ?? '').split('/'); // ['', province, l1, l2, …]
    if (this.province && parts[1] === String(this.province.id)) out.push(this.province.id);
    const l1 = Number(parts[2]);
    const l2 = Number(parts[3]);
    if (parts[2] && (this.cityIds.has(l1) || this.unionIds.has(l1))) out.push(l1);
    if (parts[3] && this.countyIds.has(l2)) out.push(l2);
    const a1 = Number((altPath ?? '').split('/')[2]);
    if (altPath && this.unionIds.has(a1) && a1 !== l1) out.push(a1);
    return out;
  }
}

interface Acc {
  cur: number;
  curNum: number;
  prev: number;
  prevSame: number;
  monthly: number[];
  lastYearMonthly: number[];
}

function accFor(byOrg: Map<number, Acc>, id: number): Acc {
  let acc = byOrg.get(id);
  if (!acc) {
    acc = newAcc();
    byOrg.set(id, acc);
  }
  return acc;
}

const newAcc = (): Acc => ({
  cur: 0,
  curNum: 0,
  prev: 0,
  prevSame: 0,
  monthly: Array(12).fill(0),
  lastYearMonthly: Array(12).fill(0),
});

/** The number of records where `f` holds: rows of the records, or the counts of a rollup's rows. */
function countSql(rolled: boolean, f: SQL): SQL {
  return rolled ? sql`coalesce(sum(t.n) filter (where ${f}), 0)` : sql`count(*) filter (where ${f})`;
}

function aggregateSql(source: RecordSource, m: FlowMetric, i: number, rolled: boolean): SQL {
  const def = m.def;
  const f = andAll((def.records.where ?? []).map((w) => filterSql(source, w)));
  const a = ident(`v${i}`);
  switch (def.kind) {
    case 'count':
      return def.distinct
        ? sql`count(distinct t.${ident(columnOf(source, def.distinct))}) filter (where ${f})::float8 as ${a}`
        : sql`${countSql(rolled, f)}::float8 as ${a}`;
    case 'sum':
      return sql`coalesce(sum(t.${ident(columnOf(source, def.field))}) filter (where ${f}), 0)::float8 as ${a}`;
    case 'growth':
      return sql`${countSql(rolled, f)}::float8 as ${a}`;
    case 'share': {
      const n = andAll(def.numerator.map((w) => filterSql(source, w)));
      return sql`${countSql(rolled, f)}::float8 as ${a}, ${countSql(rolled, sql`${f} and ${n}`)}::float8 as ${ident(`n${i}`)}`;
    }
  }
}

/**
 * A rollup's rows for effective dates from `from` (a first of a month; none for a stock) up to
 * `asOf`: the months before as-of's month, and the days of its month up to it.
 */
export function rollupWindow(from: string | null, asOf: string): SQL {
  const month = `${asOf.slice(0, 8)}01`;
  const months = from ? sql`t.day >= ${from}::date and t.day < ${month}::date` : sql`t.day < ${month}::date`;
  return sql`((t.grain = 'm' and ${months}) or (t.grain = 'd' and t.day >= ${month}::date and t.day <= ${asOf}::date))`;
}

/** The rollup a group of metrics can be read from, if any (not for growth: it needs last year's same day). */
function groupRollup(input: EvaluationInput, defs: MetricDefinition[]): RollupSpec | null {
  if (input.rollups === false) return null;
  if (defs.some((d) => d.kind === 'growth')) return null;
  const set = 'hit' in defs[0] ? defs[0].hit : defs[0].records;
  const used = defs.map(fieldsUsed);
  return rollupFor(set, {
    values: used.flatMap((u) => u.values),
    presence: used.flatMap((u) => u.presence),
    sums: used.flatMap((u) => u.sums),
  });
}

/** A query and what to do with its rows; the evaluation sends all its scans as one statement. */
interface Scan {
  query: SQL;
  take(rows: Row[]): void;
  /** It scans the records of a large registry (no rollup serves it): a statement of its own. */
  alone: boolean;
}

function scanFlow(
  group: FlowMetric[],
  input: EvaluationInput,
  rollup: Rollup,
  accs: Map<string, Map<number, Acc>>,
): Scan {
  const first = group[0].def.records;
  const spec = groupRollup(
    input,
    group.map((m) => m.def),
  );
  const rolled = spec !== null;
  const source = spec ? rollupSource(spec) : sourceOf(first.source);
  const loc = locationOf(source, first.locate);
  const ed = spec ? sql`t.day` : effectiveDate(source, first);
  const stock = !!first.when.stock;
  const byMonth = !stock && !(group[0].def.kind === 'count' && group[0].def.distinct);
  const aggs = group.map((m, i) => aggregateSql(source, m, i, rolled));
  const win = spec
    ? rollupWindow(stock ? null : `${input.year - 1}-01-01`, input.asOf)
    : windowSql(source, first, input.year, input.asOf);
  const sameDay = `${input.year - 1}${input.asOf.slice(4)}`.replace('-02-29', '-02-28');
  const prevSame = group.map((m, i) =>
    m.def.kind === 'growth'
      ? sql`, ${countSql(rolled, sql`${andAll((m.def.records.where ?? []).map((w) => filterSql(source, w)))} and ${ed} < ${sameDay}::date + 1`)}::float8 as ${ident(`s${i}`)}`
      : sql``,
  );
  const anyFilter = sql.join(
    group.map((m) => sql`(${andAll((m.def.records.where ?? []).map((w) => filterSql(source, w)))})`),
    sql` or `,
  );
  const y = stock ? sql`${input.year}` : sql`extract(year from ${ed})::int`;
  const mo = byMonth ? sql`extract(month from ${ed})::int` : sql`0`;
  // Constants stay out of GROUP BY (a literal there would be read as a column position).
  const timeKeys = sql.join([...(stock ? [] : [sql`, ${y}`]), ...(byMonth ? [sql`, ${mo}`] : [])], sql``);
  // Grouped by the location paths themselves (a few hundred to a few thousand groups); the
  // rollup to province, city, county and industry union happens in memory.
  const query = sql`
    select ${loc.path} as p, ${loc.altPath} as a, ${y} as y, ${mo} as m,
      ${sql.join(aggs, sql`, `)} ${sql.join(prevSame, sql``)}
    from ${ident(source.table)} t ${loc.join}
    where ${live(source)} and ${win} and (${anyFilter})
    group by ${loc.path}, ${loc.altPath}${timeKeys}`;
  return {
    query,
    take: (rows) => takeFlow(rows, group, input, rollup, accs),
    alone: !spec && hasRollup(first.source),
  };
}

function takeFlow(
  rows: Row[],
  group: FlowMetric[],
  input: EvaluationInput,
  rollup: Rollup,
  accs: Map<string, Map<number, Acc>>,
) {
  for (const row of rows) {
    const orgIds = rollup.targets(row.p, row.a);
    if (!orgIds.length) continue;
    const ry = Number(row.y);
    const rm = Number(row.m);
    group.forEach((m, i) => {
      const v = Number(row[`v${i}`] ?? 0);
      const n = Number(row[`n${i}`] ?? 0);
      const same = Number(row[`s${i}`] ?? 0);
      const byOrg = accs.get(m.key) as Map<number, Acc>;
      for (const id of orgIds) {
        const acc = accFor(byOrg, id);
        if (ry === input.year) {
          acc.cur += v;
          acc.curNum += n;
          if (rm >= 1) acc.monthly[rm - 1] += v;
        } else if (ry === input.year - 1) {
          acc.prev += v;
          acc.prevSame += m.def.kind === 'growth' ? same : 0;
          if (rm >= 1) acc.lastYearMonthly[rm - 1] += v;
        }
      }
    });
  }
}

// --- coverage -----------------------------------------------------------------------------

export function populationSql(p: Population): SQL {
  if ('orgKinds' in p) {
    return sql`m.kind in (${sql.join(
      p.orgKinds.map((k) => sql`${k}`),
      sql`, `,
    )})`;
  }
  const parts: SQL[] = [sql`m.kind = 'enterprise'`];
  const e = p.enterprises;
  if (e.hasUnion) parts.push(sql`m.has_union`);
  if (e.reformPilot) parts.push(sql`m.reform_pilot`);
  if (e.aboveScale) parts.push(sql`(m.above_scale_industry or m.above_limit_service)`);
  return andAll(parts);
}

function scanCoverage(
  key: string,
  def: Extract<MetricDefinition, { kind: 'coverage' | 'milestone' }>,
  input: EvaluationInput,
  rollup: Rollup,
  accs: Map<string, Map<number, Acc>>,
): Scan {
  const spec = groupRollup(input, [def]);
  const source = spec ? rollupSource(spec) : sourceOf(def.hit.source);
  const f = andAll((def.hit.where ?? []).map((w) => filterSql(source, w)));
  const stock = !!def.hit.when.stock;
  const win = spec
    ? rollupWindow(stock ? null : `${input.year}-01-01`, input.asOf)
    : windowSql(source, def.hit, input.year, input.asOf);
  const ed = effectiveDate(source, def.hit);
  const current = stock || spec ? sql`true` : sql`${ed} >= ${`${input.year}-01-01`}::date`;
  const match = def.hit.match;
  const hitIds =
    match.by === 'own'
      ? sql`t.org_id`
      : match.by === 'field'
        ? sql`t.${ident(columnOf(source, match.field))}`
        : sql`unnest(array[nullif(split_part(t.org_path, '/', 2), '')::bigint, nullif(split_part(t.org_path, '/', 3), '')::bigint, nullif(split_part(t.org_path, '/', 4), '')::bigint])`;
  const query = sql`
    with hits as (
      select distinct ${hitIds} as id from ${ident(source.table)} t
      where ${live(source)} and ${win} and ${current} and ${f}
    )
    select m.path as p, m.alt_path as a, count(*)::float8 as pop, count(h.id)::float8 as hit
    from organizations m left join hits h on h.id = m.id
    where m.deleted_at is null and m.active and ${populationSql(def.population)}
    group by m.path, m.alt_path`;
  return {
    query,
    take: (rows) => takeCoverage(rows as (Row & { pop: number; hit: number })[], key, rollup, accs),
    alone: !spec && hasRollup(def.hit.source),
  };
}

function takeCoverage(
  rows: (Row & { pop: number; hit: number })[],
  key: string,
  rollup: Rollup,
  accs: Map<string, Map<number, Acc>>,
) {
  const byOrg = accs.get(key) as Map<number, Acc>;
  for (const row of rows) {
    for (const id of rollup.targets(row.p, row.a)) {
      const acc = accFor(byOrg, id);
      acc.prev += Number(row.pop); // population
      acc.cur += Number(row.hit); // covered
    }
  }
}

// --- entry point --------------------------------------------------------------------------

export async function evaluate(db: Db, input: EvaluationInput): Promise<Evaluation> {
  const rollup = new Rollup(input.orgs);
  const accs = new Map<string, Map<number, Acc>>();
  const groups = new Map<string, FlowMetric[]>();
  const coverage: [string, Extract<MetricDefinition, { kind: 'coverage' | 'milestone' }>][] = [];
  for (const key of input.metricKeys) {
    const def = METRIC_DEFINITIONS[key];
    if (!def) continue;
    accs.set(key, new Map());
    if ('hit' in def) {
      coverage.push([key, def]);
      continue;
    }
    const k = scanKey(def);
    const list = groups.get(k) ?? [];
    list.push({ key, def });
    groups.set(k, list);
  }
  const scans = [
    ...[...groups.values()].map((group) => scanFlow(group, input, rollup, accs)),
    ...coverage.map(([key, def]) => scanCoverage(key, def, input, rollup, accs)),
  ];
  // The scans of rollups and small sources go as one statement, each scan's rows a JSON array:
  // a round trip per scan cost more than the scans themselves on a busy machine (decision 020).
  // A scan of a large registry's records keeps a statement of its own (and its own timeout).
  const together = scans.filter((s) => !s.alone);
  if (together.length) {
    const res = await db.execute(
      sql`select ${sql.join(
        together.map(
          (s, i) => sql`(select coalesce(json_agg(x), '[]'::json) from (${s.query}) x) as ${ident(`r${i}`)}`,
        ),
        sql`, `,
      )}`,
    );
    const row = res.rows[0] as Record<string, Row[]>;
    for (const [i, s] of together.entries()) s.take(row[`r${i}`]);
  }
  for (const s of scans.filter((x) => x.alone)) s.take((await db.execute(s.query)).rows as unknown as Row[]);

  const out: Evaluation = new Map();
  for (const [key, byOrg] of accs) {
    const def = METRIC_DEFINITIONS[key];
    const values = new Map<number, MetricValue>();
    for (const org of input.orgs) {
      const acc = byOrg.get(org.id) ?? newAcc();
      values.set(org.id, metricValueOf(def, acc));
    }
    out.set(key, values);
  }
  return out;
}

function metricValueOf(def: MetricDefinition, acc: Acc): MetricValue {
  switch (def.kind) {
    case 'count':
    case 'sum': {
      const stock = !!def.records.when.stock;
      return stock
        ? { actual: acc.cur }
        : { actual: acc.cur, monthly: acc.monthly, lastYearMonthly: acc.lastYearMonthly };
    }
    case 'growth':
      return {
        actual: acc.prevSame > 0 ? acc.cur / acc.prevSame - 1 : null,
        numerator: acc.cur,
        denominator: acc.prevSame,
        monthly: acc.monthly,
        lastYearMonthly: acc.lastYearMonthly,
      };
    case 'share':
      return {
        actual: acc.cur > 0 ? acc.curNum / acc.cur : null,
        numerator: acc.curNum,
        denominator: acc.cur,
      };
    case 'coverage':
      return { actual: acc.prev > 0 ? acc.cur / acc.prev : null, numerator: acc.cur, denominator: acc.prev };
    case 'milestone':
      return { actual: acc.prev > 0 ? acc.cur : null, numerator: acc.cur, denominator: acc.prev };
  }
}

export function hasDefinition(key: string): boolean {
  return key in METRIC_DEFINITIONS;
}
