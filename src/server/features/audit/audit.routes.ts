import { createRoute, z } from '@hono/zod-openapi';
import { authed, createRouter, errorResponses, jsonContent } from '../../lib/http.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import { findAuditEvents, findLoginLog, verifyAudit } from './audit.service.ts';

const tags = ['审计'];

const auditEventSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    userId: z.number().int().nullable(),
    username: z.string().nullable(),
    orgId: z.number().int().nullable(),
    ip: z.string().nullable(),
    event: z.string(),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    result: z.string(),
    requestId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEvent');

const loginEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    username: z.string(),
    userId: z.number().int().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    success: z.boolean(),
    reason: z.string().nullable(),
  })
  .openapi('LoginLogEntry');

export const auditRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/audit/events',
      tags,
      summary: '审计日志',
      request: {
        query: z.strictObject({
          ...pageQuery,
          event: z.string().max(64).optional(),
          username: z.string().max(64).optional(),
          result: z.enum(['success', 'failure', 'denied']).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
      },
      responses: { 200: jsonContent(pageSchema(auditEventSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findAuditEvents(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/audit/logins',
      tags,
      summary: '登录日志',
      request: {
        query: z.strictObject({
          ...pageQuery,
          username: z.string().max(64).optional(),
          success: z.enum(['true', 'false']).optional(),
        }),
      },
      responses: { 200: jsonContent(pageSchema(loginEntrySchema)), ...errorResponses },
    }),
    async (c) => c.json(await findLoginLog(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/audit/verify',
      tags,
      summary: '校验审计日志哈希链',
      responses: {
        200: jsonContent(
          z.object({
            ok: z.boolean(),
            checked: z.number().int(),
            firstBadId: z.number().int().nullable(),
            reason: z.string().nullable(),
          }),
        ),
        ...errorResponses,
      },
    }),
    async (c) => c.json(await verifyAudit(authed(c)), 200),
  );
