// Request and response schemas of the sharing platform (achievements, categories, 对接交易,
// the public showcase). Strict objects: unknown keys are refused, never stored.
import { z } from '@hono/zod-openapi';
import { isValidMobile } from '#shared/validators.ts';
import { pageQuery } from '../../lib/pagination.ts';
import { ACHIEVEMENT_STATES } from './sharing.workflow.ts';

const id = (label: string) =>
  z
    .number()
    .int(`${label}应为整数编号`)
    .positive(`${label}应为正整数`)
    .max(2 ** 52);
const text = (label: string, max: number, min = 1) =>
  z.string(`请填写${label}`).trim().min(min, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`);
const money = (label: string) =>
  z
    .number(`${label}应为数字（万元）`)
    .min(0, `${label}不能为负`)
    .max(1e9, `${label}过大`)
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, `${label}至多两位小数`);
const phone = (label: string) => z.string().trim().refine(isValidMobile, `${label}应为 11 位手机号码`);
const year = z.number().int('年份应为整数').min(1949, '年份不能早于 1949').max(2100, '年份不能晚于 2100');
const date = (label: string) => z.iso.date(`${label}应为日期（YYYY-MM-DD）`);

export const PATENT_KINDS = ['invention', 'utility', 'design', 'software'] as const;
export const PATENT_KIND_LABELS = {
  invention: '发明专利',
  utility: '实用新型',
  design: '外观设计',
  software: '软件著作权',
} as const;

export const OFFER_MODES = ['transfer', 'license', 'cooperation', 'free'] as const;
export const OFFER_MODE_LABELS = {
  transfer: '转让',
  license: '许可',
  cooperation: '合作',
  free: '免费共享',
} as const;

export const authorInput = z.strictObject({
  name: text('完成人姓名', 50),
  role: z.string().trim().max(30, '分工不能超过 30 个字').nullish(),
  title: z.string().trim().max(60, '职务或荣誉不能超过 60 个字').nullish(),
  phone: phone('完成人手机').nullish(),
  userId: id('账号').nullish(),
  publicConsent: z.boolean('请说明是否同意公开展示'),
});

const achievementFields = {
  title: text('成果名称', 100, 2),
  categoryId: id('类别'),
  year,
  studioId: id('工作室').nullish(),
  description: text('成果简介', 5000, 10),
  benefitAmount: money('经济效益').nullish(),
  benefitNote: z.string().trim().max(1000, '效益说明不能超过 1000 个字').nullish(),
  patents: z
    .array(
      z.strictObject({
        number: text('专利号', 40),
        kind: z.enum(PATENT_KINDS, '专利类型应为：发明专利、实用新型、外观设计、软件著作权'),
      }),
    )
    .max(50, '专利至多 50 项')
    .optional(),
  awards: z
    .array(z.strictObject({ name: text('奖项名称', 100), level: text('奖项级别', 30), year }))
    .max(50, '奖项至多 50 项')
    .optional(),
  authors: z.array(authorInput).min(1, '至少填写一位完成人').max(30, '完成人至多 30 位'),
};

export const createAchievementBody = z
  .strictObject({
    ...achievementFields,
    orgId: id('所属企业').optional().openapi({ description: '所属企业（默认为本人所在企业）' }),
  })
  .openapi('AchievementCreate');

export const updateAchievementBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
    ...achievementFields,
  })
  .partial()
  .required({ version: true })
  .openapi('AchievementUpdate');

export const transitionBody = z.strictObject({
  version: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
  reason: z.string().trim().max(500, '理由不能超过 500 个字').optional(),
});

export const achievementListQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(100).optional().openapi({ description: '按名称检索' }),
  state: z.enum(ACHIEVEMENT_STATES).optional(),
  year: z.coerce.number().int().min(1949).max(2100).optional(),
  categoryId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52)
    .optional(),
});

const authorOut = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.string().nullable(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  userId: z.number().int().nullable(),
  publicConsent: z.boolean(),
  consentAt: z.string().nullable(),
});

export const achievementSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    title: z.string(),
    categoryId: z.number().int(),
    categoryName: z.string(),
    year: z.number().int(),
    studioId: z.number().int().nullable(),
    description: z.string(),
    benefitAmount: z.number().nullable(),
    benefitNote: z.string().nullable(),
    patents: z.array(z.object({ number: z.string(), kind: z.string() })),
    awards: z.array(z.object({ name: z.string(), level: z.string(), year: z.number() })),
    state: z.enum(ACHIEVEMENT_STATES),
    returnReason: z.string().nullable(),
    submittedAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    authors: z.array(authorOut),
  })
  .openapi('Achievement');

export const achievementListItem = achievementSchema
  .omit({ authors: true, description: true, patents: true, awards: true, benefitNote: true })
  .openapi('AchievementListItem');

export const eventSchema = z.object({
  id: z.number().int(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  reason: z.string().nullable(),
  userId: z.number().int().nullable(),
  at: z.string(),
});

export const categorySchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    family: z.string(),
    confirmed: z.boolean(),
    note: z.string().nullable(),
    sortOrder: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('AchievementCategory');

export const createCategoryBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/, '代码只能由小写字母、数字和连字符组成（至多 40 个字符）'),
  name: text('类别名称', 30),
  family: text('所属活动', 20),
  confirmed: z.boolean().default(true),
  note: z.string().trim().max(300).nullish(),
  sortOrder: z.number().int().min(0).max(10_000).default(100),
});

export const updateCategoryBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
    name: text('类别名称', 30),
    family: text('所属活动', 20),
    confirmed: z.boolean(),
    note: z.string().trim().max(300).nullish(),
    sortOrder: z.number().int().min(0).max(10_000),
    active: z.boolean(),
  })
  .partial()
  .required({ version: true });

// 对接交易
export const createOfferBody = z.strictObject({
  achievementId: id('成果'),
  mode: z.enum(OFFER_MODES, '交易方式应为：转让、许可、合作、免费共享'),
  terms: text('交易条件', 2000, 2),
  price: money('挂牌价').nullish(),
  negotiable: z.boolean().default(false),
  contactName: z.string().trim().max(50).nullish(),
  contactPhone: phone('联系电话').nullish(),
  listedOn: date('挂牌日期'),
});

export const updateOfferBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
    terms: text('交易条件', 2000, 2),
    price: money('挂牌价').nullable(),
    negotiable: z.boolean(),
    contactName: z.string().trim().max(50).nullable(),
    contactPhone: phone('联系电话').nullable(),
    state: z.enum(['open', 'closed'], '状态应为 open 或 closed'),
  })
  .partial()
  .required({ version: true });

export const offerSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    achievementId: z.number().int(),
    achievementTitle: z.string(),
    mode: z.enum(OFFER_MODES),
    terms: z.string(),
    price: z.number().nullable(),
    negotiable: z.boolean(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    state: z.string(),
    listedOn: z.string(),
    closedOn: z.string().nullable(),
    intentions: z.number().int(),
    deals: z.number().int(),
    version: z.number().int(),
  })
  .openapi('Offer');

export const offerListQuery = z.strictObject({
  ...pageQuery,
  state: z.enum(['open', 'closed']).optional(),
  mode: z.enum(OFFER_MODES).optional(),
});

export const createIntentionBody = z.strictObject({
  message: text('合作意向说明', 2000, 2),
  contactName: text('联系人', 50),
  contactPhone: phone('联系电话').nullish(),
});

export const intentionSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    offerId: z.number().int(),
    achievementTitle: z.string(),
    senderOrgId: z.number().int(),
    senderName: z.string(),
    message: z.string(),
    contactName: z.string(),
    contactPhone: z.string().nullable(),
    state: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    notes: z.array(
      z.object({
        id: z.number().int(),
        note: z.string(),
        userId: z.number().int().nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi('Intention');

export const intentionListQuery = z.strictObject({
  ...pageQuery,
  state: z.enum(['sent', 'following', 'deal', 'closed']).optional(),
});

export const noteBody = z.strictObject({
  version: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
  note: text('跟进记录', 2000),
  state: z.enum(['following', 'closed'], '状态应为“跟进中”或“已结束”').optional(),
});

export const createDealBody = z.strictObject({
  offerId: id('挂牌'),
  intentionId: id('合作意向').nullish(),
  buyerName: text('受让方名称', 100),
  buyerOrgId: id('受让企业').nullish(),
  amount: money('成交金额'),
  signedOn: date('成交日期'),
  note: z.string().trim().max(1000).nullish(),
});

export const dealSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    offerId: z.number().int(),
    intentionId: z.number().int().nullable(),
    achievementTitle: z.string(),
    mode: z.string(),
    buyerName: z.string(),
    buyerOrgId: z.number().int().nullable(),
    amount: z.number(),
    signedOn: z.string(),
    note: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('Deal');

// The public showcase
export const publicQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(100, '检索词不能超过 100 个字').optional(),
  category: z
    .string()
    .trim()
    .max(40)
    .regex(/^[a-z0-9-]*$/, '类别代码无效')
    .optional(),
  year: z.coerce.number().int().min(1949).max(2100).optional(),
  city: z
    .string()
    .regex(/^\d{6}$/, '城市应为 6 位行政区划代码')
    .optional(),
  county: z
    .string()
    .regex(/^\d{6}$/, '县（市、区）应为 6 位行政区划代码')
    .optional(),
  industry: z
    .string()
    .regex(/^[A-T]$/, '行业应为国民经济行业门类代码（A–T）')
    .optional(),
});

const publicAuthor = z.object({ name: z.string(), title: z.string().nullable() });
export const publicCardSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    year: z.number().int(),
    description: z.string(),
    benefitAmount: z.number().nullable(),
    publishedAt: z.string().nullable(),
    cityCode: z.string().nullable(),
    countyCode: z.string().nullable(),
    industrySection: z.string().nullable(),
    categoryCode: z.string(),
    categoryName: z.string(),
    enterpriseName: z.string(),
    authors: z.array(publicAuthor),
  })
  .openapi('PublicAchievementCard');

export const publicDetailSchema = publicCardSchema
  .extend({
    benefitNote: z.string().nullable(),
    patents: z.array(z.object({ number: z.string(), kind: z.string() })),
    awards: z.array(z.object({ name: z.string(), level: z.string(), year: z.number() })),
    authors: z.array(publicAuthor.extend({ role: z.string().nullable() })),
    offers: z.array(
      z.object({
        id: z.number().int(),
        mode: z.string(),
        terms: z.string(),
        price: z.number().nullable(),
        negotiable: z.boolean(),
        listedOn: z.string(),
      }),
    ),
    images: z.array(
      z.object({
        url: z.string(),
        alt: z.string(),
        width: z.number().int(),
        height: z.number().int(),
        /** The copies a phone can choose from (`url&w=640 640w, …, url 2000w`), for `<img srcset>`. */
        srcset: z.string(),
      }),
    ),
    files: z.array(
      z.object({ url: z.string(), name: z.string(), size: z.number().int(), mimeType: z.string() }),
    ),
  })
  .openapi('PublicAchievement');

export const publicMediaParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52)
    .openapi({ param: { name: 'id', in: 'path' }, description: '成果编号' }),
  mediaId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52)
    .openapi({ param: { name: 'mediaId', in: 'path' }, description: '图片或资料编号' }),
});
export const publicMediaQuery = z.strictObject({
  v: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/, '版本号无效')
    .optional()
    .openapi({ description: '内容摘要前缀（只用于缓存）' }),
  w: z
    .enum(['320', '640', '1280'], { error: '宽度只能是 320、640 或 1280' })
    .optional()
    .openapi({ description: '图片宽度（像素）：返回该宽度的 WebP 缩略图；不填则为原图。对资料文件无效' }),
});

export const publicHomeSchema = z.object({
  regions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      counties: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  ),
  industries: z.array(z.object({ code: z.string(), name: z.string() })),
  published: z.number().int(),
  enterprises: z.number().int(),
  offers: z.number().int(),
  latest: z.array(publicCardSchema),
  categories: z.array(z.object({ code: z.string(), name: z.string(), confirmed: z.boolean() })),
});

export const similarQuery = z.strictObject({
  text: z
    .string()
    .trim()
    .max(2000, '描述不能超过 2000 个字')
    .default('')
    .openapi({ description: '需求描述' }),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const similarSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      categoryName: z.string(),
      enterpriseName: z.string(),
      year: z.number().int(),
      helpers: z.array(
        z.object({ name: z.string(), title: z.string().nullable(), userId: z.number().int().nullable() }),
      ),
    }),
  ),
});
