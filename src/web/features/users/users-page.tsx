// 用户管理: the accounts of the user's organisation and below, with filters and the
// administrator's actions.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '#shared/roles.ts';
import type { User } from '../../lib/api-types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { type UserQuery, useUsers } from './api.ts';
import { m } from './messages.ts';
import { type OrgOption, OrgPicker } from '../../components/org-picker.tsx';
import { TableToolbar } from '../../components/table-toolbar.tsx';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { UserActions } from './user-actions.tsx';
import { UserFormModal } from './user-form-modal.tsx';
import { UserRolesModal } from './user-roles-modal.tsx';

function formatTime(iso: string | null, lang: 'zh' | 'en'): string {
  return iso ? new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : '';
}

export function UsersPage() {
  const { t, lang } = useI18n();
  const me = useCurrentUser();
  const [query, setQuery] = useState<UserQuery>({ page: 1, pageSize: 20 });
  const list = useUsers(query);
  const [form, setForm] = useState<{ user: User | null } | null>(null);
  const [rolesFor, setRolesFor] = useState<User | null>(null);
  const [resetFor, setResetFor] = useState<User | null>(null);
  const [filterOrg, setFilterOrg] = useState<OrgOption | null>(null);

  const columns: TableProps<User>['columns'] = [
    {
      title: t(m.username),
      dataIndex: 'username',
      key: 'username',
      render: (v: string, r) => (
        <Typography.Text strong={r.id === me.id}>
          {v}
          {r.id === me.id ? t(m.self) : ''}
        </Typography.Text>
      ),
    },
    { title: t(m.displayName), dataIndex: 'displayName', key: 'displayName' },
    { title: t(m.org), dataIndex: 'orgName', key: 'org', ellipsis: true },
    {
      title: t(m.roles),
      dataIndex: 'roles',
      key: 'roles',
      render: (roles: Role[]) =>
        roles.map((r) => (
          <Tag key={r} color="red" style={{ marginBottom: 2 }}>
            {t(ROLE_LABELS[r])}
          </Tag>
        )),
    },
    {
      title: t(m.status),
      key: 'status',
      width: 150,
      render: (_, r) => (
        <Space size={2} wrap>
          <Tag color={r.status === 'active' ? 'success' : 'default'}>
            {t(r.status === 'active' ? m.active : m.disabled)}
          </Tag>
          {r.locked ? (
            <Tooltip title={t(m.lockedUntil, { t: formatTime(r.lockedUntil, lang) })}>
              <Tag color="error">{t(m.locked)}</Tag>
            </Tooltip>
          ) : null}
          {r.mustChangePassword ? <Tag color="warning">{t(m.mustChange)}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t(m.lastLogin),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      width: 170,
      render: (v: string | null) =>
        v ? formatTime(v, lang) : <Typography.Text type="secondary">{t(m.never)}</Typography.Text>,
    },
    {
      title: t(common.actions),
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <UserActions
          user={r}
          onEdit={() => setForm({ user: r })}
          onRoles={() => setRolesFor(r)}
          onResetPassword={() => setResetFor(r)}
        />
      ),
    },
  ];

  return (
    <Card
      title={t(m.title)}
      extra={
        can(me, 'manage:user:subtree') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setForm({ user: null })}
            data-testid="new-user"
          >
            {t(m.newUser)}
          </Button>
        ) : null
      }
    >
      <TableToolbar
        search={query.q}
        searchPlaceholder={t(m.search)}
        searchTestId="user-search"
        onSearch={(q) => setQuery((x) => ({ ...x, q, page: 1 }))}
        filters={[
          {
            key: 'status',
            label: t(m.status),
            width: 140,
            value: query.status,
            onChange: (v) => setQuery((q) => ({ ...q, status: v as UserQuery['status'], page: 1 })),
            options: [
              { value: 'active', label: t(m.active) },
              { value: 'disabled', label: t(m.disabled) },
            ],
          },
          {
            key: 'role',
            label: t(m.roles),
            width: 200,
            value: query.role,
            onChange: (v) => setQuery((q) => ({ ...q, role: v as Role | undefined, page: 1 })),
            options: ROLES.map((r) => ({ value: r, label: t(ROLE_LABELS[r]) })),
          },
        ]}
        extra={
          <OrgPicker
            allowClear
            style={{ width: 260 }}
            value={query.orgId}
            placeholder={t(common.allOf, { label: t(m.filterOrg) })}
            current={filterOrg}
            onChange={(orgId, org) => {
              setFilterOrg(org ?? null);
              setQuery((q) => ({ ...q, orgId, page: 1 }));
            }}
          />
        }
      />
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isFetching}
        scroll={{ x: 1000 }}
        data-testid="user-table"
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t(common.total, { n }),
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
      />
      <UserFormModal open={!!form} user={form?.user ?? null} onClose={() => setForm(null)} />
      <UserRolesModal user={rolesFor} onClose={() => setRolesFor(null)} />
      <ResetPasswordModal user={resetFor} onClose={() => setResetFor(null)} />
    </Card>
  );
}
