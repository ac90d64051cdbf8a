import { z } from '@hono/zod-openapi';
import { MOUNTAIN_ISLAND_CATEGORIES, ORG_KINDS } from '#shared/orgs.ts';
import { isValidMobile, isValidUscc } from '#shared/validators.ts';
import { pageQuery } from '../../lib/pagination.ts';

export const orgSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(ORG_KINDS),
    code: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    parentId: z.number().int().nullable(),
    path: z.string(),
    depth: z.number().int(),
    divisionCode: z.string().nullable(),
    divisionType: z.string().nullable(),
    isIsland: z.boolean(),
    isMountain26: z.boolean(),
    mountainIsland: z
      .enum(MOUNTAIN_ISLAND_CATEGORIES)
      .nullable()
      .openapi({ description: '当年山区海岛县名单中的类别' }),
    uscc: z.string().nullable(),
    industrySection: z.string().nullable(),
    industryDivision: z.string().nullable(),
    industryUnionId: z.number().int().nullable(),
    aboveScaleIndustry: z.boolean(),
    aboveLimitService: z.boolean(),
    hasUnion: z.boolean(),
    reformPilot: z.boolean(),
    address: z.string().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable().openapi({ description: '默认脱敏' }),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('Organization');

export const treeNodeSchema = z
  .object({
    id: z.number().int(),
    parentId: z.number().int().nullable(),
    kind: z.enum(ORG_KINDS),
    code: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    divisionType: z.string().nullable(),
    isIsland: z.boolean(),
    isMountain26: z.boolean(),
    mountainIsland: z.enum(MOUNTAIN_ISLAND_CATEGORIES).nullable(),
    enterpriseCount: z.number().int(),
  })
  .openapi('OrgTreeNode');

export const treeQuery = z.strictObject({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .openapi({ description: '山区海岛县名单年份，默认最新' }),
});

export const orgListQuery = z.strictObject({
  ...pageQuery,
  kind: z.enum(ORG_KINDS).optional(),
  parentId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52)
    .optional()
    .openapi({ description: '直属上级组织' }),
  within: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52)
    .optional()
    .openapi({ description: '该组织之下的全部（如某市的全部企业）' }),
  q: z.string().trim().max(100).optional().openapi({ description: '按名称、代码或统一社会信用代码搜索' }),
  hasUnion: z.enum(['true', 'false']).optional(),
  aboveScale: z.enum(['true', 'false']).optional().openapi({ description: '规上工业或限上服务业' }),
  sort: z.enum(['name', 'code', 'createdAt']).default('code'),
  order: z.enum(['asc', 'desc']).default('asc'),
});

const uscc = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidUscc, '统一社会信用代码无效：应为 18 位，末位校验码须符合 GB 32100');
const phone = z.string().trim().refine(isValidMobile, '手机号码无效：应为 11 位，以 1 开头');
const division = z.string().regex(/^\d{2}$/, '行业大类代码应为 2 位数字（GB/T 4754）');

const enterpriseFields = {
  name: z.string().trim().min(2, '企业名称至少 2 个字').max(100),
  uscc,
  industryDivision: division,
  industryUnionId: z.number().int().positive().nullable().optional(),
  aboveScaleIndustry: z.boolean().default(false),
  aboveLimitService: z.boolean().default(false),
  hasUnion: z.boolean().default(false),
  reformPilot: z.boolean().default(false),
  address: z.string().trim().max(200).nullable().optional(),
  contactName: z.string().trim().max(50).nullable().optional(),
  contactPhone: phone.nullable().optional(),
};

export const createEnterpriseBody = z
  .strictObject({ countyId: z.number().int().positive(), ...enterpriseFields })
  .openapi('CreateEnterprise');

export const updateOrgBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
    name: z.string().trim().min(2).max(100).optional(),
    shortName: z.string().trim().max(50).nullable().optional(),
    uscc: uscc.optional(),
    industryDivision: division.optional(),
    industryUnionId: z.number().int().positive().nullable().optional(),
    aboveScaleIndustry: z.boolean().optional(),
    aboveLimitService: z.boolean().optional(),
    hasUnion: z.boolean().optional(),
    reformPilot: z.boolean().optional(),
    address: z.string().trim().max(200).nullable().optional(),
    contactName: z.string().trim().max(50).nullable().optional(),
    contactPhone: phone.nullable().optional(),
    active: z.boolean().optional(),
  })
  .openapi('UpdateOrganization');

export const createIndustryUnionBody = z
  .strictObject({
    name: z.string().trim().min(2).max(100),
    shortName: z.string().trim().max(50).nullable().optional(),
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{2,30}$/, '代码为 2–30 位字母、数字或连字符'),
  })
  .openapi('CreateIndustryUnion');

export const mountainIslandListSchema = z
  .object({
    id: z.number().int(),
    year: z.number().int(),
    effectiveFrom: z.string(),
    title: z.string(),
    source: z.string().nullable(),
    version: z.number().int(),
    members: z.array(
      z.object({
        orgId: z.number().int(),
        code: z.string(),
        name: z.string(),
        category: z.enum(MOUNTAIN_ISLAND_CATEGORIES),
      }),
    ),
  })
  .openapi('MountainIslandList');

export const saveMountainIslandBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1)
      .optional()
      .openapi({ description: '修改已有名单时必填' }),
    effectiveFrom: z.iso.date('生效日期格式应为 YYYY-MM-DD'),
    title: z.string().trim().min(2).max(100),
    source: z.string().trim().max(1000).nullable().optional(),
    members: z
      .array(
        z.strictObject({ orgId: z.number().int().positive(), category: z.enum(MOUNTAIN_ISLAND_CATEGORIES) }),
      )
      .max(90),
  })
  .openapi('SaveMountainIslandList');

export const yearParam = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .openapi({ param: { name: 'year', in: 'path' } }),
});

export const revealQuery = z.strictObject({
  reveal: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: '显示完整联系电话（需 pii:view，记入审计）' }),
});
