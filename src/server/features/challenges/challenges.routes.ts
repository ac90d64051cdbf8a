// Routes of 揭榜挂帅 under /api/zhuqi (part of 劳模工匠助企行): thin — path, validator, one service call.
import { createRoute, z } from '@hono/zod-openapi';
import { authed, createRouter, errorResponses, idParam, jsonContent } from '../../lib/http.ts';
import { pageSchema } from '../../lib/pagination.ts';
import {
  acceptBody,
  applicationSchema,
  applyBody,
  awardBody,
  cancelBody,
  challengeDetailSchema,
  challengeListQuery,
  challengeSchema,
  clusterQuery,
  clustersSchema,
  createChallengeBody,
  eventsSchema,
  milestonesBody,
  milestonesSchema,
  panelBody,
  publicChallengeQuery,
  publicChallengeSchema,
  scoreBody,
  scoreSchema,
  scoresSchema,
  updateApplicationBody,
  updateChallengeBody,
  versionBody,
} from './challenges.schemas.ts';
import {
  acceptMilestone,
  applyToChallenge,
  awardChallenge,
  cancelChallenge,
  closeChallenge,
  closePanel,
  completeChallenge,
  createChallenge,
  findApplications,
  findChallengeEvents,
  findChallenges,
  findClusters,
  findMilestones,
  findScores,
  getChallenge,
  getPublicChallenge,
  findPublicChallenges,
  publishChallenge,
  replaceMilestones,
  scoreApplication,
  setPanel,
  startChallenge,
  updateApplication,
  updateChallenge,
  withdrawApplication,
} from './challenges.service.ts';

const body = <T extends z.ZodTypeAny>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
const R = '/api/zhuqi';
const tags = ['助企行：揭榜挂帅'];
const detail = { 200: jsonContent(challengeDetailSchema), ...errorResponses };

/** POST {R}/challenges/{id}/<action> with a body, answering the challenge. */
function action<T extends z.ZodTypeAny>(
  name: string,
  summary: string,
  schema: T,
  run: (
    ctx: ReturnType<typeof authed>,
    id: number,
    input: z.infer<T>,
  ) => Promise<z.infer<typeof challengeDetailSchema>>,
) {
  return createRouter().openapi(
    createRoute({
      method: 'post',
      path: `${R}/challenges/{id}/${name}`,
      tags,
      summary,
      request: { params: idParam, body: body(schema) },
      responses: detail,
    }),
    async (c) => {
      // The generic route loses the request's types; the validators above have run.
      const valid = c.req.valid.bind(c.req) as unknown as ((t: 'param') => { id: number }) &
        ((t: 'json') => z.infer<T>);
      return c.json(await run(authed(c), valid('param').id, valid('json')), 200);
    },
  );
}

