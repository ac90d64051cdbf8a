import { z } from '@hono/zod-openapi';
import { PERMISSIONS, ROLES } from '#shared/roles.ts';

export const loginBody = z
  .strictObject({
    username: z.string().trim().min(1, '请输入用户名').max(64, '用户名过长'),
    password: z.string().min(1, '请输入密码').max(128, '密码过长'),
  })
  .openapi('LoginBody');

export const changePasswordBody = z
  .strictObject({
    currentPassword: z.string().min(1, '请输入当前密码').max(128),
    newPassword: z.string().min(1, '请输入新密码').max(128, '密码不能超过 128 位'),
  })
  .openapi('ChangePasswordBody');

export const meSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    org: z.object({ id: z.number().int(), name: z.string(), path: z.string() }),
    roles: z.array(z.enum(ROLES)),
    permissions: z.array(z.enum(PERMISSIONS)),
    mustChangePassword: z.boolean(),
  })
  .openapi('Me');
