import { describe, expect, it } from 'vitest';
import { fromDatabaseError, isRetryable, sqlState } from './db-errors.ts';

// What pg throws, and what Drizzle (DrizzleQueryError) wraps it in.
const pgError = (code: string) => Object.assign(new Error('refused'), { code });
const wrapped = (code: string) => Object.assign(new Error('Failed query: …'), { cause: pgError(code) });

describe('database refusals', () => {
  it('reads the SQLSTATE of a pg error, also wrapped by Drizzle, and nothing else', () => {
    expect(sqlState(pgError('23505'))).toBe('23505');
    expect(sqlState(wrapped('40P01'))).toBe('40P01');
    expect(sqlState(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(sqlState(new Error('x'))).toBeUndefined();
    expect(sqlState(null)).toBeUndefined();
  });

  it('retries deadlocks and serialisation failures only', () => {
    expect(isRetryable(wrapped('40P01'))).toBe(true);
    expect(isRetryable(pgError('40001'))).toBe(true);
    expect(isRetryable(pgError('23505'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });

  it('answers each refusal by what it means to the person', () => {
    expect(fromDatabaseError(wrapped('23505'))?.status).toBe(409);
    expect(fromDatabaseError(pgError('23503'))?.message).toContain('已不存在');
    expect(fromDatabaseError(pgError('40P01'))?.code).toBe('CONFLICT');
    const timeout = fromDatabaseError(wrapped('57014'));
    expect(timeout?.status).toBe(503);
    expect(timeout?.headers?.['Retry-After']).toBe('5');
    expect(fromDatabaseError(pgError('42P01'))).toBeNull(); // a missing table is our fault: 500
    expect(fromDatabaseError(new Error('x'))).toBeNull();
  });
});
