// The signed-in frame: side menu filtered by permission, header with the user, their
// organisation, the language switch and sign-out. Guards the pages inside it.
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Grid, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { Brand } from '../components/brand.tsx';
import { FullPageSpin } from '../components/full-page-spin.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { useLogout } from '../features/auth/api.ts';
import { NotificationBell } from '../features/zhuqi/notification-bell.tsx';
import { useMe } from '../lib/session.ts';
import { useI18n } from '../lib/i18n.tsx';
import { nav } from '../lib/messages.ts';
import { can } from '../lib/permissions.ts';
import { NAV_ITEMS } from './menu-items.tsx';

const ALL_PATHS = NAV_ITEMS.flatMap((i) => [
  i.path,
  ...(i.groups ?? []).flatMap((g) => g.items.map((x) => x.path)),
]);

/** The entry of the longest path the location starts with (`/registries/studios/12` → `/registries/studios`). */
function selectedKey(pathname: string): string {
  const hit = ALL_PATHS.filter((p) => p !== '/' && (pathname === p || pathname.startsWith(`${p}/`))).sort(
    (a, b) => b.length - a.length,
  );
  return hit[0] ?? (pathname === '/profile' ? '/profile' : '/');
}

export function AppLayout() {
  const { t } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  // On a phone (a craftsman's 我的任务 at 375 px) the menu hides entirely and the header keeps icons only.
  const narrow = Grid.useBreakpoint().md === false;

  if (me.isPending) return <FullPageSpin />;
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data.mustChangePassword) return <Navigate to="/change-password" replace />;
  const user = me.data;

  const items = NAV_ITEMS.filter(
    (i) => (!i.permission || can(user, i.permission)) && (!i.role || user.roles.includes(i.role)),
  ).map((i) =>
    i.groups
      ? {
          key: `sub:${i.path}`,
          icon: i.icon,
          label: t(i.label),
          children: i.groups.map((g) => ({
            key: `group:${g.key}`,
            type: 'group' as const,
            label: g.key === 'all' ? undefined : t(g.label),
            children: g.items.map((x) => ({
              key: x.path,
              label: <Link to={x.path}>{t(x.label)}</Link>,
            })),
          })),
        }
      : { key: i.path, icon: i.icon, label: <Link to={i.path}>{t(i.label)}</Link> },
  );
  const openByPath = NAV_ITEMS.filter((i) => i.groups && location.pathname.startsWith(i.path)).map(
    (i) => `sub:${i.path}`,
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        collapsedWidth={narrow ? 0 : 80}
        zeroWidthTriggerStyle={{ top: 12 }}
        theme="light"
        width={240}
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div style={{ padding: collapsed ? '16px 24px' : 16, minHeight: 64 }}>
          <Link to="/">
            <Brand compact={collapsed} />
          </Link>
        </div>
        <nav aria-label={t(nav.home)} data-testid="side-menu">
          <Menu
            mode="inline"
            selectedKeys={[selectedKey(location.pathname)]}
            defaultOpenKeys={openByPath}
            items={items}
            style={{ borderInlineEnd: 0 }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: narrow ? '0 8px 0 48px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'flex-end',
            gap: narrow ? 8 : 16,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <NotificationBell />
          <LanguageSwitch />
          <Tooltip title={t(nav.profile)}>
            <Link to="/profile" data-testid="current-user">
              <Space size={8}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#c8102e' }} />
                <span style={{ lineHeight: 1.2, display: narrow ? 'none' : 'inline-block' }}>
                  <Typography.Text strong>{user.displayName}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="current-org">
                    {user.org.name}
                  </Typography.Text>
                </span>
              </Space>
            </Link>
          </Tooltip>
          <Button
            icon={<LogoutOutlined />}
            data-testid="sign-out"
            loading={logout.isPending}
            onClick={() =>
              logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })
            }
          >
            {narrow ? null : t(nav.signOut)}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
