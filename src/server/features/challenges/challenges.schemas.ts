// Request and response schemas of 揭榜挂帅. Bodies are strict; messages are Chinese and say what to fix.
import { z } from '@hono/zod-openapi';
import { APPLICANT_TYPES, APPLICATION_STATES, CHALLENGE_STATES, yuanToFen } from '#shared/challenges.ts';
import { INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import { pageQuery } from '../../lib/pagination.ts';
import { optText, text, version } from '../zhuqi/zhuqi.schemas.ts';

const DIVISION_CODES = new Set(INDUSTRY_SECTIONS.flatMap((s) => s.divisions.map((d) => d.code)));

const id = () =>
  z
    .number()
    .int()
    .positive()
    .max(2 ** 52);
const isoDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && s >= '2000-01-01' && s <= '2100-12-31', {
      message: `${label}不是有效日期`,
    });
const yuan = (label: string) =>
  z
    .number({ message: `${label}应为数字（元）` })
    .positive(`${label}应大于 0`)
    .max(1e10, `${label}不超过 100 亿元`)
    .refine((n) => yuanToFen(n) !== null, `${label}最多两位小数`);
const division = z
  .string()
  .refine((c) => DIVISION_CODES.has(c), '行业代码应为 GB/T 4754 的大类代码（两位数字）');

const criterion = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,29}$/, '评分项代码为小写英文字母、数字或下划线，不超过 30 个字符'),
  label: text(30, '评分项名称'),
  weight: z.number().int('权重为整数（百分比）').min(1, '权重至少为 1').max(100, '权重不超过 100'),
});

const challengeFields = {
  title: text(100, '榜单名称'),
  problem: text(5000, '难题描述'),
  requirements: optText(5000, '揭榜要求'),
  fundYuan: yuan('榜单资金'),
  applyBy: isoDate('揭榜截止日期'),
  completeBy: isoDate('完成期限'),
  industryDivision: division.nullable().optional(),
  categoryId: id().nullable().optional(),
  criteria: z.array(criterion).min(1, '至少一个评分项').max(10, '评分项不超过 10 个').optional(),
  demandIds: z.array(id()).max(50, '关联的需求不超过 50 条').optional(),
  clusterNote: optText(1000, '归类说明'),
};

export const createChallengeBody = z.strictObject(challengeFields).openapi('CreateChallenge');
export const updateChallengeBody = z
  .strictObject({
    version,
    ...challengeFields,
    title: challengeFields.title.optional(),
    problem: challengeFields.problem.optional(),
    fundYuan: challengeFields.fundYuan.optional(),
    applyBy: challengeFields.applyBy.optional(),
    completeBy: challengeFields.completeBy.optional(),
  })
  .openapi('UpdateChallenge');

export const challengeListQuery = z.strictObject({
  ...pageQuery,
  state: z.enum(CHALLENGE_STATES).optional(),
  q: z.string().trim().max(100, '关键词不超过 100 个字').optional(),
});

const criterionSchema = z.object({ key: z.string(), label: z.string(), weight: z.number() });

export const challengeSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    orgKind: z.string(),
    title: z.string(),
    problem: z.string(),
    requirements: z.string().nullable(),
    fundYuan: z.string(),
    applyBy: z.string(),
    completeBy: z.string(),
    industryDivision: z.string().nullable(),
    categoryId: z.number().int().nullable(),
    categoryName: z.string().nullable(),
    criteria: z.array(criterionSchema),
    state: z.enum(CHALLENGE_STATES),
    clusterNote: z.string().nullable(),
    panelClosed: z.boolean(),
    awardedApplicationId: z.number().int().nullable(),
    awardReason: z.string().nullable(),
    cancelReason: z.string().nullable(),
    publishedAt: z.string().nullable(),
    awardedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    applicationCount: z.number().int(),
    demands: z.array(z.object({ id: z.number().int(), title: z.string() })),
    version: z.number().int(),
  })
  .openapi('Challenge');

export const challengeDetailSchema = challengeSchema
  .extend({
    panel: z.array(z.object({ userId: z.number().int(), displayName: z.string(), username: z.string() })),
    me: z.object({
      operator: z.boolean(),
      panelMember: z.boolean(),
      applyAs: z.array(z.object({ type: z.enum(APPLICANT_TYPES), id: z.number().int(), name: z.string() })),
    }),
  })
  .openapi('ChallengeDetail');

export const versionBody = z.strictObject({ version });
export const cancelBody = z.strictObject({ version, reason: text(500, '撤销原因') });
export const panelBody = z.strictObject({
  version,
  userIds: z.array(id()).max(30, '评审专家不超过 30 人'),
});
export const awardBody = z.strictObject({
  version,
  applicationId: id(),
  reason: optText(1000, '定榜理由'),
});

const milestoneInput = z.strictObject({
  title: text(100, '里程碑名称'),
  amountYuan: yuan('里程碑金额'),
  dueOn: isoDate('里程碑期限').nullable().optional(),
});
const milestones = z.array(milestoneInput).min(1, '请至少列出一个里程碑').max(20, '里程碑不超过 20 个');

