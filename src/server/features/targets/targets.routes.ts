// 任务督办 over HTTP: plans, progress (`/api/plans/{year}/targets`, the API other systems use),
// a metric's breakdown and the records behind it, decomposition, warnings, reports (reported
// metrics and their approval), and the Word and Excel progress reports.
import { createRoute, z } from '@hono/zod-openapi';
import {
  COMPARATORS,
  METRIC_KINDS,
  METRIC_SOURCES,
  PACE_STATUSES,
  REPORT_STATUSES,
} from '#shared/targets/types.ts';
import {
  authed,
  binaryContent,
  createRouter,
  DOCX_TYPE,
  errorResponses,
  fileResponse,
  idParam,
  jsonContent,
  XLSX_TYPE,
} from '../../lib/http.ts';
import { pageQuery } from '../../lib/pagination.ts';
import { metricByArea } from './cockpit.service.ts';
import { metricRecords, metricRecordsWorkbook } from './drilldown.ts';
import { sendReminders } from './reminders.service.ts';
import { listReports, readReport, saveReport, transitionReport } from './reports.service.ts';
import { planExcelReport, planWordReport } from './report-files.ts';
import {
  copyPlan,
  getPlan,
  listPlans,
  metricBreakdown,
  planProgress,
  planWarnings,
  setAssignments,
  updatePlanMetric,
  updatePlanTask,
} from './targets.service.ts';

const tags = ['任务督办'];

const yearParam = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .openapi({ param: { name: 'year', in: 'path' }, example: 2025 }),
});
const metricParam = yearParam.extend({
  key: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/)
    .openapi({ param: { name: 'key', in: 'path' }, example: 'provincial_studios_new' }),
});
const orgAsOf = {
  org: z.string().max(32).optional().openapi({
    description: '组织代码（省 330000、市县为 GB/T 2260 代码、产业工会代码）；缺省为本人所在组织',
  }),
  asOf: z.iso
    .date()
    .optional()
    .openapi({ description: '统计截止日期（YYYY-MM-DD，须在方案年度内）；缺省为今天' }),
};

const progressSchema = z
  .object({
    completion: z.number().nullable(),
    elapsed: z.number(),
    expectedShare: z.number(),
    profile: z.enum(['last_year', 'linear', 'none']),
    forecast: z.number().nullable(),
    pace: z.enum(PACE_STATUSES),
    willMiss: z.boolean(),
  })
  .openapi('MetricPace');

const metricProgressSchema = z
  .object({
    id: z.number().int(),
    key: z.string(),
    label: z.string(),
    unit: z.string(),
    kind: z.enum(METRIC_KINDS),
    comparator: z.enum(COMPARATORS),
    target: z.number().nullable(),
    targetSource: z.enum(['plan', 'assigned', 'rate', 'population']).nullable(),
    planTarget: z.number().nullable(),
    source: z
      .enum(METRIC_SOURCES)
      .openapi({ description: 'records：由平台记录统计；reported：由组织报送并经上级审核' }),
    computed: z.boolean(),
    note: z.string().nullable(),
    actual: z.number().nullable(),
    numerator: z.number().nullable(),
    denominator: z.number().nullable(),
    pending: z.number().nullable(),
    monthly: z.array(z.number()).nullable(),
    lastYearMonthly: z.array(z.number()).nullable(),
    progress: progressSchema,
  })
  .openapi('MetricProgress');

const orgRefSchema = z
  .object({ id: z.number().int(), code: z.string(), name: z.string(), kind: z.string() })
  .openapi('OrgRef');

const taskProgressSchema = z
  .object({
    id: z.number().int(),
    no: z.string(),
    title: z.string(),
    owners: z.string(),
    section: z.string().nullable(),
    metrics: z.array(metricProgressSchema),
  })
  .openapi('TaskProgress');

const planMetricSchema = z.object({
  id: z.number().int(),
  taskId: z.number().int(),
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  kind: z.enum(METRIC_KINDS),
  comparator: z.enum(COMPARATORS),
  target: z.number().nullable(),
  source: z.enum(METRIC_SOURCES),
  note: z.string().nullable(),
  version: z.number().int(),
  computed: z.boolean(),
});

