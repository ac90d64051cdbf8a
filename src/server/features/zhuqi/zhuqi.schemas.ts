// Request and response schemas of 劳模工匠助企行. Bodies are strict (unknown keys refused);
// messages are Chinese and say what to fix.
import { z } from '@hono/zod-openapi';
import { INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import { isValidIdCard, isValidMobile } from '#shared/validators.ts';
import {
  ASSIGNMENT_STATES,
  CANDIDATE_TYPES,
  DEMAND_STATES,
  GENDERS,
  HONOURS,
  LEVELS,
  OCCUPATIONS,
  URGENCIES,
} from '#shared/zhuqi.ts';
import { pageQuery } from '../../lib/pagination.ts';

const DIVISION_CODES = new Set(INDUSTRY_SECTIONS.flatMap((s) => s.divisions.map((d) => d.code)));
const OCCUPATION_CODES = new Set(OCCUPATIONS.map((o) => o.code));
const HONOUR_IDS = new Set(HONOURS.map((h) => h.id));

const id = () =>
  z
    .number()
    .int()
    .positive()
    .max(2 ** 52);
const queryId = (description: string) =>
  z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52)
    .optional()
    .openapi({ description });
export const text = (max: number, label: string) =>
  z.string().trim().min(1, `请填写${label}`).max(max, `${label}不超过 ${max} 个字`);
export const optText = (max: number, label: string) =>
  z.string().trim().max(max, `${label}不超过 ${max} 个字`).nullable().optional();
const isoDate = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && s >= '1949-01-01' && s <= '2100-12-31', {
      message: `${label}不是有效日期`,
    });
export const version = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const phone = z.string().trim().refine(isValidMobile, '手机号码无效：应为 11 位，以 1 开头');
const idNumber = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidIdCard, '身份证号码无效：请核对 18 位号码（出生日期与末位校验码）');
const division = z
  .string()
  .refine((c) => DIVISION_CODES.has(c), '行业代码应为 GB/T 4754 的大类代码（两位数字）');

// —— 劳模工匠 ——
const honour = z.strictObject({
  id: z.string().refine((h) => HONOUR_IDS.has(h), '荣誉不在荣誉目录中'),
  year: z.number().int().min(1950, '获得年份不早于 1950 年').max(2100),
});
const period = z
  .strictObject({ from: isoDate('开始日期'), to: isoDate('结束日期'), reason: optText(100, '原因') })
  .refine((p) => p.from <= p.to, { message: '不可服务时段的结束日期不能早于开始日期', path: ['to'] });

const craftsmanFields = {
  name: text(50, '姓名'),
  gender: z.enum(GENDERS).nullable().optional(),
  birthYear: z.number().int().min(1930, '出生年份不早于 1930 年').max(2010).nullable().optional(),
  phone: phone.nullable().optional(),
  idNumber: idNumber.nullable().optional(),
  employerId: id().nullable().optional().openapi({ description: '工作单位（平台上的企业）' }),
  employerName: optText(100, '工作单位名称'),
  countyId: id().optional().openapi({ description: '所在县（市、区）；不填则取工作单位所在县' }),
  occupation: z
    .string()
    .refine((c) => OCCUPATION_CODES.has(c), '职业应为职业分类大典的中类代码（如 6-18）')
    .nullable()
    .optional(),
  skillLevel: z.number().int().min(1, '技能等级为 1–8 级').max(8, '技能等级为 1–8 级').nullable().optional(),
  honours: z.array(honour).max(20, '荣誉至多 20 项').optional(),
  specialtyTags: z.array(z.string().trim().min(1).max(20, '专长标签不超过 20 个字')).max(20).optional(),
  specialties: optText(2000, '专长说明'),
  industries: z.array(division).max(10, '擅长行业至多 10 个').optional(),
  monthlyCapacity: z.number().int().min(0).max(31, '每月可服务次数为 0–31').optional(),
  unavailable: z.array(period).max(20).optional(),
  employerConsent: z.boolean().optional(),
  publicConsent: z.boolean().optional(),
  userId: id().nullable().optional().openapi({ description: '关联的登录账号（劳模工匠角色）' }),
};
export const createCraftsmanBody = z.strictObject(craftsmanFields).openapi('CreateCraftsman');
export const updateCraftsmanBody = z
  .strictObject({ version, ...craftsmanFields, name: craftsmanFields.name.optional() })
  .openapi('UpdateCraftsman');

