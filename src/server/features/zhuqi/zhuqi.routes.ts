// Routes of 劳模工匠助企行 under /api/zhuqi: thin — path, validator, one service call.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  type AppEnv,
  authed,
  createRouter,
  errorResponses,
  fileResponse,
  idParam,
  jsonContent,
} from '../../lib/http.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import { proposeBatch, rankForDemand, sendBatch } from './zhuqi.matching.ts';
import {
  acceptAssignment,
  addServiceRecord,
  answerFollowup,
  cancelDemand,
  claimDemand,
  completeDemand,
  confirmClaim,
  confirmDemand,
  createCategory,
  createDemand,
  declineAssignment,
  dispatchDemand,
  findCategories,
  findDemandAssignments,
  findDemandEvents,
  findDemands,
  findFollowups,
  findMyTasks,
  findOpenDemands,
  findServiceRecords,
  getDemand,
  publishDemand,
  rejectClaim,
  resubmitDemand,
  returnDemand,
  updateCategory,
  updateDemand,
} from './zhuqi.demands.service.ts';
import {
  createServiceAction,
  deleteServiceAction,
  findServiceActions,
  getServiceAction,
  markTypicalCase,
  typicalCasesDocx,
  updateServiceAction,
} from './zhuqi.actions.service.ts';
import {
  createCraftsman,
  createTeam,
  deleteCraftsman,
  deleteTeam,
  findCraftsmen,
  findTeams,
  getCraftsman,
  getTeam,
  updateCraftsman,
  updateTeam,
} from './zhuqi.resources.service.ts';
import {
  actionListQuery,
  actionSchema,
  assignmentSchema,
  createActionBody,
  typicalBody,
  typicalQuery,
  updateActionBody,
  assignmentVersionBody,
  categorySchema,
  claimBody,
  completeBody,
  confirmBody,
  craftsmanListQuery,
  craftsmanSchema,
  createCategoryBody,
  createCraftsmanBody,
  createDemandBody,
  createTeamBody,
  declineBody,
  demandListQuery,
  demandSchema,
  dispatchBody,
  eventSchema,
  followupAnswerBody,
  followupSchema,
  myTasksSchema,
  reasonBody,
  revealQuery,
  serviceRecordBody,
  sendBatchBody,
  serviceRecordSchema,
  teamListQuery,
  teamSchema,
  updateCategoryBody,
  updateCraftsmanBody,
  updateDemandBody,
  updateTeamBody,
  version,
  versionQuery,
} from './zhuqi.schemas.ts';

const body = <T extends z.ZodTypeAny>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
const ok = { 200: jsonContent(z.object({ ok: z.literal(true) })), ...errorResponses };
const versionBody = z.strictObject({ version });
const R = '/api/zhuqi';

