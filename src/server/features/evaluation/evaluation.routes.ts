// Routes of 成效评估 under /api/evaluation: the yearly team ranking (managers only, scoped),
// its Excel export, and the year's weights (read by managers, edited by the province).
import { createRoute, z } from '@hono/zod-openapi';
import {
  authed,
  binaryContent,
  createRouter,
  errorResponses,
  fileResponse,
  jsonContent,
  XLSX_TYPE,
} from '../../lib/http.ts';
import { todayInChina } from '../../lib/clock.ts';
import { EVALUATION_KEYS, type EvaluationWeights } from './evaluation.scoring.ts';
import {
  exportRanking,
  findWeightVersions,
  getWeights,
  saveWeights,
  teamRanking,
} from './evaluation.service.ts';

const tags = ['成效评估'];
const year = z.coerce
  .number({ message: '年度须为整数' })
  .int('年度须为整数')
  .min(2000, '年度须在 2000–2100 之间')
  .max(2100, '年度须在 2000–2100 之间');
const yearQuery = z.strictObject({
  year: year.optional().openapi({ description: '年度，缺省为今年（北京时间）' }),
});
const yearOf = (c: { req: { valid: (k: 'query') => { year?: number } } }, ctx: { clock: { now(): Date } }) =>
  c.req.valid('query').year ?? Number(todayInChina(ctx.clock.now()).slice(0, 4));
const weightValue = z
  .number({ message: '权重须为 0–100 的数' })
  .min(0, '权重须为 0–100 的数')
  .max(100, '权重须为 0–100 的数');
const weightsSchema = z.strictObject(
  Object.fromEntries(EVALUATION_KEYS.map((k) => [k, weightValue])) as Record<
    keyof EvaluationWeights,
    typeof weightValue
  >,
);
const weightsResponse = z
  .object({
    year: z.number().int(),
    weights: z.record(z.string(), z.number()),
    /** 0 while the year has no row of its own and reads the weights of `inheritedFrom`. */
    version: z.number().int(),
    inheritedFrom: z.number().int().nullable(),
    note: z.string().nullable(),
    updatedAt: z.string().nullable(),
    /** Which weights these are, in a sentence (shown beside every ranking). */
    explanation: z.string(),
  })
  .openapi('EvaluationWeights');
const versionsResponse = z
  .object({
    year: z.number().int(),
    items: z.array(
      z.object({
        version: z.number().int(),
        weights: z.record(z.string(), z.number()),
        note: z.string().nullable(),
        changedBy: z.string().nullable(),
        changedAt: z.string(),
      }),
    ),
  })
  .openapi('EvaluationWeightVersions');
const saveBody = z
  .strictObject({
    year: z
      .number({ message: '年度须为整数' })
      .int('年度须为整数')
      .min(2000, '年度须在 2000–2100 之间')
      .max(2100, '年度须在 2000–2100 之间'),
    version: z
      .number({ message: '版本号须为整数' })
      .int('版本号须为整数')
      .min(0, '版本号无效')
      .max(2_147_483_647, '版本号无效'),
    weights: weightsSchema,
    note: z.string().trim().max(200, '修改说明不超过 200 个字').nullable().optional(),
  })
  .openapi('SaveEvaluationWeights');

const component = z.object({
  key: z.string(),
  label: z.string(),
  raw: z.number().nullable(),
  unit: z.string(),
  normalisation: z.string(),
  value: z.number(),
  weight: z.number(),
  contribution: z.number(),
});
const ranking = z
  .object({
    year: z.number().int(),
    weights: z.record(z.string(), z.number()),
    weightsVersion: z.number().int(),
    weightsInheritedFrom: z.number().int().nullable(),
    weightsExplanation: z.string(),
    normalisation: z.string(),
    teamsInProvince: z.number().int(),
    teams: z.array(
      z.object({
        rank: z.number().int(),
        teamId: z.number().int(),
        name: z.string(),
        orgName: z.string(),
        score: z.number(),
        components: z.array(component),
      }),
    ),
  })
  .openapi('TeamEvaluation');

export const evaluationRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/evaluation/teams',
      tags,
      summary: '服务队年度成效评估：得分、排名与每项得分的来由（仅各级工会管理人员，按辖区）',
      request: { query: yearQuery },
      responses: { 200: jsonContent(ranking), ...errorResponses },
    }),
    async (c) => {
      const ctx = authed(c);
      return c.json(await teamRanking(ctx, yearOf(c, ctx)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/evaluation/teams/export',
      tags,
      summary: '导出服务队年度成效评估表（Excel）',
      request: { query: yearQuery },
      responses: { 200: binaryContent(XLSX_TYPE, 'Excel 工作簿'), ...errorResponses },
    }),
    async (c) => {
      const ctx = authed(c);
      const y = yearOf(c, ctx);
      return fileResponse(c, await exportRanking(ctx, y), `${y}年服务队成效评估.xlsx`, XLSX_TYPE);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/evaluation/weights',
      tags,
      summary: '某年度的评估权重（该年度尚无权重时沿用最近年度的，版本 0）',
      request: { query: yearQuery },
      responses: { 200: jsonContent(weightsResponse), ...errorResponses },
    }),
    async (c) => {
      const ctx = authed(c);
      return c.json(await getWeights(ctx, yearOf(c, ctx)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/evaluation/weights/versions',
      tags,
      summary: '某年度评估权重的各个版本（谁在何时改为何值、说明）',
      request: { query: yearQuery },
      responses: { 200: jsonContent(versionsResponse), ...errorResponses },
    }),
    async (c) => {
      const ctx = authed(c);
      return c.json(await findWeightVersions(ctx, yearOf(c, ctx)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/evaluation/weights',
      tags,
      summary: '省总工会修改某年度的评估权重（版本比对，留痕）',
      request: { body: { content: { 'application/json': { schema: saveBody } }, required: true } },
      responses: { 200: jsonContent(weightsResponse), ...errorResponses },
    }),
    async (c) => c.json(await saveWeights(authed(c), c.req.valid('json')), 200),
  );