const planSchema = z
  .object({
    id: z.number().int(),
    year: z.number().int(),
    title: z.string(),
    issuer: z.string(),
    issuedOn: z.string().nullable(),
    basedOnYear: z.number().int().nullable(),
    version: z.number().int(),
    tasks: z.array(
      z.object({
        id: z.number().int(),
        no: z.string(),
        title: z.string(),
        owners: z.string(),
        section: z.string().nullable(),
        version: z.number().int(),
        metrics: z.array(planMetricSchema),
      }),
    ),
  })
  .openapi('Plan');

const reportSchema = z
  .object({
    id: z.number().int(),
    metricId: z.number().int(),
    key: z.string(),
    label: z.string(),
    unit: z.string(),
    kind: z.string(),
    year: z.number().int(),
    orgId: z.number().int(),
    orgCode: z.string(),
    orgName: z.string(),
    value: z.number(),
    asOf: z.string(),
    explanation: z.string().nullable(),
    evidence: z.string().nullable(),
    status: z.enum(REPORT_STATUSES),
    statusLabel: z.string(),
    returnReason: z.string().nullable(),
    submittedAt: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    version: z.number().int(),
    events: z.array(
      z.object({
        action: z.string(),
        fromStatus: z.string().nullable(),
        toStatus: z.string(),
        value: z.number().nullable(),
        reason: z.string().nullable(),
        at: z.string(),
        actor: z.string().nullable(),
      }),
    ),
    attachments: z
      .array(
        z.object({
          id: z.number().int(),
          name: z.string(),
          size: z.number().int(),
          mimeType: z.string(),
          version: z.number().int(),
          createdAt: z.string(),
        }),
      )
      .openapi({ description: '证明材料（附件，通过 /api/attachments 上传、下载）' }),
  })
  .openapi('MetricReport');

const text = (max: number) => z.string().trim().max(max);