const main = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/challenges`,
      tags,
      summary: '揭榜挂帅榜单列表',
      request: { query: challengeListQuery },
      responses: { 200: jsonContent(pageSchema(challengeSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findChallenges(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/challenges`,
      tags,
      summary: '新建揭榜挂帅榜单（草稿；可关联共性难题的需求）',
      request: { body: body(createChallengeBody) },
      responses: { 201: jsonContent(challengeSchema, '已创建'), ...errorResponses },
    }),
    async (c) => c.json(await createChallenge(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/challenges/{id}`,
      tags,
      summary: '揭榜挂帅榜单详情',
      request: { params: idParam },
      responses: detail,
    }),
    async (c) => c.json(await getChallenge(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: `${R}/challenges/{id}`,
      tags,
      summary: '修改榜单（仅草稿）',
      request: { params: idParam, body: body(updateChallengeBody) },
      responses: detail,
    }),
    async (c) => c.json(await updateChallenge(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/challenge-clusters`,
      tags,
      summary: '共性难题：辖区内相似的待派单需求分组（附归类理由）',
      request: { query: clusterQuery },
      responses: { 200: jsonContent(clustersSchema), ...errorResponses },
    }),
    async (c) => c.json(await findClusters(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/challenges/{id}/applications`,
      tags,
      summary: '揭榜申请（工会与评审组看全部，揭榜方看自己的）',
      request: { params: idParam },
      responses: { 200: jsonContent(z.object({ items: z.array(applicationSchema) })), ...errorResponses },
    }),
    async (c) => c.json(await findApplications(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/challenges/{id}/applications`,
      tags,
      summary: '揭榜（服务队或创新工作室提交方案）',
      request: { params: idParam, body: body(applyBody) },
      responses: { 201: jsonContent(applicationSchema, '已提交'), ...errorResponses },
    }),
    async (c) => c.json(await applyToChallenge(authed(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: `${R}/challenge-applications/{id}`,
      tags,
      summary: '修改揭榜申请（揭榜方，截止日前、评审开始前；版本比对，留痕）',
      request: { params: idParam, body: body(updateApplicationBody) },
      responses: { 200: jsonContent(applicationSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(await updateApplication(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/challenge-applications/{id}/withdraw`,
      tags,
      summary: '撤回揭榜申请（评审开始前）',
      request: { params: idParam, body: body(versionBody) },
      responses: { 200: jsonContent(applicationSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(await withdrawApplication(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: `${R}/challenge-applications/{id}/score`,
      tags,
      summary: '评审专家为揭榜申请评分（按榜单评分项，0–100）',
      request: { params: idParam, body: body(scoreBody) },
      responses: { 200: jsonContent(scoreSchema), ...errorResponses },
    }),
    async (c) => c.json(await scoreApplication(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/challenges/{id}/scores`,
      tags,
      summary: '评审打分与排名（评审结束前专家只见本人评分）',
      request: { params: idParam },
      responses: { 200: jsonContent(scoresSchema), ...errorResponses },
    }),
    async (c) => c.json(await findScores(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/challenges/{id}/milestones`,
      tags,
      summary: '里程碑与资金拨付',
      request: { params: idParam },
      responses: { 200: jsonContent(milestonesSchema), ...errorResponses },
    }),
    async (c) => c.json(await findMilestones(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: `${R}/challenges/{id}/milestones`,
      tags,
      summary: '调整里程碑（定榜后、启动前；金额合计须等于榜单资金）',
      request: { params: idParam, body: body(milestonesBody) },
      responses: { 200: jsonContent(milestonesSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(await replaceMilestones(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/challenge-milestones/{id}/accept`,
      tags,
      summary: '验收里程碑并拨付一笔资金（记入资助与经费台账）',
      request: { params: idParam, body: body(acceptBody) },
      responses: { 200: jsonContent(milestonesSchema), ...errorResponses },
    }),
    async (c) => c.json(await acceptMilestone(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/challenges/{id}/events`,
      tags,
      summary: '榜单时间线',
      request: { params: idParam },
      responses: { 200: jsonContent(eventsSchema), ...errorResponses },
    }),
    async (c) => c.json(await findChallengeEvents(authed(c), c.req.valid('param').id), 200),
  );

export const challengeRoutes = createRouter()
  .route('/', main)
  // The public list of calls (no sign-in): published ones only, nobody's name (showcase /share/challenges).
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/public/challenges',
      tags,
      summary: '揭榜挂帅榜单（公开；只含已发布的榜单，不含个人信息）',
      request: { query: publicChallengeQuery },
      responses: { 200: jsonContent(pageSchema(publicChallengeSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findPublicChallenges(c.get('ctx'), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/public/challenges/{id}',
      tags,
      summary: '揭榜挂帅榜单详情（公开）',
      request: { params: idParam },
      responses: { 200: jsonContent(publicChallengeSchema), ...errorResponses },
    }),
    async (c) => c.json(await getPublicChallenge(c.get('ctx'), c.req.valid('param').id), 200),
  )
  .route('/', action('publish', '发布榜单（开放揭榜）', versionBody, publishChallenge))
  .route('/', action('close', '提前截止揭榜，进入评审', versionBody, closeChallenge))
  .route('/', action('cancel', '撤销榜单', cancelBody, cancelChallenge))
  .route('/', action('panel', '指定评审专家', panelBody, setPanel))
  .route('/', action('close-panel', '结束评审（公布评分与排名）', versionBody, closePanel))
  .route('/', action('award', '定榜（选择非第一名须写明理由）', awardBody, awardChallenge))
  .route('/', action('start', '启动攻关', versionBody, startChallenge))
  .route('/', action('complete', '结项（里程碑全部验收后）', versionBody, completeChallenge));