export const craftsmanSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    name: z.string(),
    gender: z.string().nullable(),
    birthYear: z.number().int().nullable(),
    phone: z.string().nullable().openapi({ description: '默认脱敏' }),
    idNumber: z.string().nullable().openapi({ description: '默认脱敏' }),
    employerId: z.number().int().nullable(),
    employerName: z.string().nullable(),
    countyId: z.number().int(),
    countyName: z.string(),
    occupation: z.string().nullable(),
    skillLevel: z.number().int().nullable(),
    honours: z.array(z.object({ id: z.string(), year: z.number().int() })),
    specialtyTags: z.array(z.string()),
    specialties: z.string().nullable(),
    industries: z.array(z.string()),
    monthlyCapacity: z.number().int(),
    unavailable: z.array(
      z.object({ from: z.string(), to: z.string(), reason: z.string().nullable().optional() }),
    ),
    employerConsent: z.boolean(),
    publicConsent: z.boolean(),
    userId: z.number().int().nullable(),
    activeLoad: z.number().int().openapi({ description: '当前在办（待接单、服务中）的需求数' }),
    version: z.number().int(),
  })
  .openapi('Craftsman');

export const craftsmanListQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(64).optional().openapi({ description: '按姓名、专长搜索' }),
  countyId: queryId('所在县'),
  within: queryId('只看该组织及其下级'),
  skillLevelMin: z.coerce.number().int().min(1).max(8).optional(),
  industry: division.optional(),
  honoured: z.enum(['true', 'false']).optional().openapi({ description: '只看有荣誉的' }),
});

export const revealQuery = z.strictObject({
  reveal: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: '显示完整个人信息（需 pii:view，记入审计）' }),
});
export const versionQuery = z.strictObject({
  version: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31),
});

// —— 服务队 ——
const teamFields = {
  name: text(100, '服务队名称'),
  leaderId: id().openapi({ description: '队长（劳模工匠）' }),
  memberIds: z.array(id()).max(200, '队员至多 200 人').optional(),
  specialty: optText(200, '专业方向'),
  foundedOn: isoDate('成立日期').nullable().optional(),
  description: optText(2000, '简介'),
  orgId: id().optional().openapi({ description: '所属组织（县、市总工会，产业工会或省总）；默认本单位' }),
};
export const createTeamBody = z.strictObject(teamFields).openapi('CreateServiceTeam');
export const updateTeamBody = z
  .strictObject({
    version,
    ...teamFields,
    name: teamFields.name.optional(),
    leaderId: teamFields.leaderId.optional(),
  })
  .openapi('UpdateServiceTeam');

const memberSchema = z.object({ id: z.number().int(), name: z.string(), countyName: z.string() });
export const teamSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    orgName: z.string(),
    name: z.string(),
    leaderId: z.number().int(),
    leaderName: z.string(),
    specialty: z.string().nullable(),
    foundedOn: z.string().nullable(),
    description: z.string().nullable(),
    memberCount: z.number().int(),
    members: z.array(memberSchema),
    version: z.number().int(),
  })
  .openapi('ServiceTeam');

export const teamListQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(64).optional(),
  within: queryId('只看该组织及其下级'),
});

// —— 需求类别 ——
export const categorySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sortOrder: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
  })
  .openapi('DemandCategory');
export const createCategoryBody = z.strictObject({
  name: text(30, '类别名称'),
  sortOrder: z.number().int().min(0).max(999).optional(),
});
export const updateCategoryBody = z.strictObject({
  version,
  name: text(30, '类别名称').optional(),
  sortOrder: z.number().int().min(0).max(999).optional(),
  active: z.boolean().optional(),
});

// —— 需求 ——
const demandFields = {
  title: text(100, '需求标题'),
  description: text(5000, '需求描述'),
  categoryId: id(),
  industryDivision: division.nullable().optional(),
  urgency: z.enum(URGENCIES).optional(),
  wantedBy: isoDate('期望解决日期').nullable().optional(),
  contactName: optText(50, '联系人'),
  contactPhone: phone.nullable().optional(),
};
export const createDemandBody = z
  .strictObject({
    ...demandFields,
    enterpriseId: id()
      .optional()
      .openapi({ description: '需求企业；企业联系人不填（即本企业），工会代企业发布时必填' }),
  })
  .openapi('CreateDemand');
