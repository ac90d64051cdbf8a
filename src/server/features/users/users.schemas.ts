import { z } from '@hono/zod-openapi';
import { ROLES } from '#shared/roles.ts';
import { isValidMobile } from '#shared/validators.ts';
import { pageQuery } from '../../lib/pagination.ts';

export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    orgId: z.number().int(),
    orgName: z.string(),
    phone: z.string().nullable().openapi({ description: '默认脱敏（138****1234）' }),
    email: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    locked: z.boolean(),
    lockedUntil: z.string().nullable(),
    roles: z.array(z.enum(ROLES)),
    lastLoginAt: z.string().nullable(),
    mustChangePassword: z.boolean(),
    version: z.number().int(),
  })
  .openapi('User');

const phone = z.string().trim().refine(isValidMobile, '手机号码无效：应为 11 位，以 1 开头');

export const userListQuery = z.strictObject({
  ...pageQuery,
  orgId: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52)
    .optional()
    .openapi({ description: '只看该组织及其下级' }),
  q: z.string().trim().max(64).optional().openapi({ description: '按用户名或姓名搜索' }),
  status: z.enum(['active', 'disabled']).optional(),
  role: z.enum(ROLES).optional(),
});

export const createUserBody = z
  .strictObject({
    username: z
      .string()
      .trim()
      .regex(/^[a-zA-Z][a-zA-Z0-9._-]{2,31}$/, '用户名为 3–32 位字母、数字、点、下划线或连字符，以字母开头'),
    displayName: z.string().trim().min(1, '请填写姓名').max(50),
    orgId: z.number().int().positive(),
    phone: phone.nullable().optional(),
    email: z.email('邮箱格式有误').max(100).nullable().optional(),
    roles: z.array(z.enum(ROLES)).max(5).default([]),
    password: z.string().min(1).max(128).openapi({ description: '初始密码；用户首次登录须修改' }),
  })
  .openapi('CreateUser');

export const updateUserBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
    displayName: z.string().trim().min(1).max(50).optional(),
    phone: phone.nullable().optional(),
    email: z.email('邮箱格式有误').max(100).nullable().optional(),
    orgId: z.number().int().positive().optional(),
  })
  .openapi('UpdateUser');

export const setRolesBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
    roles: z.array(z.enum(ROLES)).max(5),
  })
  .openapi('SetUserRoles');

export const versionBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
  })
  .openapi('VersionBody');

export const resetPasswordBody = z
  .strictObject({
    version: z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1),
    password: z.string().min(1).max(128),
  })
  .openapi('ResetPassword');
