// Excel in and out of a registry: the template, the export (scoped, masked unless the
// caller may and asks to export in full, audited), and the import (all rows or none, or the
// valid rows only; a row meeting a record with the same natural key updates it, so the same
// file twice adds nothing; refused rows come back in an annotated copy of the file).
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { titleField } from '#shared/registries/types.ts';
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
import { inScope } from '../../lib/scope.ts';
import { type Registry, registryOf } from './registries.catalog.ts';
import { resolutionKey, resolveNames, writeImportRows } from './registries.bulk.ts';
import {
  annotateImport,
  assertReadable,
  buildTemplate,
  parseImport,
  writeExport,
} from './registries.excel.ts';
import { createBody } from './registries.schemas.ts';
import { attachLinks, type ListQuery, listCondition, resolveOwner } from './registries.service.ts';

export const EXPORT_ROW_CAP = 100_000;
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

/** Where an import is: reading the file, checking and resolving the rows, writing them. */
export interface ImportProgress {
  phase: 'reading' | 'checking' | 'writing';
  rowsRead: number;
  rowsTotal: number | null;
  rowsWritten: number;
  rowsToWrite: number | null;
}

/** The refused rows listed in a result; all of them are in the annotated file. */
export const RESULT_ERRORS_MAX = 1000;

/** The checks an upload passes before it is read: the caller's right, the file's kind and zip. */
export async function checkImportable(
  ctx: ServiceContext,
  key: string,
  file: { name: string; content: Buffer },
) {
  assertPermission(ctx, 'manage:registry:subtree');
  const reg = registryOf(key);
  if (!/\.xlsx$/i.test(file.name)) throw invalid('请上传 Excel 工作簿（.xlsx）；可先下载模板填写');
  await resolveOwner(ctx, reg);
  await assertReadable(file.content);
}

/**
 * Imports a workbook into a registry for the actor's organisation. `mode: 'all'` imports
 * every row or none; `'valid'` imports the rows without errors. One transaction either way.
 * `progress` hears where the import is (rows read, then rows written, batch by batch).
 */
export async function importRecords(
  ctx: ServiceContext,
  key: string,
  file: { name: string; content: Buffer },
  mode: 'all' | 'valid',
  progress: (p: Partial<ImportProgress>) => void = () => {},
): Promise<ImportResult> {
  assertPermission(ctx, 'manage:registry:subtree');
  const reg = registryOf(key);
  if (!/\.xlsx$/i.test(file.name)) throw invalid('请上传 Excel 工作簿（.xlsx）；可先下载模板填写');
  const owner = await resolveOwner(ctx, reg);
  progress({ phase: 'reading' });
  const parsed = await parseImport(reg.def, file.content, { onRow: (n) => progress({ rowsRead: n }) });
  if (parsed.fileErrors.length) throw invalid(parsed.fileErrors.join('；'));
  progress({ phase: 'checking', rowsRead: parsed.totalRows, rowsTotal: parsed.totalRows });

  // Names (academies, enterprises, studios): every distinct text of a column in one query.
  const fieldOf = new Map(reg.def.fields.map((f) => [f.key, f]));
  const texts = new Map<string, Set<string>>();
  for (const row of parsed.rows) {
    for (const [k, v] of Object.entries(row.values)) {
      if (!v || typeof v !== 'object') continue;
      const set = texts.get(k) ?? new Set<string>();
      texts.set(k, set);
      if ('refs' in v) for (const name of (v as { refs: string[] }).refs) set.add(name);
      else if ('ref' in v) set.add(String((v as { ref: unknown }).ref));
    }
  }
  const names = await resolveNames(ctx, reg, texts);

  const schema = createBody(reg.def);
  const errors = new Map<number, string[]>();
  const good: Record<string, unknown>[] = [];
  for (const row of parsed.rows) {
    const msgs = [...row.errors];
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row.values)) {
      const f = fieldOf.get(k)!;
      if (v && typeof v === 'object' && 'refs' in v) {
        const ids: number[] = [];
        for (const name of (v as { refs: string[] }).refs) {
          const r = names.get(resolutionKey(f, name))!;
          if (typeof r === 'string') msgs.push(r);
          else ids.push(r);
        }
        values[k] = ids;
      } else if (v && typeof v === 'object' && 'ref' in v) {
        const r = names.get(resolutionKey(f, String((v as { ref: unknown }).ref)))!;
        if (typeof r === 'string') msgs.push(r);
        else values[k] = r;
      } else if (v !== null) values[k] = v;
    }
    if (!msgs.length) {
      const check = schema.safeParse(values);
      if (!check.success) {
        for (const i of check.error.issues) {
          const f = fieldOf.get(String(i.path[0]));
          msgs.push(f ? `「${f.label.zh}」${i.message}` : i.message);
        }
      }
    }
    if (msgs.length) errors.set(row.rowNumber, msgs);
    else good.push(values);
  }
  parsed.rows = [];

  const result: ImportResult = {
    total: parsed.totalRows,
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: errors.size,
    imported: false,
    errors: [...errors].slice(0, RESULT_ERRORS_MAX).map(([row, messages]) => ({ row, messages })),
    warnings: parsed.warnings,
    errorFileId: null,
  };
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

  progress({ phase: 'writing', rowsToWrite: good.length, rowsWritten: 0 });
  await inTransaction(ctx, async (tx) => {
    const counts = await writeImportRows(tx as AuthedContext, reg, owner, good, 'import', (done) =>
      progress({ rowsWritten: done }),
    );
    Object.assign(result, counts);
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
