// Excel in and out of a registry: the template, the export (scoped, masked unless the
// caller may and asks to export in full, audited), and the import (all rows or none, or the
// valid rows only; a row meeting a record with the same natural key updates it, so the same
// file twice adds nothing; refused rows come back in an annotated copy of the file).
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { and, asc, eq, gt, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { type FieldDef, titleField } from '#shared/registries/types.ts';
import { maskIdCard, maskPhone } from '#shared/validators.ts';
import { organizations } from '../../db/schema/orgs.ts';
import { importResults } from '../../db/schema/registries.ts';
import { writeAudit } from '../../lib/audit.ts';
import {
  type AuthedContext,
  assertPermission,
  hasPermission,
  inTransaction,
  type ServiceContext,
} from '../../lib/context.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { inScope, isInScope } from '../../lib/scope.ts';
import { type Registry, registryOf } from './registries.catalog.ts';
import { annotateImport, buildTemplate, parseImport, writeExport } from './registries.excel.ts';
import { createBody } from './registries.schemas.ts';
import {
  attachLinks,
  insertRecords,
  type ListQuery,
  listCondition,
  resolveOwner,
  splitValues,
  writeHistory,
  writeLinks,
} from './registries.service.ts';
import { updateVersioned } from '../../lib/optimistic.ts';

export const EXPORT_ROW_CAP = 100_000;
/**
 * Rows looked up and inserted per statement by an import. PGlite 0.5.14 fails the COMMIT of a
 * transaction whose multi-row inserts carry 500 rows ("bad buffer ID: 0", then a PANIC on the
 * rollback); 100 rows per statement work (decision 012).
 */
const IMPORT_BATCH = 100;
const BATCH = 5000;

export async function registryTemplate(ctx: ServiceContext, key: string): Promise<Buffer> {
  assertPermission(ctx, 'read:registry:subtree');
  return buildTemplate(registryOf(key).def);
}

/** Streams the records a list would show (without paging) into `out` as xlsx. */
export async function exportRecords(
  ctx: ServiceContext,
  key: string,
  q: Omit<ListQuery, 'page' | 'pageSize'> & { unmasked?: boolean },
  out: Writable,
): Promise<{ rows: number }> {
  assertPermission(ctx, 'read:registry:subtree');
  if (q.unmasked && !hasPermission(ctx, 'pii:export')) {
    throw new AppError('FORBIDDEN', '没有导出完整个人信息的权限（pii:export）');
  }
  const reg = registryOf(key);
  const cond = await listCondition(ctx, reg, q);
  const pii = reg.def.fields.filter((f) => f.type === 'phone' || f.type === 'idcard');
  const names = await nameLookups(ctx, reg);
  let count = 0;
  async function* rows() {
    let lastId = 0;
    while (count < EXPORT_ROW_CAP) {
      const batch = (await ctx.db
        .select()
        .from(reg.table)
        .where(and(cond, gt(reg.table.id, lastId)))
        .orderBy(asc(reg.table.id))
        .limit(BATCH)) as Record<string, unknown>[];
      if (!batch.length) return;
      await attachLinks(ctx, reg, batch);
      for (const r of batch) {
        if (!q.unmasked) {
          for (const f of pii) {
            const v = r[f.key] as string | null;
            if (v) r[f.key] = f.type === 'phone' ? maskPhone(v) : maskIdCard(v);
          }
        }
        count++;
        yield r;
      }
      lastId = batch[batch.length - 1].id as number;
    }
  }
  await writeExport(reg.def, rows(), out, {
    orgName: (id) => names.org.get(id),
    refName: (field, id) => names.ref.get(`${field}:${id}`),
  });
  await writeAudit(ctx, {
    event: q.unmasked ? 'registry.export_unmasked' : 'registry.export',
    objectType: reg.def.key,
    detail: { rows: count, filter: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) },
  });
  return { rows: count };
}

