import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Brand } from '../../components/brand.tsx';
import { FullPageSpin } from '../../components/full-page-spin.tsx';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { errorText } from '../../lib/show-error.ts';
import { useMe } from '../../lib/session.ts';
import { useLogin } from './api.ts';
import { m } from './messages.ts';

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** The public showcase (/share…) is another page, not a route of this app: load it. */
const isShowcase = (path: string) =>
  path === '/share' || path.startsWith('/share/') || path.startsWith('/share#');

export function LoginPage() {
  const { t } = useI18n();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  if (me.isPending) return <FullPageSpin />;
  if (me.data && !me.data.mustChangePassword && isShowcase(next)) {
    window.location.replace(next);
    return <FullPageSpin />;
  }
  if (me.data) return <Navigate to={me.data.mustChangePassword ? '/change-password' : next} replace />;

  const onFinish = (values: { username: string; password: string }) => {
    login.mutate(values, {
      onSuccess: (r) => {
        if (!r.mustChangePassword && isShowcase(next)) window.location.assign(next);
        else navigate(r.mustChangePassword ? '/change-password' : next, { replace: true });
      },
    });
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        padding: 16,
        background: 'linear-gradient(135deg, #8c0b1f 0%, #c8102e 45%, #f3f4f6 45.1%)',
      }}
    >
      <div style={{ position: 'fixed', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 400, maxWidth: '100%', boxShadow: '0 10px 30px rgba(0,0,0,0.15)' }}>
        <Brand size="large" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t(common.federation)} · {t(m.tagline)}
        </Typography.Paragraph>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t(m.signInTitle)}
        </Typography.Title>
        {login.error ? (
          <Alert
            type="error"
            showIcon
            title={errorText(login.error)}
            style={{ marginBottom: 16 }}
            role="alert"
          />
        ) : null}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false} disabled={login.isPending}>
          <Form.Item
            name="username"
            label={t(m.username)}
            rules={[{ required: true, message: t(m.usernameRequired) }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t(m.password)}
            rules={[{ required: true, message: t(m.passwordRequired) }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t(m.signIn)}
          </Button>
        </Form>
        <Alert type="info" title={t(m.demoHint)} style={{ marginTop: 16 }} />
      </Card>
    </div>
  );
}
