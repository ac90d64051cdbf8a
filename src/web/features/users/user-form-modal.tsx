// Creates a user (with an initial password the user must change) or edits one's details.
// Phone numbers arrive masked, so on edit an empty phone field means "keep".
import { Alert, Col, Form, Input, Modal, Row } from 'antd';
import { useEffect, useState } from 'react';
import type { Role } from '#shared/roles.ts';
import { isValidMobile } from '#shared/validators.ts';
import { PasswordChecklist, passwordPolicyRule } from '../../components/password-checklist.tsx';
import { ApiError } from '../../lib/api-client.ts';
import type { User } from '../../lib/api-types.ts';
import { applyIssues } from '../../lib/form-errors.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { useCreateUser, useUpdateUser } from './api.ts';
import { m } from './messages.ts';
import { type OrgOption, OrgPicker } from '../../components/org-picker.tsx';
import { RoleCheckboxes, rolesRule, useGrantable } from './role-checkboxes.tsx';

interface Values {
  username: string;
  displayName: string;
  orgId: number;
  phone?: string;
  email?: string;
  roles?: Role[];
  password?: string;
}

const blankToNull = (v?: string) => (v?.trim() ? v.trim() : null);

export function UserFormModal({
  open,
  user,
  onClose,
}: {
  open: boolean;
  user: User | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const grantable = useGrantable();
  const [org, setOrg] = useState<OrgOption | null>(null);
  const username = Form.useWatch('username', form) ?? '';
  const password = Form.useWatch('password', form) ?? '';
  const editing = !!user;
  const context = { username, orgName: org?.name };

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setOrg(user ? { id: user.orgId, name: user.orgName } : null);
    if (user) {
      form.setFieldsValue({
        username: user.username,
        displayName: user.displayName,
        orgId: user.orgId,
        email: user.email ?? '',
        phone: '',
      });
    }
  }, [open, user, form]);

  const onFinish = (v: Values) => {
    const onError = (err: unknown) => {
      // On creation a CONFLICT is a user name already taken.
      if (!user && err instanceof ApiError && err.code === 'CONFLICT')
        form.setFields([{ name: 'username', errors: [err.message] }]);
      else applyIssues(form, err);
    };
    if (!user) {
      create.mutate(
        {
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          orgId: v.orgId,
          phone: blankToNull(v.phone),
          email: blankToNull(v.email),
          roles: v.roles ?? [],
          password: v.password ?? '',
        },
        {
          onSuccess: (u) => {
            showSuccess(m.created, { name: u.username });
            onClose();
          },
          onError,
        },
      );
      return;
    }
    const phone = blankToNull(v.phone);
    update.mutate(
      {
        id: user.id,
        version: user.version,
        displayName: v.displayName.trim(),
        email: blankToNull(v.email),
        ...(phone ? { phone } : {}),
        ...(v.orgId !== user.orgId ? { orgId: v.orgId } : {}),
      },
      {
        onSuccess: () => {
          showSuccess(common.saved);
          onClose();
        },
        onError,
      },
    );
  };

  return (
    <Modal
      open={open}
      title={editing ? `${t(m.editUser)} · ${user?.username}` : t(m.newUser)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(common.save)}
      cancelText={t(common.cancel)}
      confirmLoading={create.isPending || update.isPending}
      width={680}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={onFinish} data-testid="user-form">
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="username"
              label={t(m.username)}
              rules={[
                { required: true, pattern: /^[a-zA-Z][a-zA-Z0-9._-]{2,31}$/, message: t(m.usernameRule) },
              ]}
            >
              <Input disabled={editing} autoComplete="off" maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="displayName"
              label={t(m.displayName)}
              rules={[{ required: true, whitespace: true, message: t(m.nameRequired) }]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="orgId" label={t(m.org)} rules={[{ required: true, message: t(m.orgRequired) }]}>
              <OrgPicker current={org} onChange={(_, o) => setOrg(o ?? null)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="phone"
              label={t(m.phone)}
              rules={[
                {
                  validator: async (_, v?: string) => {
                    if (v?.trim() && !isValidMobile(v.trim())) throw new Error(t(common.invalidMobile));
                  },
                },
              ]}
            >
              <Input
                maxLength={11}
                inputMode="tel"
                placeholder={
                  editing && user?.phone ? t(m.phoneKeep, { masked: user.phone }) : t(common.optional)
                }
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="email"
              label={t(m.email)}
              rules={[{ type: 'email', message: t(common.invalidEmail) }]}
            >
              <Input maxLength={100} placeholder={t(common.optional)} />
            </Form.Item>
          </Col>
          {editing ? null : (
            <>
              <Col span={24}>
                {grantable.size ? (
                  <Form.Item name="roles" label={t(m.roles)} rules={[rolesRule]}>
                    <RoleCheckboxes />
                  </Form.Item>
                ) : (
                  <Form.Item label={t(m.roles)}>
                    <Alert type="info" title={t(m.rolesNone)} />
                  </Form.Item>
                )}
              </Col>
              <Col span={24}>
                <Form.Item
                  name="password"
                  label={t(m.initialPassword)}
                  extra={t(m.initialPasswordHint)}
                  rules={[
                    { required: true, message: t(m.passwordRequired) },
                    passwordPolicyRule(() => context),
                  ]}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
                <PasswordChecklist password={password} context={context} />
              </Col>
            </>
          )}
        </Row>
      </Form>
    </Modal>
  );
}
