// Routes of the sharing platform: achievements and their review, the category dictionary,
// 对接交易 (offers, intentions, deals, the market export), similar achievements for 助企行,
// and the public showcase under /api/public/ (no sign-in).
import { createRoute, z } from '@hono/zod-openapi';
import { authed, createRouter, errorResponses, fileResponse, idParam, jsonContent } from '../../lib/http.ts';
import { pageSchema } from '../../lib/pagination.ts';
import { revealQuery } from '../orgs/orgs.schemas.ts';
import {
  addIntentionNote,
  createDeal,
  createOffer,
  exportOffers,
  findDeals,
  findIntentions,
  findOffers,
  getDeal,
  getIntention,
  getOffer,
  sendIntention,
  updateOffer,
} from './sharing.market.ts';
import { contentDisposition } from '../files/files.sniff.ts';
import { getPublicMedia } from './sharing.media.ts';
import { type ImageWidth, imageVariant } from '../files/image-variants.ts';
import {
  findPublicAchievements,
  findSimilarAchievements,
  getPublicAchievement,
  getPublicHome,
} from './sharing.public.ts';
import {
  achievementListItem,
  achievementListQuery,
  achievementSchema,
  categorySchema,
  createAchievementBody,
  createCategoryBody,
  createDealBody,
  createIntentionBody,
  createOfferBody,
  dealSchema,
  eventSchema,
  intentionListQuery,
  intentionSchema,
  noteBody,
  offerListQuery,
  offerSchema,
  publicCardSchema,
  publicDetailSchema,
  publicHomeSchema,
  publicMediaParams,
  publicMediaQuery,
  publicQuery,
  similarQuery,
  similarSchema,
  transitionBody,
  updateAchievementBody,
  updateCategoryBody,
  updateOfferBody,
} from './sharing.schemas.ts';
import {
  createAchievement,
  createCategory,
  findAchievementEvents,
  findAchievements,
  findCategories,
  getAchievement,
  transitionAchievement,
  updateAchievement,
  updateCategory,
} from './sharing.service.ts';
import { ACHIEVEMENT_ACTIONS, type AchievementAction } from './sharing.workflow.ts';

const body = <T extends z.ZodTypeAny>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ACTION_LABELS: Record<AchievementAction, string> = {
  submit: '提交审核',
  approve: '审核通过',
  return: '退回修改（须填理由）',
  publish: '发布到共享平台',
  unpublish: '撤回发布（须填理由）',
};

