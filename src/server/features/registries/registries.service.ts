// One service for every registry: list, read, create, edit, soft delete and history, each
// scoped to the organisation tree, audited, optimistically locked. What differs between
// registries is their definition (src/shared/registries) and their table.
import { and, asc, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type FieldDef, type RegistryDef, titleField } from '#shared/registries/types.ts';
import { maskIdCard, maskPhone } from '#shared/validators.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { recordHistory, recordLinks } from '../../db/schema/registries.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  type AuthedContext,
  assertPermission,
  hasPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { updateVersioned } from '../../lib/optimistic.ts';
import { offsetOf } from '../../lib/pagination.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { type Registry, registryOf } from './registries.catalog.ts';

type Row = Record<string, unknown> & {
  id: number;
  orgId: number;
  orgPath: string;
  orgAltPath: string | null;
  version: number;
};

const isPii = (f: FieldDef) => f.type === 'phone' || f.type === 'idcard';

/** Display names of the organisations and referenced records a page of rows points to. */
async function namesFor(ctx: ServiceContext, reg: Registry, rows: Row[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const orgIds = new Set<number>(rows.map((r) => r.orgId));
  for (const f of reg.def.fields.filter((x) => x.type === 'org')) {
    for (const r of rows) if (typeof r[f.key] === 'number') orgIds.add(r[f.key] as number);
  }
  if (orgIds.size) {
    const orgs = await ctx.db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(inArray(organizations.id, [...orgIds]));
    for (const o of orgs) names.set(`org:${o.id}`, o.name);
  }
  for (const f of reg.def.fields.filter((x) => x.type === 'ref' || x.type === 'refs')) {
    const target = registryOf(f.ref!);
    const ids = [
      ...new Set(rows.flatMap((r) => r[f.key] as unknown).filter((v): v is number => typeof v === 'number')),
    ];
    if (!ids.length) continue;
    const title = titleField(target.def);
    const refs = await ctx.db
      .select({ id: target.table.id, name: title ? target.table[title] : target.table.id })
      .from(target.table)
      .where(inArray(target.table.id, ids));
    for (const x of refs) names.set(`${f.ref}:${x.id}`, String(x.name));
  }
  return names;
}

function toDto(reg: Registry, row: Row, names: Map<string, string>, reveal = false) {
  const out: Record<string, unknown> = {
    id: row.id,
    orgId: row.orgId,
    orgName: names.get(`org:${row.orgId}`) ?? '',
    version: row.version,
    createdAt: (row.createdAt as Date).toISOString(),
    updatedAt: (row.updatedAt as Date).toISOString(),
  };
  const labels: Record<string, string> = {};
  const links: Record<string, { id: number; name: string }[]> = {};
  for (const f of reg.def.fields) {
    if (f.type === 'refs') {
      const ids = (row[f.key] as number[] | undefined) ?? [];
      out[f.key] = ids;
      links[f.key] = ids.map((id) => ({ id, name: names.get(`${f.ref}:${id}`) ?? `#${id}` }));
      labels[f.key] = links[f.key].map((x) => x.name).join('、');
      continue;
    }
    let v = row[f.key] ?? null;
    if (v !== null && isPii(f) && !reveal)
      v = f.type === 'phone' ? maskPhone(v as string) : maskIdCard(v as string);
    if (f.type === 'decimal' && v !== null) v = Number(v);
    out[f.key] = v;
    if (typeof v === 'number' && f.type === 'org') labels[f.key] = names.get(`org:${v}`) ?? '';
    if (typeof v === 'number' && f.type === 'ref') labels[f.key] = names.get(`${f.ref}:${v}`) ?? '';
  }
  out.names = labels;
  out.links = links;
  return out;
}

/** The `refs` fields of a registry. */
export const refsFields = (def: RegistryDef) => def.fields.filter((f) => f.type === 'refs');

/** Puts each row's `refs` values (ids from record_links, in the order given) on the rows. */
export async function attachLinks(ctx: ServiceContext, reg: Registry, rows: Record<string, unknown>[]) {
  const fields = refsFields(reg.def);
  if (!fields.length || !rows.length) return;
  const ids = rows.map((r) => r.id as number);
  const links = await ctx.db
    .select()
    .from(recordLinks)
    .where(and(eq(recordLinks.registry, reg.def.key), inArray(recordLinks.recordId, ids)))
    .orderBy(asc(recordLinks.recordId), asc(recordLinks.targetId));
  for (const r of rows) for (const f of fields) r[f.key] = [];
  const byId = new Map(rows.map((r) => [r.id as number, r]));
  for (const l of links) (byId.get(l.recordId)?.[l.field] as number[] | undefined)?.push(l.targetId);
}

/** Replaces a record's links of the `refs` fields present in `values`. */
export async function writeLinks(
  ctx: ServiceContext,
  reg: Registry,
  recordId: number,
  values: Record<string, unknown>,
) {
  for (const f of refsFields(reg.def)) {
    if (!(f.key in values)) continue;
    const ids = [...new Set((values[f.key] as number[] | null) ?? [])];
    await ctx.db
      .delete(recordLinks)
      .where(
        and(
          eq(recordLinks.registry, reg.def.key),
          eq(recordLinks.recordId, recordId),
          eq(recordLinks.field, f.key),
        ),
      );
    if (ids.length)
      await ctx.db
        .insert(recordLinks)
        .values(ids.map((targetId) => ({ registry: reg.def.key, recordId, field: f.key, targetId })));
  }
}

/** Splits a record's values into its table's columns and its `refs` fields. */
export function splitValues(reg: Registry, values: Record<string, unknown>) {
  const columns: Record<string, unknown> = {};
  const refs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (reg.def.fields.find((f) => f.key === k)?.type === 'refs') refs[k] = v;
    else columns[k] = v;
  }
  return { columns, refs };
}

