// The change-password form, used by the forced page and by the profile page. On success
// every session of the user ends (the server's rule), so the user signs in again.
import { Button, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { PasswordChecklist, passwordPolicyRule } from '../../components/password-checklist.tsx';
import type { Me } from '../../lib/api-types.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { showSuccess } from '../../lib/show-error.ts';
import { useChangePassword } from './api.ts';
import { m } from './messages.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordForm({ me }: { me: Me }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const navigate = useNavigate();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const context = { username: me.username, orgName: me.org.name };

  const onFinish = (v: Values) => {
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          showSuccess(m.changed);
          navigate('/login', { replace: true });
        },
        onError: (err) => applyIssues(form, err),
      },
    );
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      style={{ maxWidth: 420 }}
      data-testid="change-password-form"
    >
      <Form.Item
        name="currentPassword"
        label={t(m.currentPassword)}
        rules={[{ required: true, message: t(m.passwordRequired) }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t(m.newPassword)}
        rules={[{ required: true, message: t(m.passwordRequired) }, passwordPolicyRule(() => context)]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <PasswordChecklist password={newPassword} context={context} />
      <Form.Item
        name="confirm"
        label={t(m.confirmPassword)}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t(m.passwordRequired) },
          ({ getFieldValue }) => ({
            validator: async (_, value) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t(m.mismatch));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t(m.submitChange)}
      </Button>
    </Form>
  );
}
