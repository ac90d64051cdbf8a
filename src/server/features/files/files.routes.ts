// /api/attachments: upload (multipart, ≤ 20 MB), list by owner, one attachment's facts, its
// content (a download with a safe name, never sniffed by the browser), soft delete.
import { createRoute, z } from '@hono/zod-openapi';
import { invalid } from '../../lib/errors.ts';
import { authed, createRouter, errorResponses, idParam, jsonContent } from '../../lib/http.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import {
  deleteAttachment,
  findAttachments,
  getAttachment,
  getAttachmentContent,
  uploadAttachment,
} from './files.service.ts';
import { contentDisposition } from './files.sniff.ts';

const tags = ['附件'];

const ownerType = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, '所属对象类型无效')
  .openapi({ description: '所属对象类型（如台账键 studios）' });
const ownerId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 52)
  .openapi({ description: '所属对象编号' });

const attachmentSchema = z
  .object({
    id: z.number().int(),
    ownerType: z.string(),
    ownerId: z.number().int(),
    orgId: z.number().int(),
    name: z.string(),
    size: z.number().int(),
    mimeType: z.string(),
    sha256: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: z.number().int().nullable(),
  })
  .openapi('Attachment');

export const fileRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/attachments',
      tags,
      summary: '上传附件（PDF、JPG、PNG、DOCX、XLSX，≤ 20 MB，按文件内容识别类型）',
      request: {
        query: z.strictObject({ ownerType, ownerId }),
        body: {
          content: {
            'multipart/form-data': {
              schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }),
            },
          },
          required: true,
        },
      },
      responses: { 201: jsonContent(attachmentSchema, '已上传'), ...errorResponses },
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
      if (!(file instanceof File))
        throw invalid('请选择要上传的文件（字段名 file）', [{ path: 'file', message: '必填' }]);
      const content = Buffer.from(await file.arrayBuffer());
      return c.json(await uploadAttachment(ctx, c.req.valid('query'), { name: file.name, content }), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/attachments',
      tags,
      summary: '附件列表（本级及下级；可按所属对象筛选）',
      request: {
        query: z.strictObject({ ...pageQuery, ownerType: ownerType.optional(), ownerId: ownerId.optional() }),
      },
      responses: { 200: jsonContent(pageSchema(attachmentSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findAttachments(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/attachments/{id}',
      tags,
      summary: '附件信息',
      request: { params: idParam },
      responses: { 200: jsonContent(attachmentSchema), ...errorResponses },
    }),
    async (c) => c.json(await getAttachment(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/attachments/{id}/content',
      tags,
      summary: '下载附件',
      request: { params: idParam },
      responses: {
        200: {
          description: '文件内容',
          content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const f = await getAttachmentContent(authed(c), c.req.valid('param').id);
      return c.body(new Uint8Array(f.content), 200, {
        'Content-Type': f.mimeType,
        'Content-Length': String(f.size),
        'Content-Disposition': contentDisposition(f.name),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      }) as never;
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/attachments/{id}',
      tags,
      summary: '删除附件',
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
      await deleteAttachment(authed(c), c.req.valid('param').id, c.req.valid('query').version);
      return c.json({ ok: true as const }, 200);
    },
  );