/** Lists count their total exactly up to here (see findRecords). */
export const LIST_TOTAL_CAP = 10_000;

/** Page, search, scope and sort, plus the definition's filters by field key. */
export type ListQuery = {
  page: number;
  pageSize: number;
  q?: string;
  within?: number;
  sort?: string;
  order?: 'asc' | 'desc';
} & Record<string, unknown>;

/** The WHERE of a list (shared by the list and the Excel export). */
export async function listCondition(
  ctx: AuthedContext,
  reg: Registry,
  q: Omit<ListQuery, 'page' | 'pageSize'>,
): Promise<SQL> {
  const t = reg.table;
  // A dictionary (shared) is read by every level; anything else only within the actor's subtree.
  const where: SQL[] = [isNull(t.deletedAt)];
  if (!reg.def.shared) where.push(inScope(ctx.actor, t.orgPath, t.orgAltPath));
  const within = q.within as number | undefined;
  const text = q.q as string | undefined;
  if (within) {
    const [org] = await ctx.db.select().from(organizations).where(eq(organizations.id, within));
    if (!org || !isInScope(ctx.actor, org.path, org.altPath)) throw notFound('组织');
    where.push(inScope({ orgPath: org.path }, t.orgPath, t.orgAltPath));
  }
  if (text) {
    const like = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const searchable = reg.def.fields.filter((f) => f.search);
    if (searchable.length) where.push(or(...searchable.map((f) => ilike(t[f.key], like))) as SQL);
  }
  const refField = reg.def.fields.find((f) => f.key === q.refField);
  if (refField && q.refId !== undefined) {
    const refId = Number(q.refId);
    where.push(
      refField.type === 'refs'
        ? sql`exists (select 1 from ${recordLinks} where ${recordLinks.registry} = ${reg.def.key} and ${recordLinks.recordId} = ${t.id} and ${recordLinks.field} = ${refField.key} and ${recordLinks.targetId} = ${refId})`
        : eq(t[refField.key], refId),
    );
  } else if (q.refField !== undefined || q.refId !== undefined) {
    throw invalid('refField 与 refId 须同时给出', [
      { path: q.refField === undefined ? 'refField' : 'refId', message: '必填' },
    ]);
  }
  for (const f of reg.def.fields.filter((x) => x.filter)) {
    const v = q[f.key];
    if (v === undefined) continue;
    where.push(eq(t[f.key], f.type === 'bool' ? v === 'true' : v));
  }
  return and(...where) as SQL;
}

