// What the database's refusals mean to the person who asked. Services turn the refusals they
// expect into their own messages (a duplicate 统一社会信用代码, …); what reaches the error
// handler unhandled is answered here by its SQLSTATE, the same on PGlite and PostgreSQL,
// instead of as an internal error.
import { AppError } from './errors.ts';

/** The SQLSTATE of a database error, also when Drizzle wraps it (DrizzleQueryError.cause). */
export function sqlState(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A transaction that lost a deadlock or a serialisation conflict to another one was rolled back
 * whole and may simply run again.
 */
export const isRetryable = (err: unknown) => {
  const s = sqlState(err);
  return s === '40P01' || s === '40001';
};

/** The answer for a database refusal nobody handled, or null for a real fault. */
export function fromDatabaseError(err: unknown): AppError | null {
  switch (sqlState(err)) {
    case '40P01': // deadlock_detected
    case '40001': // serialization_failure
    case '55P03': // lock_not_available
      return new AppError('CONFLICT', '数据正被他人同时修改，请稍后重试');
    case '23505': // unique_violation
      return new AppError('CONFLICT', '与已有的记录重复（可能有人刚刚提交了相同的内容），请刷新后检查');
    case '23503': // foreign_key_violation
      return new AppError('CONFLICT', '所引用的记录已不存在（可能刚被删除），请刷新后重试');
    case '57014': // query_canceled: the statement timeout (SECURITY.md)
      return new AppError('BUSY', '查询用时过长，已中止：请缩小查询范围后重试', undefined, {
        'Retry-After': '5',
      });
    default:
      return null;
  }
}