function sharingRoutes() {
  const tags = ['职工创新成果'];
  const market = ['对接交易'];
  const one = { 200: jsonContent(achievementSchema), ...errorResponses };
  const app = createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/achievement-categories',
        tags,
        summary: '成果类别字典（全省统一）',
        responses: { 200: jsonContent(z.array(categorySchema)), ...errorResponses },
      }),
      async (c) => c.json(await findCategories(authed(c)), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/achievement-categories',
        tags,
        summary: '新增成果类别（省总）',
        request: { body: body(createCategoryBody) },
        responses: { 201: jsonContent(categorySchema, '已创建'), ...errorResponses },
      }),
      async (c) => c.json(await createCategory(authed(c), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/achievement-categories/{id}',
        tags,
        summary: '修改成果类别（省总）',
        request: { params: idParam, body: body(updateCategoryBody) },
        responses: { 200: jsonContent(categorySchema), ...errorResponses },
      }),
      async (c) => c.json(await updateCategory(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/achievements',
        tags,
        summary: '创新项目与成果列表（本级及下级；state=submitted 为审核队列）',
        request: { query: achievementListQuery },
        responses: { 200: jsonContent(pageSchema(achievementListItem)), ...errorResponses },
      }),
      async (c) => c.json(await findAchievements(authed(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/achievements/similar',
        tags,
        summary: '相似成果与可能的帮手（助企行需求旁显示）',
        request: { query: similarQuery },
        responses: { 200: jsonContent(similarSchema), ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query');
        return c.json(await findSimilarAchievements(authed(c), q.text, q.limit), 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/achievements/{id}',
        tags,
        summary: '成果详情（含完成人，手机号脱敏）',
        request: { params: idParam, query: revealQuery },
        responses: one,
      }),
      async (c) =>
        c.json(
          await getAchievement(authed(c), c.req.valid('param').id, {
            reveal: c.req.valid('query').reveal === 'true',
          }),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/achievements/{id}/events',
        tags,
        summary: '成果流转记录',
        request: { params: idParam },
        responses: { 200: jsonContent(z.array(eventSchema)), ...errorResponses },
      }),
      async (c) => c.json(await findAchievementEvents(authed(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/achievements',
        tags,
        summary: '新建创新项目（草稿）',
        request: { body: body(createAchievementBody) },
        responses: { 201: jsonContent(achievementSchema, '已创建'), ...errorResponses },
      }),
      async (c) => c.json(await createAchievement(authed(c), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/achievements/{id}',
        tags,
        summary: '修改创新项目（草稿或退回状态）',
        request: { params: idParam, body: body(updateAchievementBody) },
        responses: one,
      }),
      async (c) =>
        c.json(await updateAchievement(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
    );
  for (const action of ACHIEVEMENT_ACTIONS) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/achievements/{id}/${action}`,
        tags,
        summary: ACTION_LABELS[action],
        request: { params: idParam, body: body(transitionBody) },
        responses: one,
      }),
      async (c) =>
        c.json(
          await transitionAchievement(authed(c), c.req.valid('param').id, action, c.req.valid('json')),
          200,
        ),
    );
  }
  app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/offers',
        tags: market,
        summary: '挂牌成果列表',
        request: { query: offerListQuery },
        responses: { 200: jsonContent(pageSchema(offerSchema)), ...errorResponses },
      }),
      async (c) => c.json(await findOffers(authed(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/offers/export',
        tags: market,
        summary: '导出挂牌成果（省网上技术市场格式，Excel，默认脱敏）',
        request: {
          query: z.strictObject({
            unmasked: z
              .enum(['true', 'false'])
              .optional()
              .openapi({ description: '导出完整联系电话（需 pii:export）' }),
          }),
        },
        responses: {
          200: {
            description: '导出文件',
            content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const ctx = authed(c);
        c.get('limiter').hit(`export:${ctx.actor.userId}`, c.get('limits').exportsPerUser);
        const buf = await exportOffers(ctx, { unmasked: c.req.valid('query').unmasked === 'true' });
        return fileResponse(c, buf, '挂牌成果.xlsx', XLSX);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/offers/{id}',
        tags: market,
        summary: '挂牌详情',
        request: { params: idParam },
        responses: { 200: jsonContent(offerSchema), ...errorResponses },
      }),
      async (c) => c.json(await getOffer(authed(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/offers',
        tags: market,
        summary: '成果挂牌（转让、许可、合作、免费共享）',
        request: { body: body(createOfferBody) },
        responses: { 201: jsonContent(offerSchema, '已挂牌'), ...errorResponses },
      }),
      async (c) => c.json(await createOffer(authed(c), c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/offers/{id}',
        tags: market,
        summary: '修改或下架挂牌',
        request: { params: idParam, body: body(updateOfferBody) },
        responses: { 200: jsonContent(offerSchema), ...errorResponses },
      }),
      async (c) => c.json(await updateOffer(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/offers/{id}/intentions',
        tags: market,
        summary: '提交合作意向（企业）',
        request: { params: idParam, body: body(createIntentionBody) },
        responses: { 201: jsonContent(intentionSchema, '已提交'), ...errorResponses },
      }),
      async (c) => c.json(await sendIntention(authed(c), c.req.valid('param').id, c.req.valid('json')), 201),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/intentions',
        tags: market,
        summary: '合作意向列表（本级挂牌收到的，及本企业发出的）',
        request: { query: intentionListQuery },
        responses: { 200: jsonContent(pageSchema(intentionSchema)), ...errorResponses },
      }),
      async (c) => c.json(await findIntentions(authed(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/intentions/{id}',
        tags: market,
        summary: '合作意向详情（含跟进记录）',
        request: { params: idParam },
        responses: { 200: jsonContent(intentionSchema), ...errorResponses },
      }),
      async (c) => c.json(await getIntention(authed(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/intentions/{id}/notes',
        tags: market,
        summary: '工会跟进记录',
        request: { params: idParam, body: body(noteBody) },
        responses: { 200: jsonContent(intentionSchema), ...errorResponses },
      }),
      async (c) =>
        c.json(await addIntentionNote(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/deals',
        tags: market,
        summary: '成交记录',
        request: { query: offerListQuery.pick({ page: true, pageSize: true }) },
        responses: { 200: jsonContent(pageSchema(dealSchema)), ...errorResponses },
      }),
      async (c) => c.json(await findDeals(authed(c), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/deals/{id}',
        tags: market,
        summary: '成交详情',
        request: { params: idParam },
        responses: { 200: jsonContent(dealSchema), ...errorResponses },
      }),
      async (c) => c.json(await getDeal(authed(c), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/deals',
        tags: market,
        summary: '登记成交（金额、日期）',
        request: { body: body(createDealBody) },
        responses: { 201: jsonContent(dealSchema, '已登记'), ...errorResponses },
      }),
      async (c) => c.json(await createDeal(authed(c), c.req.valid('json')), 201),
    );
  return app;
}

/** The public showcase: no sign-in, only published achievements and consenting authors. */
function publicRoutes() {
  const tags = ['共享平台（公开）'];
  return createRouter()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/public/home',
        tags,
        summary: '共享平台首页（公开）',
        responses: { 200: jsonContent(publicHomeSchema), ...errorResponses },
      }),
      async (c) => c.json(await getPublicHome(c.get('ctx')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/public/achievements',
        tags,
        summary: '成果检索（公开；中文全文检索与筛选）',
        request: { query: publicQuery },
        responses: { 200: jsonContent(pageSchema(publicCardSchema)), ...errorResponses },
      }),
      async (c) => c.json(await findPublicAchievements(c.get('ctx'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/public/achievements/{id}',
        tags,
        summary: '成果详情（公开）',
        request: { params: idParam },
        responses: { 200: jsonContent(publicDetailSchema), ...errorResponses },
      }),
      async (c) => c.json(await getPublicAchievement(c.get('ctx'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/public/achievements/{id}/media/{mediaId}',
        tags,
        summary: '成果图片或公开资料（公开；只限已发布成果，内部材料不提供）',
        request: { params: publicMediaParams, query: publicMediaQuery },
        responses: {
          200: {
            description: '图片或文件',
            content: {
              'image/png': { schema: z.string().openapi({ format: 'binary' }) },
              'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
              'image/webp': { schema: z.string().openapi({ format: 'binary' }) },
              'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
            },
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const p = c.req.valid('param');
        const { w } = c.req.valid('query');
        const f = await getPublicMedia(c.get('ctx'), p.id, p.mediaId);
        // A phone asks for the width it shows (srcset): a WebP copy, made once and kept.
        const variant =
          f.image && w
            ? await imageVariant(
                c.get('ctx').db,
                { id: f.fileId, content: f.content },
                Number(w) as ImageWidth,
              )
            : null;
        const etag = variant ? `"${f.sha256}-w${w}"` : `"${f.sha256}"`;
        // Content never changes under a URL carrying its digest: phones keep it for a day.
        const cache = { 'Cache-Control': 'public, max-age=86400', ETag: etag };
        if (c.req.header('if-none-match') === etag) return c.body(null, 304, cache) as never;
        const body = variant ?? f;
        return c.body(new Uint8Array(body.content), 200, {
          ...cache,
          'Content-Type': body.mimeType,
          'Content-Length': String(body.size),
          'Content-Disposition': f.image ? 'inline' : contentDisposition(f.name),
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; sandbox",
        }) as never;
      },
    );
}

export function sharingAppRoutes() {
  return createRouter().route('/', publicRoutes()).route('/', sharingRoutes());
}
