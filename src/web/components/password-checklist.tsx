// Live feedback on a new password against the shared policy (the same check the server runs).
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Progress, Space, Typography } from 'antd';
import {
  characterClasses,
  checkPassword,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RECOMMENDED_LENGTH,
  type PasswordProblem,
} from '#shared/password-policy.ts';
import { type Msg, tr, useI18n } from '../lib/i18n.tsx';

export interface PasswordContext {
  username?: string;
  orgName?: string;
}

const m = {
  policyTitle: { zh: '密码要求', en: 'Password rules' },
  ruleLength: {
    zh: '至少 {min} 位（建议 {rec} 位以上）',
    en: 'At least {min} characters ({rec}+ recommended)',
  },
  ruleClasses: {
    zh: '包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'At least 3 of: upper case, lower case, digits, symbols',
  },
  ruleLogin: { zh: '不包含登录名或单位名称', en: 'Not containing the login or organisation name' },
  ruleCommon: { zh: '不是常见密码', en: 'Not a common password' },
  strength: { zh: '密码强度', en: 'Password strength' },
} satisfies Record<string, Msg>;

const RULES: { codes: PasswordProblem['code'][]; label: Msg }[] = [
  { codes: ['too_short', 'too_long'], label: m.ruleLength },
  { codes: ['classes'], label: m.ruleClasses },
  { codes: ['contains_login', 'contains_org'], label: m.ruleLogin },
  { codes: ['common'], label: m.ruleCommon },
];

function strength(password: string, problems: PasswordProblem[]): number {
  if (!password) return 0;
  const base = Math.min(password.length, 16) * 4 + characterClasses(password) * 9;
  return Math.max(5, Math.min(100, base - problems.length * 20));
}

export function PasswordChecklist({ password, context }: { password: string; context: PasswordContext }) {
  const { t } = useI18n();
  const problems = checkPassword(password ?? '', context);
  const failed = new Set(problems.map((p) => p.code));
  const score = strength(password ?? '', problems);
  return (
    <div data-testid="password-checklist" style={{ marginBottom: 16 }}>
      <Typography.Text type="secondary">{t(m.policyTitle)}</Typography.Text>
      <Space orientation="vertical" size={2} style={{ display: 'flex', marginTop: 4 }}>
        {RULES.map((r) => {
          const ok = !!password && !r.codes.some((c) => failed.has(c));
          return (
            <Typography.Text key={r.codes[0]} type={ok ? 'success' : password ? 'danger' : 'secondary'}>
              {ok ? <CheckCircleFilled /> : <CloseCircleFilled />}{' '}
              {t(r.label, { min: PASSWORD_MIN_LENGTH, rec: PASSWORD_RECOMMENDED_LENGTH })}
            </Typography.Text>
          );
        })}
      </Space>
      <Progress
        percent={score}
        showInfo={false}
        size="small"
        status={problems.length ? 'exception' : 'success'}
        aria-label={t(m.strength)}
      />
    </div>
  );
}

/** An antd form rule running the shared policy; the message is the policy's own, in the UI language. */
export function passwordPolicyRule(context: () => PasswordContext) {
  return {
    validator: async (_: unknown, value: string | undefined) => {
      if (!value) return;
      const problems = checkPassword(value, context());
      if (problems.length) throw new Error(problems.map((p) => tr(p)).join('；'));
    },
  };
}