export async function findRecords(ctx: ServiceContext, key: string, q: ListQuery) {
  assertPermission(ctx, 'read:registry:subtree');
  const reg = registryOf(key);
  const t = reg.table;
  const cond = await listCondition(ctx, reg, q);
  const sortKey = q.sort ?? reg.def.defaultSort.field;
  const order = q.order ?? reg.def.defaultSort.order;
  const dir = order === 'desc' ? desc : asc;
  // The tie-breaker follows the sort, so one (column, id) index serves both directions.
  const rowsPage = (await ctx.db
    .select()
    .from(t)
    .where(cond)
    .orderBy(dir(t[sortKey]), dir(t.id))
    .limit(q.pageSize)
    .offset(offsetOf(q))) as Row[];
  // The total is counted up to a cap: counting a million rows on every page costs more than the
  // page itself. Beyond it the list says "10,000+" (totalExact: false).
  let total: number;
  let totalExact = true;
  if (q.page === 1 && rowsPage.length < q.pageSize) total = rowsPage.length;
  else {
    const counted = await ctx.db.execute<{ n: string }>(
      sql`select count(*) as n from (select 1 from ${t} where ${cond} limit ${LIST_TOTAL_CAP + 1}) capped`,
    );
    total = Number(counted.rows[0].n);
    if (total > LIST_TOTAL_CAP) {
      total = LIST_TOTAL_CAP;
      totalExact = false;
    }
  }
  const page = rowsPage.map((row) => ({ row }));
  const rows = page.map((p) => p.row as Row);
  await attachLinks(ctx, reg, rows);
  const names = await namesFor(ctx, reg, rows);
  return {
    items: rows.map((r) => toDto(reg, r, names)),
    total,
    totalExact,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** One live record the actor may see (any of a shared dictionary's for reading), or 404. */
async function loadInScope(ctx: AuthedContext, reg: Registry, id: number, forWrite = false): Promise<Row> {
  const [row] = await ctx.db
    .select()
    .from(reg.table)
    .where(and(eq(reg.table.id, id), isNull(reg.table.deletedAt)));
  const r = row as Row | undefined;
  const visible = r && ((reg.def.shared && !forWrite) || isInScope(ctx.actor, r.orgPath, r.orgAltPath));
  if (!r || !visible) throw notFound(reg.def.itemLabel.zh);
  await attachLinks(ctx, reg, [r]);
  return r;
}

/** One record; `reveal` shows personal data in full to holders of pii:view, audited. */
export async function getRecord(
  ctx: ServiceContext,
  key: string,
  id: number,
  opts: { reveal?: boolean } = {},
) {
  assertPermission(ctx, 'read:registry:subtree');
  const reg = registryOf(key);
  const row = await loadInScope(ctx, reg, id);
  if (opts.reveal) {
    if (!hasPermission(ctx, 'pii:view'))
      throw new AppError('FORBIDDEN', '没有查看完整个人信息的权限（pii:view）');
    await writeAudit(ctx, {
      event: 'pii.view',
      objectType: reg.def.key,
      objectId: id,
      detail: { fields: reg.def.fields.filter(isPii).map((f) => f.key) },
    });
  }
  return toDto(reg, row, await namesFor(ctx, reg, [row]), !!opts.reveal);
}

/** The owner of a new record: the named organisation (in scope, of a kind that keeps this registry) or the actor's own. */
export async function resolveOwner(ctx: AuthedContext, reg: Registry, orgId?: number) {
  const [org] = await ctx.db
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, orgId ?? ctx.actor.scopeOrgId), isNull(organizations.deletedAt)));
  if (!org || !isInScope(ctx.actor, org.path, org.altPath)) {
    throw invalid('归属组织不存在或不在您的管辖范围内', [{ path: 'orgId', message: '无效' }]);
  }
  if (!reg.def.ownerKinds.includes(org.kind)) {
    throw invalid(`${reg.def.label.zh}不由${org.name}登记`, [
      { path: 'orgId', message: '该类组织不登记此台账' },
    ]);
  }
  return org;
}

