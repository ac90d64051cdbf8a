// Routes of every registry, generated from the definitions: /api/registries/{key}[/{id}[/history]].
import { PassThrough } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { RegistryDef } from '#shared/registries/types.ts';
import { invalid } from '../../lib/errors.ts';
import { collect } from './registries.excel.ts';
import { getImportJob, startImportJob } from './registries.import-jobs.ts';
import { exportRecords, getImportErrorFile, registryTemplate } from './registries.transfer.ts';
import { REGISTRY_DEFS } from '#shared/registries/catalog.ts';
import { authed, createRouter, errorResponses, fileResponse, idParam, jsonContent } from '../../lib/http.ts';
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

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxContent = (description: string) => ({
  description,
  content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } },
});

const xlsx = (c: Context, body: Buffer, fileName: string) => fileResponse(c, body, fileName, XLSX);

const importResultSchema = z
  .object({
    total: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
    imported: z.boolean(),
    errors: z.array(z.object({ row: z.number().int(), messages: z.array(z.string()) })),
    warnings: z.array(z.string()),
    errorFileId: z.string().nullable(),
  })
  .openapi('ImportResult');

const importJobSchema = z
  .object({
    id: z.string(),
    registry: z.string(),
    fileName: z.string(),
    mode: z.enum(['all', 'valid']),
    status: z
      .enum(['running', 'done', 'failed'])
      .openapi({ description: 'running：进行中；done：已完成（见 result）；failed：失败或中断（见 error）' }),
    phase: z.enum(['reading', 'checking', 'writing', 'finished']),
    rowsRead: z.number().int(),
    rowsTotal: z.number().int().nullable(),
    rowsWritten: z.number().int(),
    rowsToWrite: z.number().int().nullable(),
    error: z.string().nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    result: importResultSchema.nullable(),
  })
  .openapi('ImportJob');

/** The list's filters without paging, and whether to export personal data in full. */
function exportQuery(def: RegistryDef) {
  return listQuery(def)
    .omit({ page: true, pageSize: true })
    .extend({
      unmasked: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: '导出完整个人信息（需 pii:export，记入审计）' }),
    });
}

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
    // The file routes come before `{id}`, so that `template` is not read as an id.
    app
      .openapi(
        createRoute({
          method: 'get',
          path: `${base}/template`,
          tags,
          summary: `${def.label.zh}导入模板（Excel）`,
          responses: { 200: xlsxContent('模板'), ...errorResponses },
        }),
        async (c) => xlsx(c, await registryTemplate(authed(c), def.key), `${def.label.zh}导入模板.xlsx`),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: `${base}/export`,
          tags,
          summary: `导出${def.label.zh}（Excel，默认脱敏）`,
          request: { query: exportQuery(def) },
          responses: { 200: xlsxContent('导出文件'), ...errorResponses },
        }),
        async (c) => {
          const ctx = authed(c);
          c.get('limiter').hit(`export:${ctx.actor.userId}`, c.get('limits').exportsPerUser);
          const { unmasked, ...q } = c.req.valid('query') as Record<string, unknown>;
          const out = new PassThrough();
          const bytes = collect(out);
          await exportRecords(ctx, def.key, { ...q, unmasked: unmasked === 'true' }, out);
          return xlsx(c, await bytes, `${def.label.zh}.xlsx`);
        },
      )
      .openapi(
        createRoute({
          method: 'post',
          path: `${base}/import`,
          tags,
          summary: `导入${def.label.zh}（Excel）`,
          request: {
            query: z.strictObject({
              mode: z
                .enum(['all', 'valid'])
                .default('all')
                .openapi({ description: 'all：有错则全部不导入；valid：只导入无误的行' }),
            }),
            body: {
              content: {
                'multipart/form-data': {
                  schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
                },
              },
              required: true,
            },
          },
          responses: {
            200: jsonContent(importJobSchema, '已完成（小文件在答复前即完成）'),
            202: jsonContent(importJobSchema, '进行中：轮询 import-jobs/{jobId}'),
            ...errorResponses,
          },
        }),
        async (c) => {
          const ctx = authed(c);
          let form: Record<string, unknown>;
          try {
            form = await c.req.parseBody();
          } catch {
            throw invalid('请以 multipart/form-data 上传文件（字段名 file）');
          }
          const file = form.file;
          if (!(file instanceof File)) throw invalid('请选择要导入的 Excel 文件（字段名 file）');
          const content = Buffer.from(await file.arrayBuffer());
          const job = await startImportJob(
            ctx,
            def.key,
            { name: file.name, content },
            c.req.valid('query').mode,
          );
          return job.status === 'running' ? c.json(job, 202) : c.json(job, 200);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: `${base}/import-jobs/{jobId}`,
          tags,
          summary: '导入任务的进度与结果',
          request: {
            params: z.object({ jobId: z.uuid().openapi({ param: { name: 'jobId', in: 'path' } }) }),
          },
          responses: { 200: jsonContent(importJobSchema), ...errorResponses },
        }),
        async (c) => c.json(await getImportJob(authed(c), def.key, c.req.valid('param').jobId), 200),
      )
      .openapi(
        createRoute({
          method: 'get',
          path: `${base}/import-results/{resultId}`,
          tags,
          summary: '下载导入错误说明文件',
          request: {
            params: z.object({ resultId: z.uuid().openapi({ param: { name: 'resultId', in: 'path' } }) }),
          },
          responses: { 200: xlsxContent('标注了错误的原文件'), ...errorResponses },
        }),
        async (c) => {
          const f = await getImportErrorFile(authed(c), def.key, c.req.valid('param').resultId);
          return xlsx(c, f.content, f.fileName);
        },
      )
      .openapi(
        createRoute({
          method: 'get',
          path: base,
          tags,
          summary: `${def.label.zh}列表`,
          request: { query: listQuery(def) },
          responses: {
            200: jsonContent(
              pageSchema(record).extend({
                totalExact: z
                  .boolean()
                  .openapi({ description: 'false：记录超过 10000 条，total 为 10000（显示为“10000+”）' }),
              }),
            ),
            ...errorResponses,
          },
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