/** Names of the organisations and referenced records an export may need (all visible ones). */
async function nameLookups(ctx: AuthedContext, reg: Registry) {
  const org = new Map<number, string>();
  const ref = new Map<string, string>();
  if (reg.def.fields.some((f) => f.type === 'org')) {
    const rows = await ctx.db
      .select({ id: organizations.id, name: organizations.name })
      .from(organizations)
      .where(inScope(ctx.actor, organizations.path, organizations.altPath));
    for (const r of rows) org.set(r.id, r.name);
  }
  for (const f of reg.def.fields.filter((x) => x.type === 'ref' || x.type === 'refs')) {
    const target = registryOf(f.ref!);
    const title = titleField(target.def);
    const rows = await ctx.db
      .select({ id: target.table.id, name: title ? target.table[title] : target.table.id })
      .from(target.table)
      .where(isNull(target.table.deletedAt));
    for (const r of rows) ref.set(`${f.key}:${r.id}`, String(r.name));
  }
  return { org, ref };
}

export interface ImportResult {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  imported: boolean;
  errors: { row: number; messages: string[] }[];
  warnings: string[];
  errorFileId: string | null;
}

/** Resolves an `org` cell (code, USCC or name) to an organisation in the actor's scope. */
async function resolveOrg(ctx: AuthedContext, f: FieldDef, text: string): Promise<number | string> {
  const rows = await ctx.db
    .select({
      id: organizations.id,
      kind: organizations.kind,
      path: organizations.path,
      altPath: organizations.altPath,
    })
    .from(organizations)
    .where(
      and(
        isNull(organizations.deletedAt),
        or(
          eq(organizations.code, text.toUpperCase()),
          eq(organizations.uscc, text.toUpperCase()),
          eq(organizations.name, text),
        ) as SQL,
      ),
    );
  const ok = rows.filter(
    (o) => isInScope(ctx.actor, o.path, o.altPath) && (!f.orgKinds || f.orgKinds.includes(o.kind)),
  );
  if (ok.length === 1) return ok[0].id;
  return ok.length > 1
    ? `「${f.label.zh}」“${text}”对应多个组织，请改填代码`
    : `「${f.label.zh}」找不到“${text}”（或不在您的管辖范围内）`;
}

/** Resolves a `ref` cell (the record's name) to a record of the target registry. */
async function resolveRef(
  ctx: AuthedContext,
  f: FieldDef,
  text: string,
  withinScope = false,
): Promise<number | string> {
  const target = registryOf(f.ref!);
  const title = titleField(target.def);
  if (!title) return `「${f.label.zh}」无法按名称查找`;
  // Several members (refs) are chosen within the actor's scope, as in the form.
  const scope = withinScope ? inScope(ctx.actor, target.table.orgPath, target.table.orgAltPath) : undefined;
  const rows = await ctx.db
    .select({ id: target.table.id })
    .from(target.table)
    .where(and(isNull(target.table.deletedAt), eq(target.table[title], text), scope));
  if (rows.length === 1) return rows[0].id as number;
  return rows.length > 1
    ? `「${f.label.zh}」“${text}”有重名记录`
    : `「${f.label.zh}」找不到“${text}”，请先登记`;
}

function sameValues(reg: Registry, row: Record<string, unknown>, values: Record<string, unknown>): boolean {
  return Object.entries(values).every(([k, v]) => {
    const f = reg.def.fields.find((x) => x.key === k);
    const cur = row[k] ?? null;
    if (f?.type === 'refs')
      return (
        JSON.stringify([...((cur as number[]) ?? [])].sort()) ===
        JSON.stringify([...((v as number[]) ?? [])].sort())
      );
    return f?.type === 'decimal' ? Number(cur) === Number(v) : cur === (v ?? null);
  });
}

/**
 * Imports a workbook into a registry for the actor's organisation. `mode: 'all'` imports
 * every row or none; `'valid'` imports the rows without errors. One transaction either way.
 */
