import { Alert, Form, Modal } from 'antd';
import { useEffect } from 'react';
import type { Role } from '#shared/roles.ts';
import type { User } from '../../lib/api-types.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { useSetRoles } from './api.ts';
import { m } from './messages.ts';
import { RoleCheckboxes, rolesRule } from './role-checkboxes.tsx';

/** Replaces a user's roles (their sessions end so the change applies at once). */
export function UserRolesModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ roles: Role[] }>();
  const setRoles = useSetRoles();
  useEffect(() => {
    if (user) form.setFieldsValue({ roles: user.roles });
  }, [user, form]);
  const onFinish = ({ roles }: { roles: Role[] }) => {
    if (!user) return;
    setRoles.mutate(
      { id: user.id, version: user.version, roles },
      {
        onSuccess: () => {
          showSuccess(common.saved);
          onClose();
        },
        onError: (err) => applyIssues(form, err),
      },
    );
  };
  return (
    <Modal
      open={!!user}
      title={t(m.rolesTitle, { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      confirmLoading={setRoles.isPending}
      forceRender
    >
      <Alert type="info" showIcon title={t(m.rolesHint)} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item name="roles" rules={[rolesRule]}>
          <RoleCheckboxes held={user?.roles} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
