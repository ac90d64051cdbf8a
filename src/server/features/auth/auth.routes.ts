import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { authed, createRouter, errorResponses, jsonContent } from '../../lib/http.ts';
import { changePasswordBody, loginBody, meSchema } from './auth.schemas.ts';
import { changeOwnPassword, login, logout, logoutEverywhere, SESSION_ABSOLUTE_MS } from './auth.service.ts';

export const SESSION_COOKIE = 'jx_session';

const ok = z.object({ ok: z.literal(true) });

export const authRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/login',
      tags: ['认证'],
      summary: '登录',
      request: { body: { content: { 'application/json': { schema: loginBody } }, required: true } },
      responses: { 200: jsonContent(z.object({ mustChangePassword: z.boolean() })), ...errorResponses },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const body = c.req.valid('json');
      const limiter = c.get('limiter');
      const limits = c.get('limits');
      limiter.hit(`login-ip:${ctx.ip ?? '?'}`, limits.loginPerIp);
      limiter.hit(`login-account:${body.username.toLowerCase()}`, limits.loginPerAccount);
      const result = await login(ctx, body, getCookie(c, SESSION_COOKIE));
      setCookie(c, SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: c.get('secureCookies'),
        path: '/',
        maxAge: SESSION_ABSOLUTE_MS / 1000,
      });
      return c.json({ mustChangePassword: result.mustChangePassword }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout',
      tags: ['认证'],
      summary: '退出登录',
      responses: { 200: jsonContent(ok), ...errorResponses },
    }),
    async (c) => {
      await logout(authed(c));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true as const }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/logout-all',
      tags: ['认证'],
      summary: '退出所有设备',
      responses: { 200: jsonContent(z.object({ sessions: z.number().int() })), ...errorResponses },
    }),
    async (c) => {
      const n = await logoutEverywhere(authed(c));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ sessions: n }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/auth/me',
      tags: ['认证'],
      summary: '当前用户',
      responses: { 200: jsonContent(meSchema), ...errorResponses },
    }),
    (c) => {
      const ctx = authed(c);
      const a = ctx.actor;
      return c.json(
        {
          id: a.userId,
          username: a.username,
          displayName: a.displayName,
          org: { id: a.orgId, name: a.orgName, path: a.orgPath },
          roles: a.roles,
          permissions: [...a.permissions],
          mustChangePassword: !!(a as { mustChangePassword?: boolean }).mustChangePassword,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/auth/password',
      tags: ['认证'],
      summary: '修改本人密码（所有会话随之结束）',
      request: { body: { content: { 'application/json': { schema: changePasswordBody } }, required: true } },
      responses: { 200: jsonContent(ok), ...errorResponses },
    }),
    async (c) => {
      await changeOwnPassword(authed(c), c.req.valid('json'));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true as const }, 200);
    },
  );
