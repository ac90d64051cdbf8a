import { createRoute, z } from '@hono/zod-openapi';
import { authed, createRouter, errorResponses, idParam, jsonContent } from '../../lib/http.ts';
import { pageSchema } from '../../lib/pagination.ts';
import { revealQuery } from '../orgs/orgs.schemas.ts';
import {
  createUserBody,
  resetPasswordBody,
  setRolesBody,
  updateUserBody,
  userListQuery,
  userSchema,
  versionBody,
} from './users.schemas.ts';
import {
  createUser,
  disableUser,
  enableUser,
  findUsers,
  getUser,
  resetUserPassword,
  revokeUserSessions,
  setUserRoles,
  unlockUser,
  updateUser,
} from './users.service.ts';

const tags = ['用户'];
const body = <T extends z.ZodTypeAny>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
const one = { 200: jsonContent(userSchema), ...errorResponses };

export const userRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/users',
      tags,
      summary: '用户列表（本级及下级）',
      request: { query: userListQuery },
      responses: { 200: jsonContent(pageSchema(userSchema)), ...errorResponses },
    }),
    async (c) => c.json(await findUsers(authed(c), c.req.valid('query')), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/users/{id}',
      tags,
      summary: '用户详情',
      request: { params: idParam, query: revealQuery },
      responses: one,
    }),
    async (c) =>
      c.json(
        await getUser(authed(c), c.req.valid('param').id, { reveal: c.req.valid('query').reveal === 'true' }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/users',
      tags,
      summary: '新建用户',
      request: { body: body(createUserBody) },
      responses: { 201: jsonContent(userSchema, '已创建'), ...errorResponses },
    }),
    async (c) => c.json(await createUser(authed(c), c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/users/{id}',
      tags,
      summary: '修改用户',
      request: { params: idParam, body: body(updateUserBody) },
      responses: one,
    }),
    async (c) => c.json(await updateUser(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/users/{id}/roles',
      tags,
      summary: '设置用户角色',
      request: { params: idParam, body: body(setRolesBody) },
      responses: one,
    }),
    async (c) => c.json(await setUserRoles(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/users/{id}/disable',
      tags,
      summary: '停用用户',
      request: { params: idParam, body: body(versionBody) },
      responses: one,
    }),
    async (c) =>
      c.json(await disableUser(authed(c), c.req.valid('param').id, c.req.valid('json').version), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/users/{id}/enable',
      tags,
      summary: '启用用户',
      request: { params: idParam, body: body(versionBody) },
      responses: one,
    }),
    async (c) =>
      c.json(await enableUser(authed(c), c.req.valid('param').id, c.req.valid('json').version), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/users/{id}/unlock',
      tags,
      summary: '解除锁定',
      request: { params: idParam, body: body(versionBody) },
      responses: one,
    }),
    async (c) =>
      c.json(await unlockUser(authed(c), c.req.valid('param').id, c.req.valid('json').version), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/users/{id}/reset-password',
      tags,
      summary: '重置密码（首次登录须修改）',
      request: { params: idParam, body: body(resetPasswordBody) },
      responses: one,
    }),
    async (c) =>
      c.json(await resetUserPassword(authed(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/users/{id}/revoke-sessions',
      tags,
      summary: '强制下线（结束全部会话）',
      request: { params: idParam },
      responses: { 200: jsonContent(z.object({ sessions: z.number().int() })), ...errorResponses },
    }),
    async (c) => c.json({ sessions: await revokeUserSessions(authed(c), c.req.valid('param').id) }, 200),
  );
