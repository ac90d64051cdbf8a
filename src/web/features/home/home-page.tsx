import { Card, Col, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { ROLE_LABELS } from '#shared/roles.ts';
import { NAV_ITEMS } from '../../layouts/menu-items.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { can } from '../../lib/permissions.ts';
import { useCurrentUser } from '../../lib/session.ts';
import { useTreeSummary } from './api.ts';
import { m } from './messages.ts';

export function HomePage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const canReadOrgs = can(me, 'read:org:subtree');
  const summary = useTreeSummary(canReadOrgs);
  const stats = summary.data
    ? [
        { key: 'cities', label: m.cities, value: summary.data.cities },
        { key: 'counties', label: m.counties, value: summary.data.counties },
        { key: 'enterprises', label: m.enterprises, value: summary.data.enterprises },
        { key: 'mountain', label: m.mountain, value: summary.data.mountain },
        { key: 'island', label: m.island, value: summary.data.island },
        { key: 'industryUnions', label: m.industryUnions, value: summary.data.industryUnions },
      ]
    : [];
  const shortcuts = NAV_ITEMS.filter((i) => i.path !== '/' && (!i.permission || can(me, i.permission)));

  return (
    <Space orientation="vertical" size="large" style={{ display: 'flex' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="welcome">
          {t(m.welcome, { name: me.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t(m.intro)}</Typography.Paragraph>
        <Space wrap>
          <Typography.Text>{t(m.yourOrg, { org: me.org.name })}</Typography.Text>
          <Typography.Text type="secondary">·</Typography.Text>
          <Typography.Text>{t(m.yourRoles)}:</Typography.Text>
          {me.roles.map((r) => (
            <Tag key={r} color="red">
              {t(ROLE_LABELS[r])}
            </Tag>
          ))}
        </Space>
      </Card>
      {canReadOrgs ? (
        <Card title={t(m.scopeTitle)}>
          {summary.isPending ? (
            <Skeleton active />
          ) : (
            <Row gutter={[16, 16]} data-testid="home-stats">
              {stats.map((s) => (
                <Col key={s.key} xs={12} md={8} xl={4}>
                  <Statistic title={t(s.label)} value={s.value} data-testid={`stat-${s.key}`} />
                </Col>
              ))}
            </Row>
          )}
        </Card>
      ) : (
        <Card>
          <Typography.Text type="secondary">{t(m.noScope)}</Typography.Text>
        </Card>
      )}
      {shortcuts.length ? (
        <Card title={t(m.shortcuts)}>
          <Row gutter={[16, 16]}>
            {shortcuts.map((s) => (
              <Col key={s.path} xs={12} md={6}>
                <Link to={s.path}>
                  <Card hoverable size="small">
                    <Space>
                      {s.icon}
                      {t(s.label)}
                    </Space>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </Card>
      ) : null}
    </Space>
  );
}