const resources = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/craftsmen`,
      tags: ['助企行：资源清单'],
      summary: '劳模工匠列表（资源清单）',
      request: { query: craftsmanListQuery },
      responses: { 200: jsonContent(pageSchema(craftsmanSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findCraftsmen(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/craftsmen`,
      tags: ['助企行：资源清单'],
      summary: '登记劳模工匠',
      request: { body: body(createCraftsmanBody) },
      responses: { 201: jsonContent(craftsmanSchema, '已创建'), ...errorResponses },
    }),
    async (c) => c.json(await createCraftsman(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/craftsmen/{id}`,
      tags: ['助企行：资源清单'],
      summary: '劳模工匠详情',
      request: { params: idParam, query: revealQuery },
      responses: { 200: jsonContent(craftsmanSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await getCraftsman(authed(c), c.req.valid('param').id, {
          reveal: c.req.valid('query').reveal === 'true',
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: `${R}/craftsmen/{id}`,
      tags: ['助企行：资源清单'],
      summary: '修改劳模工匠',
      request: { params: idParam, body: body(updateCraftsmanBody) },
      responses: { 200: jsonContent(craftsmanSchema), ...errorResponses },
    }),
    async (c) => c.json(await updateCraftsman(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: `${R}/craftsmen/{id}`,
      tags: ['助企行：资源清单'],
      summary: '删除劳模工匠',
      request: { params: idParam, query: versionQuery },
      responses: ok,
    }),
    async (c) => {
      await deleteCraftsman(authed(c), c.req.valid('param').id, c.req.valid('query').version);
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/teams`,
      tags: ['助企行：资源清单'],
      summary: '服务队列表',
      request: { query: teamListQuery },
      responses: { 200: jsonContent(pageSchema(teamSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findTeams(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/teams`,
      tags: ['助企行：资源清单'],
      summary: '组建服务队',
      request: { body: body(createTeamBody) },
      responses: { 201: jsonContent(teamSchema, '已创建'), ...errorResponses },
    }),
    async (c) => c.json(await createTeam(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/teams/{id}`,
      tags: ['助企行：资源清单'],
      summary: '服务队详情',
      request: { params: idParam },
      responses: { 200: jsonContent(teamSchema), ...errorResponses },
    }),
    async (c) => c.json(await getTeam(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: `${R}/teams/{id}`,
      tags: ['助企行：资源清单'],
      summary: '修改服务队（含队员）',
      request: { params: idParam, body: body(updateTeamBody) },
      responses: { 200: jsonContent(teamSchema), ...errorResponses },
    }),
    async (c) => c.json(await updateTeam(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: `${R}/teams/{id}`,
      tags: ['助企行：资源清单'],
      summary: '撤销服务队',
      request: { params: idParam, query: versionQuery },
      responses: ok,
    }),
    async (c) => {
      await deleteTeam(authed(c), c.req.valid('param').id, c.req.valid('query').version);
      return c.json({ ok: true as const }, 200);
    },
  );

const tagD = ['助企行：需求与派单'];
const one = { 200: jsonContent(demandSchema), ...errorResponses };

/** POST /api/zhuqi/demands/{id}/<action> with a body; the handler calls one service function. */
function action<T extends z.ZodTypeAny>(
  app: ReturnType<typeof createRouter>,
  name: string,
  summary: string,
  schema: T,
  run: (c: Context<AppEnv>, id: number, input: z.infer<T>) => Promise<unknown>,
) {
  return app.openapi(
    createRoute({
      method: 'post',
      path: `${R}/demands/{id}/${name}`,
      tags: tagD,
      summary,
      request: { params: idParam, body: body(schema) },
      responses: one,
    }),
    async (c) => {
      // The generic route type is too wide for Hono's inference: the validators have run.
      const v = c.req as unknown as { valid(t: 'param'): { id: number }; valid(t: 'json'): z.infer<T> };
      return c.json(
        (await run(c as unknown as Context<AppEnv>, v.valid('param').id, v.valid('json'))) as never,
        200,
      );
    },
  );
}

const flow = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/demand-categories`,
      tags: tagD,
      summary: '需求类别（字典）',
      responses: { 200: jsonContent(z.array(categorySchema)), ...errorResponses },
    }),
    async (c) => c.json(await findCategories(authed(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/demand-categories`,
      tags: tagD,
      summary: '新增需求类别',
      request: { body: body(createCategoryBody) },
      responses: { 201: jsonContent(categorySchema, '已创建'), ...errorResponses },
    }),
    async (c) => c.json(await createCategory(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: `${R}/demand-categories/{id}`,
      tags: tagD,
      summary: '修改需求类别',
      request: { params: idParam, body: body(updateCategoryBody) },
      responses: { 200: jsonContent(categorySchema), ...errorResponses },
    }),
    async (c) => c.json(await updateCategory(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/demands`,
      tags: tagD,
      summary: '需求列表（本级及下级；企业看本企业）',
      request: { query: demandListQuery },
      responses: { 200: jsonContent(pageSchema(demandSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findDemands(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/demands`,
      tags: tagD,
      summary: '发布需求（企业点单；工会可代企业发布）',
      request: { body: body(createDemandBody) },
      responses: { 201: jsonContent(demandSchema, '已提交'), ...errorResponses },
    }),
    async (c) => c.json(await createDemand(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/demands/{id}`,
      tags: tagD,
      summary: '需求详情',
      request: { params: idParam, query: revealQuery },
      responses: one,
    }),
    async (c) =>
      c.json(
        await getDemand(authed(c), c.req.valid('param').id, {
          reveal: c.req.valid('query').reveal === 'true',
        }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: `${R}/demands/{id}`,
      tags: tagD,
      summary: '修改需求（待审核或被退回时）',
      request: { params: idParam, body: body(updateDemandBody) },
      responses: one,
    }),
    async (c) => c.json(await updateDemand(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/demands/{id}/events`,
      tags: tagD,
      summary: '需求办理过程（时间线）',
      request: { params: idParam },
      responses: { 200: jsonContent(z.array(eventSchema)), ...errorResponses },
    }),
    async (c) => c.json((await findDemandEvents(authed(c), c.req.valid('param').id)) as never, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/demands/{id}/assignments`,
      tags: tagD,
      summary: '派单记录（候选人名单与状态）',
      request: { params: idParam },
      responses: { 200: jsonContent(z.array(assignmentSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findDemandAssignments(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/demands/{id}/service-records`,
      tags: tagD,
      summary: '服务记录',
      request: { params: idParam },
      responses: { 200: jsonContent(z.array(serviceRecordSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findServiceRecords(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/demands/{id}/service-records`,
      tags: tagD,
      summary: '填写服务记录（劳模工匠）',
      request: { params: idParam, body: body(serviceRecordBody) },
      responses: { 201: jsonContent(serviceRecordSchema, '已记录'), ...errorResponses },
    }),
    async (c) => c.json(await addServiceRecord(authed(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/demands/{id}/followups`,
      tags: tagD,
      summary: '30 天、90 天回访',
      request: { params: idParam },
      responses: { 200: jsonContent(z.array(followupSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findFollowups(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/followups/{id}/answer`,
      tags: tagD,
      summary: '填报回访效益（企业）',
      request: { params: idParam, body: body(followupAnswerBody) },
      responses: { 200: jsonContent(followupSchema), ...errorResponses },
    }),
    async (c) => c.json(await answerFollowup(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/assignments/{id}/accept`,
      tags: tagD,
      summary: '接单（劳模工匠或服务队队长）',
      request: { params: idParam, body: body(assignmentVersionBody) },
      responses: { 200: jsonContent(assignmentSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(await acceptAssignment(authed(c), c.req.valid('param').id, c.req.valid('json').version), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/assignments/{id}/decline`,
      tags: tagD,
      summary: '拒绝派单（须说明原因）',
      request: { params: idParam, body: body(declineBody) },
      responses: { 200: jsonContent(assignmentSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(await declineAssignment(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/my-tasks`,
      tags: tagD,
      summary: '我的任务（劳模工匠）',
      responses: { 200: jsonContent(myTasksSchema), ...errorResponses },
    }),
    async (c) => c.json((await findMyTasks(authed(c))) as never, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/open-demands`,
      tags: tagD,
      summary: '可认领的需求（劳模工匠，本市范围）',
      request: { query: z.strictObject(pageQuery) },
      responses: { 200: jsonContent(pageSchema(demandSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findOpenDemands(authed(c), c.req.valid('query')), 200),
  );

action(flow, 'publish', '审核通过并发布', versionBody, (c, id, b) => publishDemand(authed(c), id, b.version));
action(flow, 'return', '退回（须说明原因）', reasonBody, (c, id, b) => returnDemand(authed(c), id, b));
action(flow, 'resubmit', '修改后重新提交', versionBody, (c, id, b) =>
  resubmitDemand(authed(c), id, b.version),
);
action(flow, 'cancel', '撤销需求', reasonBody, (c, id, b) => cancelDemand(authed(c), id, b));
action(flow, 'dispatch', '派单（按顺序的候选名单）', dispatchBody, (c, id, b) =>
  dispatchDemand(authed(c), id, b),
);
action(flow, 'claim', '认领（劳模工匠或服务队）', claimBody, (c, id, b) => claimDemand(authed(c), id, b));
action(flow, 'confirm-claim', '确认认领', versionBody, (c, id, b) => confirmClaim(authed(c), id, b.version));
action(flow, 'reject-claim', '不同意认领', reasonBody, (c, id, b) => rejectClaim(authed(c), id, b));
action(flow, 'complete', '服务完成（劳模工匠）', completeBody, (c, id, b) =>
  completeDemand(authed(c), id, b),
);
action(flow, 'confirm', '确认并评价（企业）', confirmBody, (c, id, b) => confirmDemand(authed(c), id, b));

const tagA = ['助企行：专项行动与典型案例'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const actions = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/service-actions`,
      tags: tagA,
      summary: '专项行动列表',
      request: { query: actionListQuery },
      responses: { 200: jsonContent(pageSchema(actionSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findServiceActions(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/service-actions`,
      tags: tagA,
      summary: '登记专项行动',
      request: { body: body(createActionBody) },
      responses: { 201: jsonContent(actionSchema, '已创建'), ...errorResponses },
    }),
    async (c) => c.json(await createServiceAction(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/service-actions/{id}`,
      tags: tagA,
      summary: '专项行动详情',
      request: { params: idParam },
      responses: { 200: jsonContent(actionSchema), ...errorResponses },
    }),
    async (c) => c.json(await getServiceAction(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: `${R}/service-actions/{id}`,
      tags: tagA,
      summary: '修改专项行动',
      request: { params: idParam, body: body(updateActionBody) },
      responses: { 200: jsonContent(actionSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(await updateServiceAction(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: `${R}/service-actions/{id}`,
      tags: tagA,
      summary: '删除专项行动',
      request: { params: idParam, query: versionQuery },
      responses: ok,
    }),
    async (c) => {
      await deleteServiceAction(authed(c), c.req.valid('param').id, c.req.valid('query').version);
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: `${R}/demands/{id}/typical-case`,
      tags: tagA,
      summary: '评为（或取消）典型案例',
      request: { params: idParam, body: body(typicalBody) },
      responses: {
        200: jsonContent(
          z.object({ id: z.number().int(), typicalCase: z.boolean(), version: z.number().int() }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await markTypicalCase(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: `${R}/typical-cases.docx`,
      tags: tagA,
      summary: '典型案例汇编（Word）',
      request: { query: typicalQuery },
      responses: {
        200: {
          description: 'Word 文档',
          content: { [DOCX]: { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const year = c.req.valid('query').year;
      const bytes = await typicalCasesDocx(authed(c), { year });
      const name = `劳模工匠助企行典型案例汇编${year ? `（${year}）` : ''}.docx`;
      return fileResponse(c, bytes, name, DOCX);
    },
  );

const componentSchema = z.object({
  key: z.string(),
  label: z.string(),
  weight: z.number(),
  value: z.number(),
  contribution: z.number(),
  reason: z.string(),
});

// 派单 with the dispatch engine: explained candidates for one demand, and the batch proposal.
const matching = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/zhuqi/demands/{id}/candidates',
      tags: tagD,
      summary: '推荐人选：本辖区劳模工匠与服务队的排序、得分与理由（回避、不可接单、已满额者列明原因）',
      request: {
        params: idParam,
        query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      },
      responses: {
        200: jsonContent(
          z
            .object({
              demandId: z.number().int(),
              poolSize: z.number().int(),
              considered: z.number().int(),
              eligible: z.number().int(),
              results: z.array(
                z.object({
                  candidateId: z.string(),
                  kind: z.enum(['craftsman', 'team']),
                  name: z.string(),
                  score: z.number(),
                  components: z.array(componentSchema),
                }),
              ),
              excluded: z.array(
                z.object({
                  candidateId: z.string(),
                  name: z.string(),
                  reasons: z.array(z.object({ key: z.string(), reason: z.string() })),
                }),
              ),
            })
            .openapi('DemandCandidates'),
        ),
        ...errorResponses,
      },
    }),
    async (c) =>
      c.json(await rankForDemand(authed(c), c.req.valid('param').id, c.req.valid('query').limit), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/zhuqi/dispatch/proposal',
      tags: tagD,
      summary: '批量派单方案：本辖区全部待派需求在接单能力约束下的最优分配（供审核后逐条派出）',
      responses: {
        200: jsonContent(
          z
            .object({
              method: z.enum(['lp', 'greedy']),
              fallbackReason: z.string().optional(),
              demands: z.number().int(),
              candidates: z.number().int(),
              totalScore: z.number(),
              greedyTotal: z.number(),
              capacityViolations: z.number().int(),
              assignments: z.array(
                z.object({
                  demandId: z.number().int(),
                  demandTitle: z.string(),
                  demandVersion: z.number().int(),
                  candidate: z.object({ type: z.enum(['craftsman', 'team']), id: z.number().int() }),
                  candidateName: z.string(),
                  score: z.number(),
                  components: z.array(componentSchema),
                }),
              ),
              unassigned: z.array(
                z.object({
                  demandId: z.number().int(),
                  demandTitle: z.string(),
                  demandVersion: z.number().int(),
                }),
              ),
            })
            .openapi('DispatchProposal'),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await proposeBatch(authed(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/zhuqi/dispatch/send',
      tags: tagD,
      summary:
        '派出审核后的批量方案：逐条按正常流程派单（各自一条事件、版本比对），已变化的需求列为“已过期”不派出',
      request: { body: body(sendBatchBody) },
      responses: {
        200: jsonContent(
          z
            .object({
              sent: z.number().int(),
              results: z.array(
                z.object({
                  demandId: z.number().int(),
                  status: z.enum(['sent', 'stale', 'refused']),
                  message: z.string(),
                }),
              ),
            })
            .openapi('DispatchSendResult'),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await sendBatch(authed(c), c.req.valid('json').rows), 200),
  );

export const zhuqiRoutes = createRouter()
  .route('/', resources)
  .route('/', flow)
  .route('/', actions)
  .route('/', matching);
