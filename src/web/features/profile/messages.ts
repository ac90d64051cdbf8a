import type { Msg } from '../../lib/i18n.tsx';

export const m = {
  title: { zh: '个人中心', en: 'My account' },
  account: { zh: '账号信息', en: 'Account' },
  username: { zh: '用户名', en: 'User name' },
  displayName: { zh: '姓名', en: 'Name' },
  org: { zh: '所属组织', en: 'Organisation' },
  roles: { zh: '角色', en: 'Roles' },
  permissions: { zh: '权限', en: 'Permissions' },
  changePassword: { zh: '修改密码', en: 'Change password' },
  changePasswordHint: {
    zh: '修改密码后，您在所有设备上的登录都会结束，需要重新登录。',
    en: 'After the change every session of yours ends; sign in again.',
  },
  sessions: { zh: '登录会话', en: 'Sessions' },
  logoutAll: { zh: '退出所有设备', en: 'Sign out everywhere' },
  logoutAllHint: {
    zh: '结束您在所有浏览器和设备上的登录（包括当前这一个）。',
    en: 'Ends your sessions in every browser and device, this one included.',
  },
  logoutAllConfirm: { zh: '确定退出所有设备上的登录？', en: 'Sign out on every device?' },
  loggedOutAll: { zh: '已结束 {n} 个会话，请重新登录', en: '{n} sessions ended; please sign in again' },
} satisfies Record<string, Msg>;
