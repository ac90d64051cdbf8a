import { Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { PasswordChecklist, passwordPolicyRule } from '../../components/password-checklist.tsx';
import type { User } from '../../lib/api-types.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { useResetPassword } from './api.ts';
import { m } from './messages.ts';

/** Sets a new initial password; the user must change it at next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useResetPassword();
  const password = Form.useWatch('password', form) ?? '';
  const context = { username: user?.username, orgName: user?.orgName };
  useEffect(() => {
    if (user) form.resetFields();
  }, [user, form]);
  const onFinish = ({ password }: { password: string }) => {
    if (!user) return;
    reset.mutate(
      { id: user.id, version: user.version, password },
      {
        onSuccess: () => {
          showSuccess(m.resetDone);
          onClose();
        },
        onError: (err) => applyIssues(form, err),
      },
    );
  };
  return (
    <Modal
      open={!!user}
      title={t(m.resetTitle, { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      confirmLoading={reset.isPending}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          name="password"
          label={t(m.initialPassword)}
          extra={t(m.initialPasswordHint)}
          rules={[{ required: true, message: t(m.passwordRequired) }, passwordPolicyRule(() => context)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <PasswordChecklist password={password} context={context} />
      </Form>
    </Modal>
  );
}
