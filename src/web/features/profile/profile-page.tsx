// 个人中心: who I am, what I may do, my password, and signing out everywhere.
import { Button, Card, Col, Descriptions, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { ROLE_LABELS } from '#shared/roles.ts';
import { useLogoutAll } from '../auth/api.ts';
import { ChangePasswordForm } from '../auth/change-password-form.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { showSuccess } from '../../lib/show-error.ts';
import { m } from './messages.ts';

export function ProfilePage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const logoutAll = useLogoutAll();
  const navigate = useNavigate();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card title={t(m.account)}>
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'u', label: t(m.username), children: me.username },
              { key: 'n', label: t(m.displayName), children: me.displayName },
              { key: 'o', label: t(m.org), children: me.org.name },
              {
                key: 'r',
                label: t(m.roles),
                children: me.roles.map((r) => (
                  <Tag key={r} color="red">
                    {t(ROLE_LABELS[r])}
                  </Tag>
                )),
              },
              {
                key: 'p',
                label: t(m.permissions),
                children: (
                  <Space size={[4, 4]} wrap>
                    {me.permissions.map((p) => (
                      <Typography.Text code key={p}>
                        {p}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
        <Card title={t(m.sessions)} style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">{t(m.logoutAllHint)}</Typography.Paragraph>
          <Popconfirm
            title={t(m.logoutAllConfirm)}
            okText={t(common.confirm)}
            cancelText={t(common.cancel)}
            onConfirm={() =>
              logoutAll.mutateAsync().then(
                (r) => {
                  showSuccess(m.loggedOutAll, { n: r.sessions });
                  navigate('/login', { replace: true });
                },
                () => {},
              )
            }
          >
            <Button danger loading={logoutAll.isPending} data-testid="logout-all">
              {t(m.logoutAll)}
            </Button>
          </Popconfirm>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t(m.changePassword)}>
          <Typography.Paragraph type="secondary">{t(m.changePasswordHint)}</Typography.Paragraph>
          <ChangePasswordForm me={me} />
        </Card>
      </Col>
    </Row>
  );
}
