import type { Msg } from '../../lib/i18n.tsx';

export const m = {
  signInTitle: { zh: '登录', en: 'Sign in' },
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  usernameRequired: { zh: '请输入用户名', en: 'Enter your user name' },
  passwordRequired: { zh: '请输入密码', en: 'Enter your password' },
  signIn: { zh: '登录', en: 'Sign in' },
  demoHint: {
    zh: '演示环境：可使用 province.admin、chunan.admin、auditor.demo 等演示账号登录，密码 Demo@2025。',
    en: 'Demo: sign in as province.admin, chunan.admin, auditor.demo … with the password Demo@2025.',
  },
  tagline: {
    zh: '劳模工匠 · 创新工作室 · 职工创新',
    en: 'Model workers · craftsmen · innovation studios',
  },
  changeTitle: { zh: '修改密码', en: 'Change password' },
  mustChange: {
    zh: '您的密码为初始密码或已过期，请先设置新密码。修改后需要重新登录。',
    en: 'Your password is an initial or expired one. Set a new password first; you will then sign in again.',
  },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  confirmPassword: { zh: '确认新密码', en: 'Confirm new password' },
  mismatch: { zh: '两次输入的新密码不一致', en: 'The two new passwords differ' },
  policyUnmet: { zh: '新密码不符合密码策略', en: 'The new password does not meet the policy' },
  changed: {
    zh: '密码已修改，所有会话已结束，请使用新密码重新登录',
    en: 'Password changed; all sessions ended. Sign in with the new password.',
  },
  submitChange: { zh: '修改密码', en: 'Change password' },
  backToLogin: { zh: '返回登录', en: 'Back to sign-in' },
} satisfies Record<string, Msg>;
