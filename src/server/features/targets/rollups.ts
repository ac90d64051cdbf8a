// Rollups of the large registries (decision 020): per source, live records counted and summed by
// location path, effective date and the fields the metric definitions filter, place and count
// by — kept at two grains, the day and the month. Statement-level triggers on the registry
// tables keep them in the writing transaction; the evaluator reads them instead of the records
// when a rollup holds every field a scan needs, and for any as-of date sums the months before
// its month and the days of its month up to it. `checkRollups` recounts them from the records.
//
// The SQL here is generated from ROLLUPS; `npx tsx scripts/targets-rollups-sql.ts` prints the
// migration that creates the tables and triggers (drizzle/0019_targets_rollups.sql), and a test
// checks that the migrations carry exactly this SQL.
import { sql } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { REGISTRIES } from '../registries/registries.catalog.ts';
import type { MetricDefinition, RecordSet } from './definitions.ts';
import { columnOf, type RecordSource, sourceOf } from './sources.ts';

export interface RollupSpec {
  /** The record source (a registry key). */
  source: string;
  /** The effective date of its records, as the definitions on it date them. */
  when: RecordSet['when'];
  /** Fields kept as they are: filtered by, placed by (`locate`), counted distinct, matched by. */
  dims: readonly string[];
  /** Fields only tested for presence (`notNull` filters): kept as 1 or null. */
  present?: readonly string[];
  /** Numeric fields summed (under their own column names). */
  sums?: readonly string[];
}

export const ROLLUPS: readonly RollupSpec[] = [
  {
    source: 'workstations',
    when: { field: 'year', basis: 'year' },
    dims: ['level', 'enterpriseId'],
  },
  { source: 'studios', when: { field: 'year', basis: 'year' }, dims: ['level', 'enterpriseId'] },
  {
    source: 'grants',
    when: { field: 'year', basis: 'year' },
    dims: ['recipientKind', 'sourceLevel', 'purpose', 'studioId', 'projectId'],
    sums: ['amount'],
  },
  { source: 'alliances', when: { field: 'year', basis: 'year' }, dims: ['batch'] },
  {
    source: 'candidates',
    when: { field: 'year', basis: 'year' },
    dims: ['employerId'],
    present: ['studioId'],
  },
  { source: 'cohorts', when: { field: 'startDate', basis: 'date' }, dims: [], sums: ['participants'] },
  {
    source: 'academies',
    when: { field: 'yearEstablished', basis: 'year' },
    dims: ['kind', 'level'],
  },
  {
    source: 'training-sessions',
    when: { field: 'startDate', basis: 'date' },
    dims: ['demonstration', 'triz'],
    sums: ['personTimes'],
  },
  { source: 'upgrades', when: { field: 'periodEnd', basis: 'date' }, dims: [], sums: ['people'] },
  {
    source: 'competitions',
    when: { field: 'startDate', basis: 'date' },
    dims: ['level'],
    sums: ['participants', 'promotions'],
  },
  { source: 'wage-negotiations', when: { field: 'year', basis: 'year' }, dims: ['enterpriseId'] },
];

const BY_SOURCE = new Map(ROLLUPS.map((r) => [r.source, r]));

export const rollupTable = (spec: RollupSpec) => `rollup_${sourceOf(spec.source).table}`;

/** The rollup tables a write to each registry table also writes (its triggers), for write tracking. */
export const ROLLUP_WRITES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  ROLLUPS.map((r) => [sourceOf(r.source).table, [rollupTable(r)]]),
);

/** Whether a source is one of the large registries that have a rollup. */
export const hasRollup = (source: string) => BY_SOURCE.has(source);

/** What a scan needs of a record: fields compared or grouped by as they are, tested for presence, summed. */
export interface FieldsUsed {
  values: readonly string[];
  presence: readonly string[];
  sums: readonly string[];
}

/**
 * The rollup a record set can be read from: same source and date, every field it compares,
 * places, counts distinct or matches by kept as it is, every summed field summed.
 */
export function rollupFor(set: RecordSet, uses: FieldsUsed): RollupSpec | null {
  const spec = BY_SOURCE.get(set.source);
  if (!spec || spec.when.field !== set.when.field || spec.when.basis !== set.when.basis) return null;
  const dims = new Set(spec.dims);
  const present = new Set([...spec.dims, ...(spec.present ?? [])]);
  const sums = new Set(spec.sums ?? []);
  if (!uses.values.every((f) => dims.has(f))) return null;
  if (!uses.presence.every((f) => present.has(f))) return null;
  if (!uses.sums.every((f) => sums.has(f))) return null;
  return spec;
}

