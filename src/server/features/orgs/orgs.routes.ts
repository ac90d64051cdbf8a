import { createRoute, z } from '@hono/zod-openapi';
import { INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import { authed, createRouter, errorResponses, idParam, jsonContent, jsonOnce } from '../../lib/http.ts';
import { pageSchema } from '../../lib/pagination.ts';
import {
  createEnterpriseBody,
  createIndustryUnionBody,
  mountainIslandListSchema,
  orgListQuery,
  orgSchema,
  revealQuery,
  saveMountainIslandBody,
  treeNodeSchema,
  treeQuery,
  updateOrgBody,
  yearParam,
} from './orgs.schemas.ts';
import {
  createEnterprise,
  createIndustryUnion,
  deleteEnterprise,
  findMountainIslandLists,
  findOrgs,
  getOrg,
  getOrgTree,
  saveMountainIslandList,
  updateOrg,
} from './orgs.service.ts';

const tags = ['组织'];
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});

export const orgRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/orgs/tree',
      tags,
      summary: '组织树（省—市—县、产业工会）',
      request: { query: treeQuery },
      responses: { 200: jsonContent(z.array(treeNodeSchema)), ...errorResponses },
    }),
    async (c) => c.json(await getOrgTree(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/orgs',
      tags,
      summary: '组织与企业列表',
      request: { query: orgListQuery },
      responses: { 200: jsonContent(pageSchema(orgSchema)), ...errorResponses },
    }),
    async (c) => jsonOnce(c, await findOrgs(authed(c), c.req.valid('query'))),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/orgs/{id}',
      tags,
      summary: '组织详情',
      request: { params: idParam, query: revealQuery },
      responses: { 200: jsonContent(orgSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await getOrg(authed(c), c.req.valid('param').id, { reveal: c.req.valid('query').reveal === 'true' }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/orgs/enterprises',
      tags,
      summary: '登记企业',
      request: { body: body(createEnterpriseBody) },
      responses: { 201: jsonContent(orgSchema, '已创建'), ...errorResponses },
    }),
    async (c) => c.json(await createEnterprise(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/orgs/industry-unions',
      tags,
      summary: '新增省级产业工会',
      request: { body: body(createIndustryUnionBody) },
      responses: { 201: jsonContent(orgSchema, '已创建'), ...errorResponses },
    }),
    async (c) => c.json(await createIndustryUnion(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/orgs/{id}',
      tags,
      summary: '修改组织或企业',
      request: { params: idParam, body: body(updateOrgBody) },
      responses: { 200: jsonContent(orgSchema), ...errorResponses },
    }),
    async (c) => c.json(await updateOrg(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/orgs/{id}',
      tags,
      summary: '删除企业（软删除）',
      request: {
        params: idParam,
        query: z.strictObject({
          version: z.coerce
            .number()
            .int()
            .positive()
            .max(2 ** 31 - 1),
        }),
      },
      responses: { 200: jsonContent(z.object({ ok: z.literal(true) })), ...errorResponses },
    }),
    async (c) => {
      await deleteEnterprise(authed(c), c.req.valid('param').id, c.req.valid('query').version);
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/mountain-island-lists',
      tags,
      summary: '山区海岛县名单（按年）',
      responses: { 200: jsonContent(z.array(mountainIslandListSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findMountainIslandLists(authed(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/mountain-island-lists/{year}',
      tags,
      summary: '保存某年山区海岛县名单（省总）',
      request: { params: yearParam, body: body(saveMountainIslandBody) },
      responses: { 200: jsonContent(mountainIslandListSchema), ...errorResponses },
    }),
    async (c) =>
      c.json(await saveMountainIslandList(authed(c), c.req.valid('param').year, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/dictionaries/industries',
      tags: ['字典'],
      summary: '国民经济行业分类 GB/T 4754-2017（门类与大类）',
      responses: {
        200: jsonContent(
          z.array(
            z.object({
              code: z.string(),
              name: z.string(),
              divisions: z.array(z.object({ code: z.string(), name: z.string() })),
            }),
          ),
        ),
        ...errorResponses,
      },
    }),
    (c) => {
      authed(c);
      return c.json(
        INDUSTRY_SECTIONS.map((s) => ({
          code: s.code,
          name: s.name,
          divisions: s.divisions.map((d) => ({ code: d.code, name: d.name })),
        })),
        200,
      );
    },
  );
