// Password rules of SECURITY.md (等保 2.0 level 3): length, character classes, not the
// login or organisation name, not a common password. Shared so the form checks as you type.
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_RECOMMENDED_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_HISTORY = 5;
export const PASSWORD_MAX_AGE_DAYS = 90;

export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'classes' | 'contains_login' | 'contains_org' | 'common';
  zh: string;
  en: string;
}

export function characterClasses(password: string): number {
  let n = 0;
  if (/[a-z]/.test(password)) n++;
  if (/[A-Z]/.test(password)) n++;
  if (/\d/.test(password)) n++;
  if (/[^A-Za-z0-9]/.test(password)) n++;
  return n;
}

export function checkPassword(
  password: string,
  context: { username?: string; orgName?: string } = {},
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const lower = password.toLowerCase();
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push({
      code: 'too_short',
      zh: `密码至少 ${PASSWORD_MIN_LENGTH} 位（建议 ${PASSWORD_RECOMMENDED_LENGTH} 位以上）`,
      en: `At least ${PASSWORD_MIN_LENGTH} characters (${PASSWORD_RECOMMENDED_LENGTH}+ recommended)`,
    });
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push({
      code: 'too_long',
      zh: `密码不能超过 ${PASSWORD_MAX_LENGTH} 位`,
      en: `At most ${PASSWORD_MAX_LENGTH} characters`,
    });
  }
  if (characterClasses(password) < 3) {
    problems.push({
      code: 'classes',
      zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
      en: 'Use at least 3 of: upper case, lower case, digits, symbols',
    });
  }
  const login = context.username?.toLowerCase();
  if (login && login.length >= 3 && lower.includes(login)) {
    problems.push({
      code: 'contains_login',
      zh: '密码不能包含登录名',
      en: 'Must not contain the login name',
    });
  }
  const org = context.orgName?.toLowerCase();
  if (org && org.length >= 2 && lower.includes(org)) {
    problems.push({
      code: 'contains_org',
      zh: '密码不能包含单位名称',
      en: 'Must not contain the organisation name',
    });
  }
  if (COMMON_PASSWORDS.has(lower)) {
    problems.push({ code: 'common', zh: '密码过于常见，请换一个', en: 'This password is too common' });
  }
  return problems;
}
