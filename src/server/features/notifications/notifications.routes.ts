import { createRoute, z } from '@hono/zod-openapi';
import { authed, createRouter, errorResponses, idParam, jsonContent } from '../../lib/http.ts';
import { pageQuery, pageSchema } from '../../lib/pagination.ts';
import {
  countUnread,
  findNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from './notifications.service.ts';

const tags = ['通知'];
const notificationSchema = z
  .object({
    id: z.number().int(),
    orgId: z.number().int().nullable(),
    kind: z.string(),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable(),
    subjectType: z.string().nullable(),
    subjectId: z.number().int().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

export const notificationRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/notifications',
      tags,
      summary: '我的通知',
      request: {
        query: z.strictObject({ ...pageQuery, unread: z.enum(['true', 'false']).optional() }),
      },
      responses: { 200: jsonContent(pageSchema(notificationSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findNotifications(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/notifications/unread-count',
      tags,
      summary: '未读通知数',
      responses: { 200: jsonContent(z.object({ unread: z.number().int() })), ...errorResponses },
    }),
    async (c) => c.json(await countUnread(authed(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/notifications/{id}/read',
      tags,
      summary: '标为已读',
      request: { params: idParam },
      responses: { 200: jsonContent(notificationSchema), ...errorResponses },
    }),
    async (c) => c.json(await markNotificationRead(authed(c), c.req.valid('param').id), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/notifications/read-all',
      tags,
      summary: '全部标为已读',
      responses: { 200: jsonContent(z.object({ marked: z.number().int() })), ...errorResponses },
    }),
    async (c) => c.json(await markAllNotificationsRead(authed(c)), 200),
  );