export const updateDemandBody = z
  .strictObject({
    version,
    ...demandFields,
    title: demandFields.title.optional(),
    description: demandFields.description.optional(),
    categoryId: demandFields.categoryId.optional(),
  })
  .openapi('UpdateDemand');

export const demandSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int().openapi({ description: '需求企业' }),
    enterpriseName: z.string(),
    countyId: z.number().int(),
    countyName: z.string(),
    mountainIsland: z.boolean().openapi({ description: '所在县属当年山区海岛县' }),
    title: z.string(),
    description: z.string(),
    categoryId: z.number().int(),
    categoryName: z.string(),
    industryDivision: z.string().nullable(),
    urgency: z.enum(URGENCIES),
    wantedBy: z.string().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable().openapi({ description: '默认脱敏' }),
    state: z.enum(DEMAND_STATES),
    level: z.enum(LEVELS),
    failures: z.number().int(),
    returnReason: z.string().nullable(),
    serverType: z.enum(CANDIDATE_TYPES).nullable(),
    serverId: z.number().int().nullable(),
    serverName: z.string().nullable(),
    claimNote: z.string().nullable(),
    publishedAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    completionNote: z.string().nullable(),
    closedAt: z.string().nullable(),
    rating: z
      .object({
        timeliness: z.number().int(),
        effect: z.number().int(),
        attitude: z.number().int(),
        comment: z.string().nullable(),
        benefitYuan: z.number().nullable(),
      })
      .nullable(),
    typicalCase: z.boolean(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .openapi('Demand');

export const demandListQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(64).optional().openapi({ description: '按标题搜索' }),
  state: z.enum(DEMAND_STATES).optional(),
  level: z.enum(LEVELS).optional(),
  countyId: queryId('所在县'),
  categoryId: queryId('需求类别'),
  urgency: z.enum(URGENCIES).optional(),
});

export const reasonBody = z.strictObject({ version, reason: text(500, '原因') });
export const noteBody = z.strictObject({ version, note: optText(500, '说明') });
export const candidateInput = z.strictObject({ type: z.enum(CANDIDATE_TYPES), id: id() });
export const dispatchBody = z
  .strictObject({
    version,
    candidates: z.array(candidateInput).min(1, '请至少选择一位候选人').max(10, '一次至多 10 位候选人'),
    deadlineHours: z
      .number()
      .int()
      .min(1, '接单时限为 1–720 小时')
      .max(720, '接单时限为 1–720 小时')
      .optional(),
    capacityOverrideReason: text(500, '超额派单理由').optional().openapi({
      description: '候选人本月已满额时仍要派单，须写明理由（记入派单事件）；不可接单时段与利益冲突不能越过',
    }),
  })
  .openapi('DispatchDemand');
export const sendBatchBody = z
  .strictObject({
    rows: z
      .array(
        z.strictObject({
          demandId: id(),
          version,
          candidate: candidateInput,
        }),
      )
      .min(1, '方案中没有要派出的需求')
      .max(500, '一次至多派出 500 条'),
  })
  .openapi('DispatchSend');
export const claimBody = z
  .strictObject({
    version,
    teamId: id().optional().openapi({ description: '以所领服务队的名义认领' }),
    note: optText(500, '认领说明'),
  })
  .openapi('ClaimDemand');
const stars = (label: string) =>
  z.number().int().min(1, `${label}评分为 1–5 分`).max(5, `${label}评分为 1–5 分`);
export const confirmBody = z
  .strictObject({
    version,
    timeliness: stars('响应及时'),
    effect: stars('解决效果'),
    attitude: stars('服务态度'),
    comment: optText(1000, '评价'),
    benefitYuan: z.number().min(0, '效益不能为负').max(1e11).nullable().optional(),
  })
  .openapi('ConfirmDemand');
export const completeBody = z.strictObject({ version, note: optText(2000, '完成说明') });

