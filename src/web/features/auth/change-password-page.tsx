// Where a user with an initial or expired password is sent: nothing else works until the
// password is changed (the server answers 403 to everything else).
import { Alert, Button, Card, Space } from 'antd';
import { Navigate } from 'react-router';
import { Brand } from '../../components/brand.tsx';
import { FullPageSpin } from '../../components/full-page-spin.tsx';
import { LanguageSwitch } from '../../components/language-switch.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { nav } from '../../lib/messages.ts';
import { useMe } from '../../lib/session.ts';
import { useLogout } from './api.ts';
import { ChangePasswordForm } from './change-password-form.tsx';
import { m } from './messages.ts';

export function ChangePasswordPage() {
  const { t } = useI18n();
  const me = useMe();
  const logout = useLogout();
  if (me.isPending) return <FullPageSpin />;
  if (!me.data) return <Navigate to="/login" replace />;
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        padding: 16,
        background: '#f3f4f6',
      }}
    >
      <Card
        style={{ width: 480, maxWidth: '100%' }}
        title={<Brand />}
        extra={
          <Space>
            <LanguageSwitch />
            <Button size="small" onClick={() => logout.mutate()}>
              {t(nav.signOut)}
            </Button>
          </Space>
        }
      >
        <h2 style={{ marginTop: 0 }}>{t(m.changeTitle)}</h2>
        {me.data.mustChangePassword ? (
          <Alert type="warning" showIcon title={t(m.mustChange)} style={{ marginBottom: 16 }} />
        ) : null}
        <ChangePasswordForm me={me.data} />
      </Card>
    </div>
  );
}