export const targetRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans',
      tags,
      summary: '年度工作方案列表',
      responses: {
        200: jsonContent(
          z.array(
            z.object({
              year: z.number().int(),
              title: z.string(),
              issuer: z.string(),
              issuedOn: z.string().nullable(),
            }),
          ),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listPlans(authed(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}',
      tags,
      summary: '年度工作方案：任务、责任单位与指标',
      request: { params: yearParam },
      responses: { 200: jsonContent(planSchema), ...errorResponses },
    }),
    async (c) => c.json(await getPlan(authed(c), c.req.valid('param').year), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/plans/{year}/copy',
      tags,
      summary: '复制方案为下一年度方案（再行编辑）',
      request: {
        params: yearParam,
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                toYear: z.number().int().min(2000).max(2100),
                title: text(200).min(1).optional(),
              }),
            },
          },
        },
      },
      responses: { 201: jsonContent(planSchema), ...errorResponses },
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await copyPlan(authed(c), c.req.valid('param').year, b.toYear, b.title), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/plans/{year}/metrics/{id}',
      tags,
      summary: '修改指标（名称、单位、目标值、比较方式、说明）',
      request: {
        params: yearParam.extend(idParam.shape),
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                version: z
                  .number()
                  .int()
                  .min(1)
                  .max(2 ** 31 - 1),
                label: text(100).min(1).optional(),
                unit: text(20).min(1).optional(),
                target: z.number().min(0).max(1e12).nullable().optional(),
                comparator: z.enum(COMPARATORS).optional(),
                note: text(1000).nullable().optional(),
              }),
            },
          },
        },
      },
      responses: {
        200: jsonContent(z.object({ id: z.number().int(), version: z.number().int() })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await updatePlanMetric(authed(c), p.year, p.id, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/plans/{year}/tasks/{id}',
      tags,
      summary: '修改任务表述与责任单位',
      request: {
        params: yearParam.extend(idParam.shape),
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                version: z
                  .number()
                  .int()
                  .min(1)
                  .max(2 ** 31 - 1),
                title: text(500).min(1).optional(),
                owners: text(500).min(1).optional(),
              }),
            },
          },
        },
      },
      responses: {
        200: jsonContent(z.object({ id: z.number().int(), version: z.number().int() })),
        ...errorResponses,
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await updatePlanTask(authed(c), p.year, p.id, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}/targets',
      tags,
      summary: '各项任务指标的目标与实际（供其他系统调用）',
      description:
        '返回 `[{ no, title, owners, metrics: [{ key, label, unit, kind, comparator, target, actual, source }] }]`，另含完成率、进度状态与年末预测。`source` 为 `records` 时实际值由平台记录统计，为 `reported` 时为经上级审核通过的报送值。',
      request: { params: yearParam, query: z.strictObject(orgAsOf) },
      responses: {
        200: jsonContent(
          z
            .object({
              year: z.number().int(),
              title: z.string(),
              asOf: z.string(),
              org: orgRefSchema,
              tasks: z.array(taskProgressSchema),
            })
            .openapi('PlanProgress'),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await planProgress(authed(c), c.req.valid('param').year, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}/metrics/{key}/breakdown',
      tags,
      summary: '指标分解：本级与各下级的目标、实际、进度',
      request: { params: metricParam, query: z.strictObject(orgAsOf) },
      responses: {
        200: jsonContent(
          z.object({
            year: z.number().int(),
            asOf: z.string(),
            task: z.object({ no: z.string(), title: z.string(), owners: z.string() }),
            org: orgRefSchema,
            metric: metricProgressSchema,
            children: z.array(metricProgressSchema.extend({ org: orgRefSchema })),
            decomposition: z
              .object({
                assignedSum: z.number(),
                assignedCount: z.number().int(),
                childCount: z.number().int(),
                target: z.number(),
                mismatch: z.number(),
              })
              .nullable(),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await metricBreakdown(authed(c), p.year, p.key, c.req.valid('query')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}/metrics/{key}/areas',
      tags,
      summary: '指标分地区：组织以下每个设区市与县（市、区）的目标与实际（驾驶舱地图）',
      request: { params: metricParam, query: z.strictObject(orgAsOf) },
      responses: {
        200: jsonContent(
          z.object({
            year: z.number().int(),
            asOf: z.string(),
            org: orgRefSchema,
            metric: z.object({
              key: z.string(),
              label: z.string(),
              unit: z.string(),
              kind: z.enum(METRIC_KINDS),
              source: z.enum(METRIC_SOURCES),
              planTarget: z.number().nullable(),
            }),
            items: z.array(
              z.object({
                org: orgRefSchema,
                parentCode: z.string().nullable(),
                target: z.number().nullable(),
                actual: z.number().nullable(),
                pending: z.number().nullable(),
                completion: z.number().nullable(),
                pace: z.enum(PACE_STATUSES),
              }),
            ),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await metricByArea(authed(c), p.year, p.key, c.req.valid('query')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}/metrics/{key}/records',
      tags,
      summary: '构成该数字的记录（或覆盖范围内的组织、或报送）',
      request: { params: metricParam, query: z.strictObject({ ...orgAsOf, ...pageQuery }) },
      responses: {
        200: jsonContent(
          z.object({
            mode: z.enum(['records', 'population', 'reports']),
            total: z.number().int(),
            source: z.string().optional(),
            sourceLabel: z.string().optional(),
            valueLabel: z.string().nullable().optional(),
            items: z.array(z.record(z.string(), z.unknown())),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await metricRecords(authed(c), p.year, p.key, c.req.valid('query')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}/metrics/{key}/records.xlsx',
      tags,
      summary: '导出构成该数字的明细（Excel）',
      request: { params: metricParam, query: z.strictObject(orgAsOf) },
      responses: { 200: binaryContent(XLSX_TYPE, 'Excel 明细'), ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid('param');
      const body = await metricRecordsWorkbook(authed(c), p.year, p.key, c.req.valid('query'));
      return fileResponse(c, body, `${p.year}-${p.key}-明细.xlsx`, XLSX_TYPE);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/plans/{year}/metrics/{key}/assignments',
      tags,
      summary: '分解目标到直接下级（省→市、产业工会；市→县）',
      request: {
        params: metricParam,
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                org: z.string().max(32).optional(),
                items: z
                  .array(
                    z.strictObject({
                      org: z.string().min(1).max(32),
                      target: z.number().min(0).max(1e12).nullable(),
                    }),
                  )
                  .min(1)
                  .max(200),
              }),
            },
          },
        },
      },
      responses: { 200: jsonContent(z.object({ ok: z.boolean() })), ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await setAssignments(authed(c), p.year, p.key, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}/warnings',
      tags,
      summary: '督办预警：预计不能完成的指标（本级与直接下级）',
      request: { params: yearParam, query: z.strictObject(orgAsOf) },
      responses: {
        200: jsonContent(
          z.object({
            year: z.number().int(),
            asOf: z.string(),
            org: orgRefSchema,
            items: z.array(
              z.object({
                org: orgRefSchema,
                task: z.object({ no: z.string(), title: z.string(), owners: z.string() }),
                metric: metricProgressSchema,
                severity: z.number().int(),
              }),
            ),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await planWarnings(authed(c), c.req.valid('param').year, c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/plans/{year}/warnings/reminders',
      tags,
      summary: '发送督办提醒：向预计不能完成指标的直接下级发送站内提醒（每个指标、每个组织每周至多一次）',
      request: {
        params: yearParam,
        body: {
          required: false,
          content: { 'application/json': { schema: z.strictObject({ asOf: orgAsOf.asOf }) } },
        },
      },
      responses: {
        200: jsonContent(
          z.object({
            year: z.number().int(),
            asOf: z.string(),
            weekStart: z.string(),
            sent: z.number().int(),
            alreadySent: z.number().int(),
            items: z.array(z.object({ org: z.string(), metric: z.string(), recipients: z.number().int() })),
            /** Due, but the organisation has no active account: not sent, not counted as sent. */
            unreachable: z.array(z.object({ org: z.string(), orgName: z.string(), metric: z.string() })),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      return c.json(await sendReminders(authed(c), year, c.req.valid('json') ?? {}), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}/report.docx',
      tags,
      summary: '年度工作方案进展情况报告（Word，公文格式）',
      request: { params: yearParam, query: z.strictObject(orgAsOf) },
      responses: { 200: binaryContent(DOCX_TYPE, 'Word 报告'), ...errorResponses },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const { body, fileName } = await planWordReport(authed(c), year, c.req.valid('query'));
      return fileResponse(c, body, fileName, DOCX_TYPE);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/plans/{year}/report.xlsx',
      tags,
      summary: '各项指标分市（分县）完成情况表（Excel）',
      request: { params: yearParam, query: z.strictObject(orgAsOf) },
      responses: { 200: binaryContent(XLSX_TYPE, 'Excel 报表'), ...errorResponses },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const { body, fileName } = await planExcelReport(authed(c), year, c.req.valid('query'));
      return fileResponse(c, body, fileName, XLSX_TYPE);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/plans/{year}/metrics/{key}/report',
      tags,
      summary: '填报本单位的报送类指标（保存为草稿）',
      request: {
        params: metricParam,
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                value: z.number().min(0).max(1e12),
                asOf: z.iso.date(),
                explanation: text(2000).nullable().optional(),
                evidence: text(2000).nullable().optional(),
                version: z
                  .number()
                  .int()
                  .min(1)
                  .max(2 ** 31 - 1)
                  .optional(),
              }),
            },
          },
        },
      },
      responses: { 200: jsonContent(reportSchema), ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await saveReport(authed(c), p.year, p.key, c.req.valid('json')), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/metric-reports',
      tags,
      summary: '报送列表（本单位的与待本单位审核的）',
      request: {
        query: z.strictObject({
          year: z.coerce.number().int().min(2000).max(2100).optional(),
          status: z.enum(REPORT_STATUSES).optional(),
        }),
      },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(reportSchema.extend({ canReview: z.boolean(), own: z.boolean() })) }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await listReports(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/metric-reports/{id}',
      tags,
      summary: '一条报送及其流转记录',
      request: { params: idParam },
      responses: { 200: jsonContent(reportSchema), ...errorResponses },
    }),
    async (c) => c.json(await readReport(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/metric-reports/{id}/{action}',
      tags,
      summary: '报送、退回、审核通过、撤销审核',
      request: {
        params: idParam.extend({
          action: z
            .enum(['submit', 'return', 'approve', 'reopen'])
            .openapi({ param: { name: 'action', in: 'path' } }),
        }),
        body: {
          content: {
            'application/json': {
              schema: z.strictObject({
                version: z
                  .number()
                  .int()
                  .min(1)
                  .max(2 ** 31 - 1),
                reason: text(500).nullable().optional(),
              }),
            },
          },
        },
      },
      responses: { 200: jsonContent(reportSchema), ...errorResponses },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await transitionReport(authed(c), p.id, p.action, c.req.valid('json')), 200);
    },
  );
