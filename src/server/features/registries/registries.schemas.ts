// zod schemas derived from a registry's definition: what a create or an update may carry,
// what a record looks like on the way out, and how a list may be filtered and sorted.
import { z } from '@hono/zod-openapi';
import { type FieldDef, MAX_REFS, type RegistryDef } from '#shared/registries/types.ts';
import { isValidIdCard, isValidMobile, isValidUscc } from '#shared/validators.ts';
import { pageQuery } from '../../lib/pagination.ts';

const id = () =>
  z
    .number()
    .int()
    .positive()
    .max(2 ** 52);

/** The input schema of one field (before optionality). */
export function fieldInput(f: FieldDef): z.ZodTypeAny {
  const label = f.label.zh;
  switch (f.type) {
    case 'text':
    case 'longtext': {
      let s = z.string().trim();
      if (f.required) s = s.min(1, `请填写${label}`);
      return s.max(f.max ?? (f.type === 'text' ? 200 : 5000), `${label}不能超过 ${f.max} 个字`);
    }
    case 'int':
    case 'year': {
      const min = f.min ?? (f.type === 'year' ? 1949 : 0);
      const max = f.max ?? (f.type === 'year' ? 2100 : 2 ** 31 - 1);
      return z
        .number()
        .int(`${label}应为整数`)
        .min(min, `${label}不能小于 ${min}`)
        .max(max, `${label}不能大于 ${max}`);
    }
    case 'decimal':
      return z
        .number()
        .min(f.min ?? 0, `${label}不能为负`)
        .max(f.max ?? 1e12)
        .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, `${label}至多两位小数`);
    case 'date':
      return z.iso.date(`${label}应为日期（YYYY-MM-DD）`);
    case 'bool':
      return z.boolean();
    case 'enum': {
      const values = (f.options ?? []).map((o) => o.value) as [string, ...string[]];
      return z.enum(values, `${label}应为：${(f.options ?? []).map((o) => o.zh).join('、')}`);
    }
    case 'phone':
      return z.string().trim().refine(isValidMobile, `${label}应为 11 位手机号码`);
    case 'idcard':
      return z.string().trim().toUpperCase().refine(isValidIdCard, `${label}无效（18 位，末位校验码）`);
    case 'uscc':
      return z.string().trim().toUpperCase().refine(isValidUscc, `${label}无效（18 位，末位校验码）`);
    case 'org':
    case 'ref':
      return id();
    case 'refs':
      return z
        .array(id())
        .max(MAX_REFS, `${label}至多 ${MAX_REFS} 项`)
        .refine((a) => new Set(a).size === a.length, `${label}有重复项`);
  }
}

/** The body of a create: every field, the required ones required; `orgId` names the owner. */
export function createBody(def: RegistryDef) {
  const shape: Record<string, z.ZodTypeAny> = {
    orgId: id().optional().openapi({ description: '台账归属组织（默认本单位）' }),
  };
  // A yes/no is never null (its column is not): left out, it takes its default.
  for (const f of def.fields)
    shape[f.key] = f.required
      ? fieldInput(f)
      : f.type === 'bool'
        ? fieldInput(f).optional()
        : fieldInput(f).nullable().optional();
  return z.strictObject(shape).openapi(`${pascal(def.key)}Create`);
}

/** The body of an update: any fields, and the version read. */
export function updateBody(def: RegistryDef) {
  const shape: Record<string, z.ZodTypeAny> = {
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
  };
  for (const f of def.fields)
    shape[f.key] = (f.required || f.type === 'bool' ? fieldInput(f) : fieldInput(f).nullable()).optional();
  return z.strictObject(shape).openapi(`${pascal(def.key)}Update`);
}

function fieldOutput(f: FieldDef): z.ZodTypeAny {
  switch (f.type) {
    case 'refs':
      return z.array(z.number());
    case 'int':
    case 'year':
    case 'decimal':
    case 'org':
    case 'ref':
      return z.number();
    case 'bool':
      return z.boolean();
    default:
      return z.string();
  }
}

export function recordSchema(def: RegistryDef) {
  const shape: Record<string, z.ZodTypeAny> = {
    id: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    names: z.record(z.string(), z.string()).openapi({ description: '组织与关联记录字段的显示名称' }),
    links: z
      .record(z.string(), z.array(z.object({ id: z.number(), name: z.string() })))
      .openapi({ description: '多选关联字段（refs）的记录编号与名称' }),
  };
  for (const f of def.fields) shape[f.key] = fieldOutput(f).nullable();
  return z.object(shape).openapi(`${pascal(def.key)}Record`);
}

/** List query: page, search, the definition's filters, an allowlisted sort. */
export function listQuery(def: RegistryDef) {
  const shape: Record<string, z.ZodTypeAny> = {
    ...pageQuery,
    q: z.string().trim().max(100).optional().openapi({ description: '关键字' }),
    within: z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 52)
      .optional()
      .openapi({ description: '只看该组织及其下级' }),
    sort: z.enum(sortable(def) as [string, ...string[]]).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  };
  // Records that point to one record of another registry (a studio's alliances, grants, trainings).
  const linkFields = def.fields.filter((f) => f.type === 'ref' || f.type === 'refs').map((f) => f.key);
  if (linkFields.length) {
    shape.refField = z
      .enum(linkFields as [string, ...string[]])
      .optional()
      .openapi({ description: '与 refId 一起：只看该关联字段指向 refId 的记录' });
    shape.refId = z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 52)
      .optional();
  }
  for (const f of def.fields.filter((x) => x.filter)) {
    if (f.type === 'enum')
      shape[f.key] = z.enum((f.options ?? []).map((o) => o.value) as [string, ...string[]]).optional();
    else if (f.type === 'bool') shape[f.key] = z.enum(['true', 'false']).optional();
    else {
      // Bounded like the column: years and counts are 32-bit integers, ids are bigints.
      const int32 = f.type === 'year' || f.type === 'int';
      shape[f.key] = z.coerce
        .number()
        .int()
        .min(0)
        .max(int32 ? 2 ** 31 - 1 : 2 ** 52)
        .optional();
    }
  }
  return z.strictObject(shape);
}

export function sortable(def: RegistryDef): string[] {
  return [
    'updatedAt',
    ...def.fields
      .filter((f) => f.list && f.type !== 'org' && f.type !== 'ref' && f.type !== 'refs')
      .map((f) => f.key),
  ];
}

export function pascal(key: string): string {
  return key.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}