export const assignmentSchema = z
  .object({
    id: z.number().int(),
    demandId: z.number().int(),
    round: z.number().int(),
    position: z.number().int(),
    level: z.enum(LEVELS),
    candidateType: z.enum(CANDIDATE_TYPES),
    candidateId: z.number().int(),
    candidateName: z.string(),
    state: z.enum(ASSIGNMENT_STATES),
    offeredAt: z.string().nullable(),
    deadline: z.string().nullable(),
    respondedAt: z.string().nullable(),
    declineReason: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('Assignment');
export const assignmentVersionBody = z.strictObject({ version });
export const declineBody = z.strictObject({ version, reason: text(500, '拒绝原因') });

export const eventSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    action: z.string(),
    fromState: z.string().nullable(),
    toState: z.string(),
    userName: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('DemandEvent');

export const serviceRecordBody = z
  .strictObject({
    visitDate: isoDate('服务日期'),
    hours: z.number().min(0.5, '服务时长至少 0.5 小时').max(24, '单次服务时长不超过 24 小时'),
    participants: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: '参与服务的劳模工匠人数' }),
    workersTrained: z.number().int().min(0).max(100_000, '培训人数过大').optional(),
    content: text(2000, '服务内容'),
  })
  .openapi('CreateServiceRecord');
export const serviceRecordSchema = z
  .object({
    id: z.number().int(),
    demandId: z.number().int(),
    visitDate: z.string(),
    hours: z.number(),
    participants: z.number().int(),
    workersTrained: z.number().int(),
    content: z.string(),
    craftsmanName: z.string().nullable(),
    /** The user who wrote it: the only one who may add or remove its files. */
    createdBy: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .openapi('ServiceRecord');

export const followupSchema = z
  .object({
    id: z.number().int(),
    demandId: z.number().int(),
    days: z.number().int(),
    dueAt: z.string(),
    askedAt: z.string().nullable(),
    answeredAt: z.string().nullable(),
    benefitYuan: z.number().nullable(),
    note: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi('DemandFollowup');
export const followupAnswerBody = z.strictObject({
  version,
  benefitYuan: z.number().min(0, '效益不能为负').max(1e11),
  note: optText(1000, '说明'),
});

export const taskSchema = z
  .object({
    assignment: assignmentSchema.nullable(),
    demand: demandSchema,
  })
  .openapi('CraftsmanTask');
export const myTasksSchema = z
  .object({
    craftsman: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    offers: z.array(taskSchema),
    serving: z.array(taskSchema),
    done: z.array(taskSchema),
  })
  .openapi('MyTasks');

// —— 专项行动 ——
const actionFields = {
  title: text(100, '行动名称'),
  heldOn: isoDate('举办日期'),
  countyId: id().openapi({ description: '举办地县（市、区）；山区海岛县标记由当年名单自动确定' }),
  organiser: optText(100, '组织单位'),
  workersTrained: z.number().int().min(0).max(1_000_000, '培训人数过大').optional(),
  summary: optText(2000, '简介'),
  participantIds: z.array(id()).max(500, '参与劳模工匠至多 500 人').optional(),
};
export const createActionBody = z.strictObject(actionFields).openapi('CreateServiceAction');
export const updateActionBody = z
  .strictObject({
    version,
    ...actionFields,
    title: actionFields.title.optional(),
    heldOn: actionFields.heldOn.optional(),
    countyId: actionFields.countyId.optional(),
  })
  .openapi('UpdateServiceAction');
export const actionSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int(),
    title: z.string(),
    heldOn: z.string(),
    countyId: z.number().int(),
    countyName: z.string(),
    organiser: z.string().nullable(),
    workersTrained: z.number().int(),
    mountainIsland: z.boolean(),
    summary: z.string().nullable(),
    participantCount: z.number().int(),
    participants: z.array(z.object({ id: z.number().int(), name: z.string() })),
    version: z.number().int(),
  })
  .openapi('ServiceAction');
export const actionListQuery = z.strictObject({
  ...pageQuery,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  countyId: queryId('举办地县'),
  mountainIsland: z.enum(['true', 'false']).optional().openapi({ description: '只看山区海岛县专场' }),
});
export const typicalBody = z.strictObject({ version, typical: z.boolean() });
export const typicalQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });
