// Names of the audit events the server writes (its `event` codes), in both languages.
import type { Msg } from '../../lib/i18n.tsx';

export const EVENT_LABELS: Record<string, Msg> = {
  'auth.login': { zh: '登录', en: 'Sign-in' },
  'auth.lockout': { zh: '账号锁定', en: 'Account locked' },
  'auth.logout': { zh: '退出登录', en: 'Sign-out' },
  'auth.logout_all': { zh: '退出所有设备', en: 'Sign-out everywhere' },
  'auth.password_change': { zh: '修改密码', en: 'Password changed' },
  'user.create': { zh: '新建用户', en: 'User created' },
  'user.update': { zh: '修改用户', en: 'User edited' },
  'user.roles': { zh: '设置角色', en: 'Roles changed' },
  'user.disable': { zh: '停用用户', en: 'User disabled' },
  'user.enable': { zh: '启用用户', en: 'User enabled' },
  'user.unlock': { zh: '解除锁定', en: 'User unlocked' },
  'user.password_reset': { zh: '重置密码', en: 'Password reset' },
  'user.sessions_revoke': { zh: '强制下线', en: 'Sessions revoked' },
  'org.create': { zh: '新建组织/企业', en: 'Organisation created' },
  'org.update': { zh: '修改组织/企业', en: 'Organisation edited' },
  'org.delete': { zh: '删除企业', en: 'Enterprise deleted' },
  'mountain_island.save': { zh: '保存山区海岛县名单', en: 'Mountain/island list saved' },
  'pii.view': { zh: '查看完整个人信息', en: 'Personal data viewed' },
  'access.denied': { zh: '越权访问被拒绝', en: 'Access denied' },
  'audit.verify': { zh: '校验审计日志', en: 'Audit log verified' },
};
