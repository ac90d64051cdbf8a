// The write side of an import, set at a time: names resolved with one query per column, existing
// records found with one query per batch, new records, their links and their history each written
// with one statement per batch. Every batch is a single JSON parameter read back with
// json_populate_recordset / json_to_recordset, so a statement carries one parameter whatever the
// number of rows (decision 018: multi-row VALUES with thousands of parameters broke PGlite).
import { and, getTableColumns, getTableName, isNull, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type FieldDef, titleField } from '#shared/registries/types.ts';
import { organizations } from '../../db/schema/orgs.ts';
import type { AuthedContext } from '../../lib/context.ts';
import { conflict } from '../../lib/errors.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { type Registry, registryOf } from './registries.catalog.ts';
import { attachLinks, refsFields } from './registries.service.ts';

/** Rows per statement. JSON of ~200 bytes a row: about 1 MB a statement. */
export const WRITE_BATCH = 5000;

/** A JSON array as a parameter of `json_array_elements_text`: one parameter for any number of names. */
const textList = (values: string[]) =>
  sql`(select json_array_elements_text(${JSON.stringify(values)}::json))`;

// ————————————————————————————————————————————— names → ids

export type Resolution = Map<string, number | string>;

/** The key under which a field's text is resolved. */
export const resolutionKey = (f: FieldDef, text: string) => `${f.key}\u0001${text}`;

/**
 * Resolves every distinct organisation and record name of an import with one query per field:
 * an `org` cell by code, USCC or name within the actor's scope (and of the field's kinds), a
 * `ref` cell by the target's title, a `refs` cell's names by title within the actor's scope.
 * Each text maps to an id or to the message for the row.
 */
export async function resolveNames(
  ctx: AuthedContext,
  reg: Registry,
  texts: Map<string, Set<string>>,
): Promise<Resolution> {
  const out: Resolution = new Map();
  for (const f of reg.def.fields) {
    const wanted = [...(texts.get(f.key) ?? [])];
    if (!wanted.length) continue;
    if (f.type === 'org') {
      const upper = [...new Set(wanted.map((t) => t.toUpperCase()))];
      const rows = await ctx.db
        .select({
          id: organizations.id,
          kind: organizations.kind,
          code: organizations.code,
          uscc: organizations.uscc,
          name: organizations.name,
          path: organizations.path,
          altPath: organizations.altPath,
        })
        .from(organizations)
        .where(
          and(
            isNull(organizations.deletedAt),
            sql`(${organizations.code} in ${textList(upper)} or ${organizations.uscc} in ${textList(upper)} or ${organizations.name} in ${textList(wanted)})`,
          ),
        );
      const usable = rows.filter(
        (o) => isInScope(ctx.actor, o.path, o.altPath) && (!f.orgKinds || f.orgKinds.includes(o.kind)),
      );
      for (const text of wanted) {
        const u = text.toUpperCase();
        const ok = usable.filter((o) => o.code === u || o.uscc === u || o.name === text);
        out.set(
          resolutionKey(f, text),
          ok.length === 1
            ? ok[0].id
            : ok.length > 1
              ? `「${f.label.zh}」“${text}”对应多个组织，请改填代码`
              : `「${f.label.zh}」找不到“${text}”（或不在您的管辖范围内）`,
        );
      }
    } else if (f.type === 'ref' || f.type === 'refs') {
      const target = registryOf(f.ref!);
      const title = titleField(target.def);
      if (!title) {
        for (const text of wanted) out.set(resolutionKey(f, text), `「${f.label.zh}」无法按名称查找`);
        continue;
      }
      // Several members (refs) are chosen within the actor's scope, as in the form.
      const scope =
        f.type === 'refs' ? inScope(ctx.actor, target.table.orgPath, target.table.orgAltPath) : undefined;
      const rows = await ctx.db
        .select({ id: target.table.id, name: target.table[title] })
        .from(target.table)
        .where(
          and(isNull(target.table.deletedAt), sql`${target.table[title]} in ${textList(wanted)}`, scope),
        );
      const byName = new Map<string, number[]>();
      for (const r of rows) {
        const list = byName.get(String(r.name)) ?? [];
        list.push(r.id as number);
        byName.set(String(r.name), list);
      }
      for (const text of wanted) {
        const ids = byName.get(text) ?? [];
        out.set(
          resolutionKey(f, text),
          ids.length === 1
            ? ids[0]
            : ids.length > 1
              ? `「${f.label.zh}」“${text}”有重名记录`
              : `「${f.label.zh}」找不到“${text}”，请先登记`,
        );
      }
    }
  }
  return out;
}

// ————————————————————————————————————————————— writing

export interface WriteCounts {
  created: number;
  updated: number;
  unchanged: number;
}

type Values = Record<string, unknown>;
type Ident = ReturnType<typeof sql.identifier>;
type Owner = { id: number; path: string; altPath: string | null };