/** Organisation and record references must exist and lie within the actor's scope. */
export async function assertReferences(ctx: AuthedContext, reg: Registry, values: Record<string, unknown>) {
  for (const f of reg.def.fields) {
    const v = values[f.key];
    if (typeof v !== 'number') continue;
    if (f.type === 'org') {
      const [o] = await ctx.db
        .select()
        .from(organizations)
        .where(and(eq(organizations.id, v), isNull(organizations.deletedAt)));
      if (!o || !isInScope(ctx.actor, o.path, o.altPath) || (f.orgKinds && !f.orgKinds.includes(o.kind))) {
        throw invalid(`${f.label.zh}不存在或不在您的管辖范围内`, [{ path: f.key, message: '无效' }]);
      }
    } else if (f.type === 'ref') {
      const target = registryOf(f.ref!);
      const [x] = await ctx.db
        .select({ orgPath: target.table.orgPath, orgAltPath: target.table.orgAltPath })
        .from(target.table)
        .where(and(eq(target.table.id, v), isNull(target.table.deletedAt)));
      // A record may point to one kept above its owner (a county's training at the province's academy).
      if (!x) throw invalid(`${f.label.zh}不存在`, [{ path: f.key, message: '不存在' }]);
    }
  }
  for (const f of refsFields(reg.def)) {
    const ids = [...new Set((values[f.key] as number[] | null | undefined) ?? [])];
    if (!ids.length) continue;
    const target = registryOf(f.ref!);
    const found = await ctx.db
      .select({ id: target.table.id, orgPath: target.table.orgPath, orgAltPath: target.table.orgAltPath })
      .from(target.table)
      .where(and(inArray(target.table.id, ids), isNull(target.table.deletedAt)));
    // Members are chosen within the actor's scope (an alliance lists the studios it can see).
    const ok = new Set(
      found
        .filter((x) => isInScope(ctx.actor, x.orgPath as string, x.orgAltPath as string | null))
        .map((x) => x.id),
    );
    const missing = ids.filter((id) => !ok.has(id));
    if (missing.length) {
      throw invalid(`${f.label.zh}中有 ${missing.length} 项不存在或不在您的管辖范围内`, [
        { path: f.key, message: `无效：${missing.slice(0, 5).join('、')}` },
      ]);
    }
  }
}

/** Appends the row as it now is to the record's history. */
export async function writeHistory(ctx: ServiceContext, reg: RegistryDef, row: Row, action: string) {
  const data: Record<string, unknown> = { orgId: row.orgId };
  for (const f of reg.fields) data[f.key] = row[f.key] ?? null;
  await ctx.db.insert(recordHistory).values({
    registry: reg.key,
    recordId: row.id,
    version: row.version,
    action,
    data,
    userId: ctx.actor?.userId ?? null,
    at: ctx.clock.now(),
  });
}

/** Inserts one record (already validated) owned by `org`; history and audit in the same transaction. */
export async function insertRecord(
  ctx: AuthedContext,
  reg: Registry,
  org: { id: number; path: string; altPath: string | null },
  values: Record<string, unknown>,
  action = 'create',
) {
  const { columns, refs } = splitValues(reg, values);
  const [row] = (await ctx.db
    .insert(reg.table)
    .values({
      ...columns,
      orgId: org.id,
      orgPath: org.path,
      orgAltPath: org.altPath,
      createdBy: ctx.actor.userId,
      updatedBy: ctx.actor.userId,
    } as never)
    .returning()) as Row[];
  await writeLinks(ctx, reg, row.id, refs);
  for (const f of refsFields(reg.def)) row[f.key] = [...new Set((refs[f.key] as number[] | null) ?? [])];
  await writeHistory(ctx, reg.def, row, action);
  return row;
}

