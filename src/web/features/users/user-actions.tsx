// The actions on one account, each shown only to holders of its permission.
import { DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, type MenuProps, Space } from 'antd';
import type { User } from '../../lib/api-types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { type UserAction, useRevokeSessions, useUserAction } from './api.ts';
import { m } from './messages.ts';

export function UserActions({
  user,
  onEdit,
  onRoles,
  onResetPassword,
}: {
  user: User;
  onEdit: () => void;
  onRoles: () => void;
  onResetPassword: () => void;
}) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { modal } = App.useApp();
  const action = useUserAction();
  const revoke = useRevokeSessions();
  const self = me.id === user.id;
  const name = t(common.nameWithId, { name: user.displayName, id: user.username });

  const confirm = (text: string, run: () => Promise<unknown>) =>
    modal.confirm({
      title: text,
      okText: t(common.confirm),
      cancelText: t(common.cancel),
      onOk: () => run().catch(() => {}),
    });
  const doAction = (a: UserAction, text: string) =>
    confirm(text, () =>
      action.mutateAsync({ id: user.id, version: user.version, action: a }).then(() => showSuccess(m.done)),
    );

  const items: NonNullable<MenuProps['items']> = [];
  if (can(me, 'assign:role:subtree') && !self)
    items.push({ key: 'roles', label: t(m.changeRoles), onClick: onRoles });
  if (can(me, 'manage:user:subtree') && !self) {
    items.push({ key: 'reset', label: t(m.resetPassword), onClick: onResetPassword });
    items.push(
      user.status === 'active'
        ? {
            key: 'disable',
            danger: true,
            label: t(m.disable),
            onClick: () => doAction('disable', t(m.confirmDisable, { name })),
          }
        : {
            key: 'enable',
            label: t(m.enable),
            onClick: () => doAction('enable', t(m.confirmEnable, { name })),
          },
    );
  }
  if (can(me, 'unlock:user:subtree') && user.locked) {
    items.push({
      key: 'unlock',
      label: t(m.unlock),
      onClick: () => doAction('unlock', t(m.confirmUnlock, { name })),
    });
  }
  if (can(me, 'revoke:session:subtree') && !self) {
    items.push({
      key: 'revoke',
      label: t(m.revoke),
      onClick: () =>
        confirm(t(m.confirmRevoke, { name }), () =>
          revoke.mutateAsync(user.id).then((r) => showSuccess(m.revoked, { n: r.sessions })),
        ),
    });
  }

  return (
    <Space size={4}>
      {can(me, 'manage:user:subtree') ? (
        <Button size="small" type="link" onClick={onEdit}>
          {t(common.edit)}
        </Button>
      ) : null}
      {items.length ? (
        <Dropdown menu={{ items }} trigger={['click']}>
          <Button size="small" type="link" data-testid={`user-more-${user.username}`}>
            {t(m.more)} <DownOutlined />
          </Button>
        </Dropdown>
      ) : null}
    </Space>
  );
}