export const applyBody = z
  .strictObject({
    applicantType: z.enum(APPLICANT_TYPES),
    applicantId: id(),
    proposal: text(10000, '揭榜方案'),
    plan: optText(5000, '实施计划'),
    milestones,
  })
  .openapi('ApplyToChallenge');

export const milestonesBody = z.strictObject({ version, milestones });

export const updateApplicationBody = z
  .strictObject({
    version,
    proposal: text(10000, '揭榜方案').optional(),
    plan: optText(5000, '实施计划'),
    milestones: milestones.optional(),
  })
  .openapi('UpdateChallengeApplication');

export const applicationSchema = z
  .object({
    id: z.number().int(),
    challengeId: z.number().int(),
    path: z.string(),
    applicantType: z.enum(APPLICANT_TYPES),
    teamId: z.number().int().nullable(),
    studioId: z.number().int().nullable(),
    applicantName: z.string(),
    proposal: z.string(),
    plan: z.string().nullable(),
    milestones: z.array(
      z.object({ title: z.string(), amountYuan: z.string(), dueOn: z.string().nullable().optional() }),
    ),
    state: z.enum(APPLICATION_STATES).or(z.string()),
    submittedBy: z.number().int().nullable(),
    createdAt: z.string(),
    withdrawnAt: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('ChallengeApplication');

export const scoreBody = z.strictObject({
  scores: z.record(
    z.string().max(30),
    z.number().int('分数为整数').min(0, '分数不低于 0').max(100, '分数不超过 100'),
  ),
  comment: optText(2000, '评语'),
});

export const scoreSchema = z.object({
  applicationId: z.number().int(),
  scores: z.record(z.string(), z.number()),
  total: z.number(),
  comment: z.string().nullable(),
  version: z.number().int(),
});

export const scoresSchema = z
  .object({
    closed: z.boolean(),
    criteria: z.array(criterionSchema),
    panel: z.array(z.object({ userId: z.number().int(), displayName: z.string(), username: z.string() })),
    progress: z.array(
      z.object({
        userId: z.number().int(),
        displayName: z.string(),
        scored: z.number().int(),
        /** Applications this member may score (all live ones but those they must avoid). */
        of: z.number().int(),
        /** Applications this member must avoid (利益回避), and why. */
        recused: z.array(
          z.object({ applicationId: z.number().int(), applicantName: z.string(), reason: z.string() }),
        ),
      }),
    ),
    items: z.array(
      scoreSchema.extend({ userId: z.number().int(), displayName: z.string(), path: z.string() }),
    ),
    ranking: z.array(
      z.object({
        applicationId: z.number().int(),
        applicantName: z.string(),
        average: z.number().nullable(),
        rank: z.number().int().nullable(),
      }),
    ),
  })
  .openapi('ChallengeScores');

export const milestonesSchema = z
  .object({
    fundYuan: z.string(),
    paidYuan: z.string(),
    items: z.array(
      z.object({
        id: z.number().int(),
        challengeId: z.number().int(),
        path: z.string(),
        seq: z.number().int(),
        title: z.string(),
        amountYuan: z.string(),
        dueOn: z.string().nullable(),
        state: z.string(),
        evidence: z.string().nullable(),
        acceptedAt: z.string().nullable(),
        tranche: z.number().int().nullable(),
        grantId: z.number().int().nullable(),
        version: z.number().int(),
      }),
    ),
  })
  .openapi('ChallengeMilestones');

export const acceptBody = z.strictObject({ version, evidence: text(2000, '验收佐证') });

export const eventsSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      path: z.string(),
      at: z.string(),
      userId: z.number().int().nullable(),
      userName: z.string(),
      action: z.string(),
      fromState: z.string().nullable(),
      toState: z.string(),
      detail: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
});

export const clusterQuery = z.strictObject({
  threshold: z.coerce
    .number()
    .min(0.05, '相似度阈值在 0.05 到 0.95 之间')
    .max(0.95, '相似度阈值在 0.05 到 0.95 之间')
    .optional(),
});

export const clustersSchema = z
  .object({
    threshold: z.number(),
    items: z.array(
      z.object({
        key: z.string(),
        path: z.string(),
        categoryId: z.number().int(),
        categoryName: z.string(),
        industryDivision: z.string().nullable(),
        sharedTerms: z.array(z.string()),
        minSimilarity: z.number(),
        links: z.array(z.object({ a: z.number().int(), b: z.number().int(), similarity: z.number() })),
        reason: z.string(),
        demands: z.array(
          z.object({
            id: z.number().int(),
            title: z.string(),
            description: z.string(),
            enterpriseName: z.string(),
            countyName: z.string(),
            wantedBy: z.string().nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi('DemandClusters');

export const publicChallengeSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    problem: z.string(),
    requirements: z.string().nullable(),
    fundYuan: z.string(),
    applyBy: z.string(),
    completeBy: z.string(),
    state: z.enum(CHALLENGE_STATES),
    stateLabel: z.string(),
    publisherName: z.string(),
    categoryName: z.string().nullable(),
    industryDivision: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .openapi('PublicChallenge');

export const publicChallengeQuery = z.strictObject({
  ...pageQuery,
  state: z.enum(['published', 'reviewing', 'awarded', 'in_progress', 'completed']).optional(),
});
