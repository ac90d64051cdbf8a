// 审计日志 for the audit administrator: events, sign-ins, and a check of the hash chain.
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Tabs } from 'antd';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { useVerifyAudit } from './api.ts';
import { AuditEventsTab } from './audit-events-tab.tsx';
import { LoginLogTab } from './login-log-tab.tsx';
import { m } from './messages.ts';

export function AuditPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const verify = useVerifyAudit();
  const r = verify.data;
  return (
    <Card
      title={t(m.title)}
      extra={
        can(me, 'verify:audit:all') ? (
          <Button
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            data-testid="verify-audit"
          >
            {t(m.verify)}
          </Button>
        ) : null
      }
    >
      {r ? (
        <Alert
          showIcon
          closable={{ onClose: () => verify.reset() }}
          type={r.ok ? 'success' : 'error'}
          title={
            r.ok ? t(m.verifyOk, { n: r.checked }) : t(m.verifyBad, { n: r.checked, id: r.firstBadId ?? '—' })
          }
          description={r.reason ? t(m.verifyReason, { r: r.reason }) : undefined}
          style={{ marginBottom: 16 }}
          data-testid="verify-result"
        />
      ) : null}
      <Tabs
        items={[
          { key: 'events', label: t(m.eventsTab), children: <AuditEventsTab /> },
          { key: 'logins', label: t(m.loginsTab), children: <LoginLogTab /> },
        ]}
      />
    </Card>
  );
}