export async function createRecord(ctx: ServiceContext, key: string, input: Record<string, unknown>) {
  assertPermission(ctx, 'manage:registry:subtree');
  const reg = registryOf(key);
  const { orgId, ...values } = input;
  const org = await resolveOwner(ctx, reg, orgId as number | undefined);
  await assertReferences(ctx, reg, values);
  return inTransaction(ctx, async (tx) => {
    const row = await insertRecord(tx as AuthedContext, reg, org, values);
    await writeAudit(tx, { event: 'registry.create', objectType: reg.def.key, objectId: row.id });
    return toDto(reg, row, await namesFor(tx, reg, [row]));
  });
}

export async function updateRecord(
  ctx: ServiceContext,
  key: string,
  id: number,
  input: Record<string, unknown>,
) {
  assertPermission(ctx, 'manage:registry:subtree');
  const reg = registryOf(key);
  await loadInScope(ctx, reg, id, true);
  const { version, ...values } = input;
  await assertReferences(ctx, reg, values);
  const { columns, refs } = splitValues(reg, values);
  return inTransaction(ctx, async (tx) => {
    const row = (await updateVersioned(
      tx.db,
      reg.table as never,
      id,
      version as number,
      { ...columns, updatedBy: ctx.actor.userId },
      ctx.clock.now(),
    )) as Row;
    await writeLinks(tx, reg, id, refs);
    await attachLinks(tx, reg, [row]);
    await writeHistory(tx, reg.def, row, 'update');
    await writeAudit(tx, {
      event: 'registry.update',
      objectType: reg.def.key,
      objectId: id,
      detail: { fields: Object.keys(values) },
    });
    return toDto(reg, row, await namesFor(tx, reg, [row]));
  });
}

export async function deleteRecord(ctx: ServiceContext, key: string, id: number, version: number) {
  assertPermission(ctx, 'manage:registry:subtree');
  const reg = registryOf(key);
  await loadInScope(ctx, reg, id, true);
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const row = (await updateVersioned(
      tx.db,
      reg.table as never,
      id,
      version,
      { deletedAt: now, updatedBy: ctx.actor.userId },
      now,
    )) as Row;
    await attachLinks(tx, reg, [row]);
    await writeHistory(tx, reg.def, row, 'delete');
    await writeAudit(tx, { event: 'registry.delete', objectType: reg.def.key, objectId: id });
  });
}

/** Every version of a record, newest first (personal data masked unless pii:view). */
export async function findRecordHistory(ctx: ServiceContext, key: string, id: number) {
  assertPermission(ctx, 'read:registry:subtree');
  const reg = registryOf(key);
  await loadInScope(ctx, reg, id);
  const rows = await ctx.db
    .select()
    .from(recordHistory)
    .where(and(eq(recordHistory.registry, reg.def.key), eq(recordHistory.recordId, id)))
    .orderBy(desc(recordHistory.id));
  return rows.map((h) => {
    const data = { ...(h.data as Record<string, unknown>) };
    for (const f of reg.def.fields.filter(isPii)) {
      const v = data[f.key] as string | null;
      if (v) data[f.key] = f.type === 'phone' ? maskPhone(v) : maskIdCard(v);
    }
    return { version: h.version, action: h.action, at: h.at.toISOString(), userId: h.userId, data };
  });
}

/** Where a record sits in the tree (for its attachments); NOT_FOUND when out of scope or deleted. */
export async function recordPlace(ctx: ServiceContext, key: string, id: number, forWrite = false) {
  assertPermission(ctx, 'read:registry:subtree');
  const r = await loadInScope(ctx, registryOf(key), id, forWrite);
  return { orgId: r.orgId, orgPath: r.orgPath, orgAltPath: r.orgAltPath };
}
