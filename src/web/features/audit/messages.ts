import type { Msg } from '../../lib/i18n.tsx';

export const m = {
  title: { zh: '审计日志', en: 'Audit log' },
  eventsTab: { zh: '操作审计', en: 'Events' },
  loginsTab: { zh: '登录日志', en: 'Sign-ins' },
  at: { zh: '时间', en: 'Time' },
  user: { zh: '用户', en: 'User' },
  event: { zh: '事件', en: 'Event' },
  eventPlaceholder: { zh: '事件类型', en: 'Event type' },
  object: { zh: '对象', en: 'Object' },
  result: { zh: '结果', en: 'Result' },
  success: { zh: '成功', en: 'Success' },
  failure: { zh: '失败', en: 'Failure' },
  denied: { zh: '拒绝', en: 'Denied' },
  ip: { zh: 'IP 地址', en: 'IP address' },
  detail: { zh: '详情', en: 'Detail' },
  requestId: { zh: '请求编号', en: 'Request id' },
  hash: { zh: '哈希', en: 'Hash' },
  period: { zh: '时间范围', en: 'Period' },
  reason: { zh: '原因', en: 'Reason' },
  userAgent: { zh: '客户端', en: 'Client' },
  verify: { zh: '校验哈希链', en: 'Verify hash chain' },
  verifyOk: {
    zh: '审计日志完整：已校验 {n} 条记录，哈希链无断裂。',
    en: 'The audit log is intact: {n} records checked, the hash chain is unbroken.',
  },
  verifyBad: {
    zh: '审计日志校验失败：已校验 {n} 条，首个异常记录编号 {id}。',
    en: 'Verification failed: {n} records checked, first bad record {id}.',
  },
  verifyReason: { zh: '原因：{r}', en: 'Reason: {r}' },
  usernameExact: { zh: '用户名（精确）', en: 'User name (exact)' },
} satisfies Record<string, Msg>;