/** The table's column objects, by property name. */
const columnsOf = (reg: Registry) => getTableColumns(reg.table) as unknown as Record<string, PgColumn>;

/** A value as it goes into JSON for json_populate_recordset (Dates as ISO text). */
const jsonValue = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));

function sameValue(f: FieldDef, cur: unknown, v: unknown): boolean {
  if (f.type === 'refs') {
    const a = [...((cur as number[] | null) ?? [])].sort((x, y) => x - y);
    const b = [...new Set((v as number[] | null) ?? [])].sort((x, y) => x - y);
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }
  return f.type === 'decimal' ? Number(cur) === Number(v) : (cur ?? null) === (v ?? null);
}

/**
 * Writes validated import rows for one owner in the caller's transaction: a row whose natural
 * key meets a live record of the owner updates it (or is counted unchanged), the others are new.
 * `onBatch` is told how many rows are done after each batch.
 */
export async function writeImportRows(
  tx: AuthedContext,
  reg: Registry,
  owner: Owner,
  rows: Values[],
  action: string,
  onBatch: (done: number) => void = () => {},
): Promise<WriteCounts> {
  const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  const t = reg.table;
  const cols = columnsOf(reg);
  const tableName = getTableName(t);
  const fields = reg.def.fields;
  const scalarFields = fields.filter((f) => f.type !== 'refs');
  const linkFields = refsFields(reg.def);
  const keyFields = reg.def.naturalKey.map((k) => fields.find((f) => f.key === k)!);
  const keyOf = (v: Values) =>
    keyFields
      .map((f) =>
        v[f.key] == null ? '\u0000' : f.type === 'decimal' ? String(Number(v[f.key])) : String(v[f.key]),
      )
      .join('\u0001');
  const now = tx.clock.now();
  const userId = tx.actor.userId;
  // What a column holds when the import leaves it empty: the column's default, as an insert would.
  const defaults: Values = {};
  for (const f of scalarFields) {
    const d = cols[f.key].default;
    if (d !== undefined && !(d && typeof d === 'object')) defaults[f.key] = d;
  }
  const dbRow = (v: Values) => {
    const o: Values = {};
    for (const f of scalarFields) o[cols[f.key].name] = jsonValue(v[f.key]);
    return o;
  };
  const historyData = (v: Values) => {
    const d: Values = { orgId: owner.id };
    for (const f of fields)
      d[f.key] = f.type === 'refs' ? [...new Set((v[f.key] as number[]) ?? [])] : (v[f.key] ?? null);
    return d;
  };
  const history: { record_id: number; version: number; data: Values }[] = [];
  const links: { record_id: number; field: string; target_id: number }[] = [];
  const flushHistoryAndLinks = async () => {
    if (links.length) {
      await tx.db.execute(sql`
        insert into record_links (registry, record_id, field, target_id)
        select ${reg.def.key}, x.record_id, x.field, x.target_id
        from json_to_recordset(${JSON.stringify(links)}::json) as x(record_id bigint, field text, target_id bigint)`);
      links.length = 0;
    }
    if (history.length) {
      await tx.db.execute(sql`
        insert into record_history (registry, record_id, version, action, data, user_id, at)
        select ${reg.def.key}, x.record_id, x.version, ${action}, x.data, ${userId}::bigint, ${now}::timestamptz
        from json_to_recordset(${JSON.stringify(history)}::json) as x(record_id bigint, version integer, data jsonb)`);
      history.length = 0;
    }
  };

  // The planner's statistics do not count the rows this transaction wrote (autovacuum sees
  // only committed rows, and PGlite has no autovacuum at all): a table that looked empty keeps
  // looking empty, and lookups become scans. ANALYZE in the transaction counts them; it is
  // repeated each time the rows written double, so its cost stays a small share.
  let analyzeAt = WRITE_BATCH;
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const batch = rows.slice(i, i + WRITE_BATCH);
    if (i >= analyzeAt) {
      await tx.db.execute(sql`analyze ${t}`);
      analyzeAt *= 2;
    }

    // 1. The owner's live records with the batch's natural keys: one index probe per key, as
    //    LATERAL drives the lookup from the keys. (Written as EXISTS, the planner, whose
    //    statistics lag behind an import's own inserts — PGlite has no autovacuum — checked every
    //    record of the owner against every key: a 100,000-row import took 9 minutes.) Keys with
    //    an empty part are compared as "both empty", which an index cannot look up: their own
    //    query, narrowed by the owner.
    const existing = new Map<string, Values>();
    const complete = batch.filter((v) => keyFields.every((f) => v[f.key] != null));
    const partial = batch.filter((v) => !keyFields.every((f) => v[f.key] != null));
    const ids: string[] = [];
    for (const [group, same] of [
      [complete, (c: Ident) => sql`r.${c} = k.${c}`],
      [partial, (c: Ident) => sql`(r.${c} = k.${c} or (r.${c} is null and k.${c} is null))`],
    ] as const) {
      if (!group.length) continue;
      const match = sql.join(
        keyFields.map((f) => same(sql.identifier(cols[f.key].name))),
        sql` and `,
      );
      const found = await tx.db.execute<{ id: string }>(sql`
        select r.id from json_populate_recordset(null::${t}, ${JSON.stringify(group.map(dbRow))}::json) k
        cross join lateral (
          select r.id from ${t} r where r.org_id = ${owner.id}::bigint and r.deleted_at is null and ${match}
        ) r`);
      for (const r of found.rows) ids.push(r.id);
    }
    if (ids.length) {
      const rows = (await tx.db
        .select()
        .from(t)
        .where(sql`${t.id} = any(${`{${ids.join(',')}}`}::bigint[])`)) as Values[];
      for (const r of rows) existing.set(keyOf(r), r);
    }
    await attachLinks(tx, reg, [...existing.values()]);

    // 2. New rows: ids taken from the sequence first, so links and history need no RETURNING.
    const fresh: Values[] = [];
    const changed: { row: Values; merged: Values; present: Values }[] = [];
    for (const v of batch) {
      const row = existing.get(keyOf(v));
      if (!row) {
        fresh.push({ ...defaults, ...v });
        continue;
      }
      if (Object.entries(v).every(([k, x]) => sameValue(fields.find((f) => f.key === k)!, row[k], x))) {
        counts.unchanged++;
        continue;
      }
      changed.push({ row, merged: { ...row, ...v }, present: v });
    }

    if (fresh.length) {
      const ids = (
        await tx.db.execute<{ id: number }>(
          sql`select nextval(pg_get_serial_sequence(${tableName}, 'id'))::bigint as id from generate_series(1, ${fresh.length}::integer)`,
        )
      ).rows.map((r) => Number(r.id));
      const payload = fresh.map((v, j) => ({
        ...dbRow(v),
        id: ids[j],
        org_id: owner.id,
        org_path: owner.path,
        org_alt_path: owner.altPath,
        created_by: userId,
        updated_by: userId,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        version: 1,
      }));
      const names = [
        'id',
        'org_id',
        'org_path',
        'org_alt_path',
        'created_by',
        'updated_by',
        'created_at',
        'updated_at',
        'version',
        ...scalarFields.map((f) => cols[f.key].name),
      ].map((n) => sql.identifier(n));
      const list = sql.join(names, sql`, `);
      await tx.db.execute(
        sql`insert into ${t} (${list}) select ${list} from json_populate_recordset(null::${t}, ${JSON.stringify(payload)}::json)`,
      );
      fresh.forEach((v, j) => {
        for (const f of linkFields)
          for (const target of new Set((v[f.key] as number[] | undefined) ?? []))
            links.push({ record_id: ids[j], field: f.key, target_id: target });
        history.push({ record_id: ids[j], version: 1, data: historyData(v) });
      });
      counts.created += fresh.length;
    }

    // 3. Changed rows: one UPDATE … FROM the batch, each row only at the version read above.
    if (changed.length) {
      const payload = changed.map(({ row, merged }) => ({
        ...dbRow(merged),
        id: row.id,
        version: row.version,
      }));
      const sets = sql.join(
        scalarFields.map(
          (f) => sql`${sql.identifier(cols[f.key].name)} = x.${sql.identifier(cols[f.key].name)}`,
        ),
        sql`, `,
      );
      const updated = await tx.db.execute<{ id: number }>(sql`
        update ${t} set ${sets}, version = ${t.version} + 1, updated_at = ${now}::timestamptz, updated_by = ${userId}::bigint
        from json_populate_recordset(null::${t}, ${JSON.stringify(payload)}::json) x
        where ${t.id} = x.id and ${t.version} = x.version
        returning ${t.id}`);
      if (updated.rows.length !== changed.length) {
        throw conflict('导入期间有记录被他人修改，请稍后重新导入（版本不一致）', [
          { path: 'version', message: '版本已过期' },
        ]);
      }
      for (const f of linkFields) {
        const touched = changed.filter((c) => f.key in c.present);
        if (!touched.length) continue;
        await tx.db.execute(sql`
          delete from record_links where registry = ${reg.def.key} and field = ${f.key}
          and record_id in (select json_array_elements_text(${JSON.stringify(touched.map((c) => c.row.id))}::json)::bigint)`);
        for (const c of touched)
          for (const target of new Set((c.present[f.key] as number[] | null) ?? []))
            links.push({ record_id: c.row.id as number, field: f.key, target_id: target });
      }
      for (const c of changed)
        history.push({
          record_id: c.row.id as number,
          version: (c.row.version as number) + 1,
          data: historyData(c.merged),
        });
      counts.updated += changed.length;
    }
    await flushHistoryAndLinks();
    onBatch(Math.min(rows.length, i + WRITE_BATCH));
  }
  return counts;
}
