// Routes of every registry, generated from the definitions: /api/registries/{key}[/{id}[/history]].
import { createRoute, z } from '@hono/zod-openapi';
import { REGISTRY_DEFS } from '#shared/registries/catalog.ts';
import { authed, createRouter, errorResponses, idParam, jsonContent } from '../../lib/http.ts';
import { pageSchema } from '../../lib/pagination.ts';
import { revealQuery } from '../orgs/orgs.schemas.ts';
import { createBody, listQuery, recordSchema, updateBody } from './registries.schemas.ts';
import {
  createRecord,
  deleteRecord,
  findRecordHistory,
  findRecords,
  getRecord,
  updateRecord,
} from './registries.service.ts';

const historySchema = z.array(
  z.object({
    version: z.number().int(),
    action: z.string(),
    at: z.string(),
    userId: z.number().int().nullable(),
    data: z.record(z.string(), z.unknown()),
  }),
);

export function registryRoutes() {
  const app = createRouter();
  for (const def of REGISTRY_DEFS) {
    const base = `/api/registries/${def.key}`;
    const tags = [`台账：${def.label.zh}`];
    const record = recordSchema(def);
    const json = <T extends z.ZodTypeAny>(schema: T) => ({
      content: { 'application/json': { schema } },
      required: true,
    });
    app
      .openapi(
        createRoute({
          method: 'get',
          path: base,
          tags,
          summary: `${def.label.zh}列表`,
          request: { query: listQuery(def) },
          responses: { 200: jsonContent(pageSchema(record)), ...errorResponses },
        }),
        async (c) =>
          c.json((await findRecords(authed(c), def.key, c.req.valid('query') as never)) as never, 200),
      )
      .openapi(
        createRoute({
          method: 'post',
          path: base,
          tags,
          summary: `登记${def.itemLabel.zh}`,
          request: { body: json(createBody(def)) },
          responses: { 201: jsonContent(record, '已创建'), ...errorResponses },
        }),
        async (c) =>
          c.json(
            (await createRecord(authed(c), def.key, c.req.valid('json') as Record<string, unknown>)) as never,
            201,
          ),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: `${base}/{id}`,
          tags,
          summary: `${def.itemLabel.zh}详情`,
          request: { params: idParam, query: revealQuery },
          responses: { 200: jsonContent(record), ...errorResponses },
        }),
        async (c) =>
          c.json(
            (await getRecord(authed(c), def.key, c.req.valid('param').id, {
              reveal: c.req.valid('query').reveal === 'true',
            })) as never,
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'patch',
          path: `${base}/{id}`,
          tags,
          summary: `修改${def.itemLabel.zh}`,
          request: { params: idParam, body: json(updateBody(def)) },
          responses: { 200: jsonContent(record), ...errorResponses },
        }),
        async (c) =>
          c.json(
            (await updateRecord(
              authed(c),
              def.key,
              c.req.valid('param').id,
              c.req.valid('json') as Record<string, unknown>,
            )) as never,
            200,
          ),
      )
      .openapi(
        createRoute({
          method: 'delete',
          path: `${base}/{id}`,
          tags,
          summary: `删除${def.itemLabel.zh}（保留历史）`,
          request: {
            params: idParam,
            query: z.strictObject({ version: z.coerce.number().int().positive() }),
          },
          responses: { 200: jsonContent(z.object({ ok: z.literal(true) })), ...errorResponses },
        }),
        async (c) => {
          await deleteRecord(authed(c), def.key, c.req.valid('param').id, c.req.valid('query').version);
          return c.json({ ok: true as const }, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: `${base}/{id}/history`,
          tags,
          summary: `${def.itemLabel.zh}修改历史`,
          request: { params: idParam },
          responses: { 200: jsonContent(historySchema), ...errorResponses },
        }),
        async (c) =>
          c.json((await findRecordHistory(authed(c), def.key, c.req.valid('param').id)) as never, 200),
      );
  }
  return app;
}
