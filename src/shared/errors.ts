// Stable error codes shared by server and web. The web shows `message` (Chinese);
// `en` is kept beside it for the English interface and for logs.
export const ERROR_CODES = {
  NOT_FOUND: { status: 404, zh: '记录不存在或无权访问', en: 'Not found' },
  FORBIDDEN: { status: 403, zh: '没有执行此操作的权限', en: 'Forbidden' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '密码已过期或为初始密码，请先修改密码',
    en: 'Your password has expired or was set by an administrator: change it first',
  },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  INVALID_INPUT: { status: 400, zh: '输入有误，请检查后重试', en: 'Invalid input' },
  CONFLICT: { status: 409, zh: '数据已被他人修改或已存在，请刷新后重试', en: 'Conflict' },
  INVALID_STATE: { status: 409, zh: '当前状态不允许此操作', en: 'Invalid state' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容过大', en: 'Payload too large' },
  BUSY: { status: 503, zh: '服务器繁忙，请稍后重试', en: 'Busy: try again shortly' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请联系管理员', en: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ErrorIssue[] };
}