/** The fields a metric's records are filtered, placed, counted and summed by. */
export function fieldsUsed(def: MetricDefinition): FieldsUsed {
  const set = 'hit' in def ? def.hit : def.records;
  const values: string[] = [];
  const presence: string[] = [];
  const sums: string[] = [];
  for (const w of set.where ?? []) ('notNull' in w ? presence : values).push(w.field);
  if (set.locate) values.push(set.locate.field);
  if ('hit' in def) {
    if (def.hit.match.by === 'field') values.push(def.hit.match.field);
    if (def.hit.match.by === 'own') values.push('orgId');
  } else if (def.kind === 'count' && def.distinct) values.push(def.distinct);
  else if (def.kind === 'sum') sums.push(def.field);
  else if (def.kind === 'share') {
    for (const w of def.numerator) ('notNull' in w ? presence : values).push(w.field);
  }
  return { values, presence, sums };
}

// --- SQL ---------------------------------------------------------------------------------------

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface Shape {
  table: string;
  base: string;
  /** Key columns after grain and day: org_path, org_alt_path, dims, presence flags. */
  keys: { name: string; type: string; expr: (t: string) => string }[];
  sums: { name: string; expr: (t: string) => string }[];
  ed: (t: string) => string;
}

function shapeOf(spec: RollupSpec): Shape {
  const source = sourceOf(spec.source);
  const reg = REGISTRIES.get(spec.source);
  if (!reg) throw new Error(`rollup of ${spec.source}: not a registry`);
  const types = new Map(getTableConfig(reg.table).columns.map((c) => [c.name, c.getSQLType()]));
  const col = (field: string) => columnOf(source, field);
  const when = col(spec.when.field);
  return {
    table: rollupTable(spec),
    base: source.table,
    keys: [
      { name: 'org_path', type: 'text not null', expr: (t) => `${t}.org_path` },
      { name: 'org_alt_path', type: 'text', expr: (t) => `${t}.org_alt_path` },
      ...spec.dims.map((f) => ({
        name: col(f),
        type: types.get(col(f)) as string,
        expr: (t: string) => `${t}.${q(col(f))}`,
      })),
      ...(spec.present ?? []).map((f) => ({
        name: col(f),
        type: 'smallint',
        expr: (t: string) => `case when ${t}.${q(col(f))} is not null then 1 end::smallint`,
      })),
    ],
    sums: (spec.sums ?? []).map((f) => ({ name: col(f), expr: (t: string) => `${t}.${q(col(f))}` })),
    // The evaluator's effectiveDate (evaluate.ts), in the session's time zone: the platform's
    // (db/time-zone.ts).
    ed:
      spec.when.basis === 'date'
        ? (t) => `${t}.${q(when)}`
        : (t) =>
            `least(greatest(${t}.created_at::date, make_date(${t}.${q(when)}, 1, 1)), make_date(${t}.${q(when)}, 12, 31))`,
  };
}

/** Live records of `from` (a table or transition table) as rollup rows, both grains, `sign` ±1. */
function contributionSql(s: Shape, from: string, sign: '' | '-'): string {
  const inner = [
    `${s.ed('t')} as ed`,
    ...s.keys.map((k) => `${k.expr('t')} as ${q(k.name)}`),
    ...s.sums.map((m) => `${m.expr('t')} as ${q(m.name)}`),
  ].join(', ');
  const sums = s.sums.map((m) => `, ${sign}coalesce(sum(x.${q(m.name)}), 0)`).join('');
  const groupBy = Array.from({ length: s.keys.length + 2 }, (_, i) => i + 1).join(', ');
  return `select g.grain, g.day, ${s.keys.map((k) => `x.${q(k.name)}`).join(', ')}, ${sign}count(*)${sums}
    from (select ${inner} from ${from} t where t.deleted_at is null) x
    cross join lateral (values ('d', x.ed), ('m', x.ed - (extract(day from x.ed)::int - 1))) g(grain, day)
    where x.ed is not null
    group by ${groupBy}
    order by ${groupBy}`; // one order of row locks for concurrent writers
}

