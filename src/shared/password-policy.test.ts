import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

const codes = (pw: string, ctx = {}) => checkPassword(pw, ctx).map((p) => p.code);

describe('password policy', () => {
  it.each([
    ['Ab1!', ['too_short']],
    ['abcdefgh', ['classes']],
    ['abcdefg1', ['classes']],
    ['Abcdefg1', []],
    ['abcdef1!', []],
    ['ABCDEF1!', []],
    ['P@ssw0rd', ['common']],
    ['Admin@123', ['common']],
    ['Str0ng&Unusual', []],
  ])('%s → %j', (pw, expected) => {
    expect(codes(pw)).toEqual(expected);
  });

  it('refuses the login name and the organisation name inside the password', () => {
    expect(codes('Zhang.san#2026', { username: 'zhang.san' })).toContain('contains_login');
    expect(codes('淳安县总工会Ab1!', { orgName: '淳安县总工会' })).toContain('contains_org');
  });

  it('refuses more than 128 characters', () => {
    expect(codes(`Aa1!${'x'.repeat(130)}`)).toContain('too_long');
  });
});