export async function importRecords(
  ctx: ServiceContext,
  key: string,
  file: { name: string; content: Buffer },
  mode: 'all' | 'valid',
): Promise<ImportResult> {
  assertPermission(ctx, 'manage:registry:subtree');
  const reg = registryOf(key);
  if (!/\.xlsx$/i.test(file.name)) throw invalid('请上传 Excel 工作簿（.xlsx）；可先下载模板填写');
  const owner = await resolveOwner(ctx, reg);
  const parsed = await parseImport(reg.def, file.content);
  if (parsed.fileErrors.length) throw invalid(parsed.fileErrors.join('；'));

  const schema = createBody(reg.def);
  const errors = new Map<number, string[]>();
  // A file names the same academy or enterprise on thousands of rows: resolve each text once.
  const resolved = new Map<string, Promise<number | string>>();
  const once = (k: string, fn: () => Promise<number | string>) => {
    let p = resolved.get(k);
    if (!p) {
      p = fn();
      resolved.set(k, p);
    }
    return p;
  };
  const good: { rowNumber: number; values: Record<string, unknown> }[] = [];
  for (const row of parsed.rows) {
    const msgs = [...row.errors];
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row.values)) {
      const f = reg.def.fields.find((x) => x.key === k)!;
      if (v && typeof v === 'object' && 'refs' in v) {
        const ids: number[] = [];
        for (const name of (v as { refs: string[] }).refs) {
          const r = await once(`${f.key}\u0001${name}`, () => resolveRef(ctx, f, name, true));
          if (typeof r === 'string') msgs.push(r);
          else ids.push(r);
        }
        values[k] = ids;
      } else if (v && typeof v === 'object' && 'ref' in v) {
        const r =
          f.type === 'org'
            ? await once(`${f.key}\u0001${v.ref}`, () => resolveOrg(ctx, f, String(v.ref)))
            : await once(`${f.key}\u0001${v.ref}`, () => resolveRef(ctx, f, String(v.ref)));
        if (typeof r === 'string') msgs.push(r);
        else values[k] = r;
      } else if (v !== null) values[k] = v;
    }
    if (!msgs.length) {
      const check = schema.safeParse(values);
      if (!check.success) {
        for (const i of check.error.issues) {
          const f = reg.def.fields.find((x) => x.key === String(i.path[0]));
          msgs.push(f ? `「${f.label.zh}」${i.message}` : i.message);
        }
      }
    }
    if (msgs.length) errors.set(row.rowNumber, msgs);
    else good.push({ rowNumber: row.rowNumber, values });
  }

  const result: ImportResult = {
    total: parsed.totalRows,
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: errors.size,
    imported: false,
    errors: [...errors].map(([row, messages]) => ({ row, messages })),
    warnings: parsed.warnings,
    errorFileId: null,
  };
  await sweepImportResults(ctx);
  if (errors.size) {
    result.errorFileId = randomUUID();
    const annotated = await annotateImport(file.content, errors);
    await ctx.db.insert(importResults).values({
      id: result.errorFileId,
      userId: ctx.actor.userId,
      registry: reg.def.key,
      fileName: file.name.replace(/\.xlsx$/i, '-错误说明.xlsx'),
      content: annotated.toString('base64'),
      createdAt: ctx.clock.now(),
    });
  }
  if (errors.size && mode === 'all') return result;

  await inTransaction(ctx, async (tx) => {
    const t = reg.table;
    const keyFields = reg.def.naturalKey.map((k) => reg.def.fields.find((f) => f.key === k)!);
    const keyOf = (v: Record<string, unknown>) =>
      keyFields
        .map((f) =>
          v[f.key] == null ? '\u0000' : f.type === 'decimal' ? String(Number(v[f.key])) : String(v[f.key]),
        )
        .join('\u0001');
    // In batches: one query finds the existing records of a thousand rows, one inserts the new ones.
    for (let i = 0; i < good.length; i += IMPORT_BATCH) {
      const batch = good.slice(i, i + IMPORT_BATCH);
      const existing = new Map<string, Record<string, unknown>>();
      const complete = batch.filter((g) => keyFields.every((f) => g.values[f.key] != null));
      if (complete.length) {
        const tuples = complete.map(
          (g) =>
            sql`(${sql.join(
              keyFields.map((f) => sql`${g.values[f.key]}`),
              sql`, `,
            )})`,
        );
        const found = (await tx.db
          .select()
          .from(t)
          .where(
            and(
              eq(t.orgId, owner.id),
              isNull(t.deletedAt),
              sql`(${sql.join(
                keyFields.map((f) => t[f.key]),
                sql`, `,
              )}) in (${sql.join(tuples, sql`, `)})`,
            ),
          )) as Record<string, unknown>[];
        for (const r of found) existing.set(keyOf(r), r);
      }
      for (const g of batch.filter((x) => !complete.includes(x))) {
        // A natural key with an empty part: matched one by one (IS NULL does not fit an IN list).
        const keyCond = keyFields.map((f) =>
          g.values[f.key] == null ? isNull(t[f.key]) : eq(t[f.key], g.values[f.key]),
        );
        const [r] = (await tx.db
          .select()
          .from(t)
          .where(and(eq(t.orgId, owner.id), isNull(t.deletedAt), ...keyCond))
          .limit(1)) as Record<string, unknown>[];
        if (r) existing.set(keyOf(r), r);
      }
      await attachLinks(tx, reg, [...existing.values()]);
      const fresh: Record<string, unknown>[] = [];
      for (const g of batch) {
        const row = existing.get(keyOf(g.values));
        if (!row) fresh.push(g.values);
        else if (sameValues(reg, row, g.values)) result.unchanged++;
        else {
          const { columns, refs } = splitValues(reg, g.values);
          const updated = await updateVersioned(
            tx.db,
            t as never,
            row.id as number,
            row.version as number,
            { ...columns, updatedBy: ctx.actor.userId },
            ctx.clock.now(),
          );
          await writeLinks(tx, reg, row.id as number, refs);
          await attachLinks(tx, reg, [updated as never]);
          await writeHistory(tx, reg.def, updated as never, 'import');
          result.updated++;
        }
      }
      if (fresh.length) {
        await insertRecords(tx as AuthedContext, reg, owner, fresh, 'import');
        result.created += fresh.length;
      }
    }
    await writeAudit(tx, {
      event: 'registry.import',
      objectType: reg.def.key,
      detail: {
        file: file.name.slice(0, 100),
        mode,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        refused: result.refused,
      },
    });
  });
  result.imported = true;
  return result;
}

/** How long an annotated error file stays downloadable. */
export const IMPORT_RESULT_TTL_MS = 24 * 3600 * 1000;

/** Deletes the annotated files older than a day (run with every import: no timer to forget). */
export async function sweepImportResults(ctx: ServiceContext): Promise<number> {
  const gone = await ctx.db
    .delete(importResults)
    .where(lt(importResults.createdAt, new Date(ctx.clock.now().getTime() - IMPORT_RESULT_TTL_MS)))
    .returning({ id: importResults.id });
  return gone.length;
}

/** The annotated copy of a refused import, for the user who imported it. */
export async function getImportErrorFile(ctx: ServiceContext, key: string, id: string) {
  assertPermission(ctx, 'read:registry:subtree');
  const [row] = await ctx.db
    .select()
    .from(importResults)
    .where(
      and(
        eq(importResults.id, id),
        eq(importResults.userId, ctx.actor.userId),
        eq(importResults.registry, key),
        gt(importResults.createdAt, new Date(ctx.clock.now().getTime() - IMPORT_RESULT_TTL_MS)),
      ),
    );
  if (!row) throw notFound('导入结果（错误说明文件保留一天）');
  return { fileName: row.fileName, content: Buffer.from(row.content, 'base64') };
}