function upsertSql(s: Shape, from: string, sign: '' | '-'): string {
  const cols = ['grain', 'day', ...s.keys.map((k) => k.name), 'n', ...s.sums.map((m) => m.name)].map(q);
  const conflict = ['grain', 'day', ...s.keys.map((k) => k.name)].map(q).join(', ');
  const set = ['n', ...s.sums.map((m) => m.name)].map((c) => `${q(c)} = r.${q(c)} + excluded.${q(c)}`);
  return `insert into ${q(s.table)} as r (${cols.join(', ')})
    ${contributionSql(s, from, sign)}
    on conflict (${conflict}) do update set ${set.join(', ')}`;
}

/** The migration: rollup table, trigger function and triggers of one source, filled from its records. */
export function rollupMigrationSql(spec: RollupSpec): string {
  const s = shapeOf(spec);
  const cols = [
    'grain text not null',
    'day date not null',
    ...s.keys.map((k) => `${q(k.name)} ${k.type}`),
    'n bigint not null',
    ...s.sums.map((m) => `${q(m.name)} numeric not null`),
  ];
  const key = ['grain', 'day', ...s.keys.map((k) => k.name)].map(q).join(', ');
  const fn = `${s.table}_apply`;
  return `-- ${spec.source}: live ${s.base} counted${s.sums.length ? ' and summed' : ''} by day and by month
CREATE TABLE ${q(s.table)} (
  ${cols.join(',\n  ')}
);
--> statement-breakpoint
CREATE UNIQUE INDEX ${q(`${s.table}_key`)} ON ${q(s.table)} (${key}) NULLS NOT DISTINCT;
--> statement-breakpoint
CREATE INDEX ${q(`${s.table}_empty`)} ON ${q(s.table)} (grain) WHERE n = 0;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ${q(fn)}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    TRUNCATE ${q(s.table)};
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    ${upsertSql(s, 'old_rows', '-')};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    ${upsertSql(s, 'new_rows', '')};
  END IF;
  DELETE FROM ${q(s.table)} WHERE n = 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER ${q(`${s.table}_insert`)} AFTER INSERT ON ${q(s.base)}
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${q(fn)}();
--> statement-breakpoint
CREATE TRIGGER ${q(`${s.table}_update`)} AFTER UPDATE ON ${q(s.base)}
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${q(fn)}();
--> statement-breakpoint
CREATE TRIGGER ${q(`${s.table}_delete`)} AFTER DELETE ON ${q(s.base)}
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${q(fn)}();
--> statement-breakpoint
CREATE TRIGGER ${q(`${s.table}_truncate`)} AFTER TRUNCATE ON ${q(s.base)}
  FOR EACH STATEMENT EXECUTE FUNCTION ${q(fn)}();
--> statement-breakpoint
${upsertSql(s, q(s.base), '')};
--> statement-breakpoint
ANALYZE ${q(s.table)};
`;
}

export function rollupsMigrationSql(): string {
  return ROLLUPS.map(rollupMigrationSql).join('--> statement-breakpoint\n');
}

/** Rows where a rollup differs from a recount of its records, per rollup table (empty: all agree). */
export async function checkRollups(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const spec of ROLLUPS) {
    const s = shapeOf(spec);
    const cols = ['grain', 'day', ...s.keys.map((k) => k.name), 'n', ...s.sums.map((m) => m.name)]
      .map(q)
      .join(', ');
    const recount = contributionSql(s, q(s.base), '').replace(/\s+order by[\s\S]*$/, '');
    const res = await db.execute(
      sql.raw(`with recount as (${recount}), kept as (select ${cols} from ${q(s.table)})
      select ((select count(*) from (select * from recount except all select * from kept) a)
        + (select count(*) from (select * from kept except all select * from recount) b))::int as n`),
    );
    const n = Number((res.rows[0] as { n: number }).n);
    if (n) out[s.table] = n;
  }
  return out;
}

/** The statements that refill every rollup from its records. */
export function rollupsRefillSql(): string[] {
  return ROLLUPS.flatMap((spec) => {
    const s = shapeOf(spec);
    return [`DELETE FROM ${q(s.table)}`, upsertSql(s, q(s.base), '')];
  });
}

/** Refills every rollup from its records (when `checkRollups` finds a difference). */
export async function rebuildRollups(db: Db): Promise<void> {
  for (const statement of rollupsRefillSql()) await db.execute(sql.raw(statement));
}

/** For the evaluator: the rollup of a source by its SQL table, when it exists. */
export function rollupSource(spec: RollupSpec): RecordSource {
  const source = sourceOf(spec.source);
  return { ...source, table: rollupTable(spec), softDelete: false };
}
