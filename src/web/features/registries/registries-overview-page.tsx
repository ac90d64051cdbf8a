// 台账管理: every registry by group (载体 / 人才 / 资金 …), each with how many records the
// user's scope holds. The groups and labels come from the definitions.
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import { REGISTRY_DEFS } from '#shared/registries/catalog.ts';
import { groupRegistries } from '#shared/registries/groups.ts';
import type { RegistryDef } from '#shared/registries/types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { useRecordCount } from './api.ts';
import { m } from './messages.ts';

export function RegistriesOverviewPage() {
  const { t, lang } = useI18n();
  return (
    <div data-testid="registries-overview">
      <Typography.Title level={4}>{t(m.overview)}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(m.overviewHint)}</Typography.Paragraph>
      {groupRegistries(REGISTRY_DEFS).map(({ group, defs }) => (
        <div key={group.key} style={{ marginBottom: 24 }}>
          <Typography.Title level={5}>{group.label[lang]}</Typography.Title>
          <Row gutter={[16, 16]}>
            {defs.map((d) => (
              <Col key={d.key} xs={24} sm={12} lg={8} xl={6}>
                <RegistryCard def={d} />
              </Col>
            ))}
          </Row>
        </div>
      ))}
    </div>
  );
}

function RegistryCard({ def }: { def: RegistryDef }) {
  const { t, lang } = useI18n();
  const count = useRecordCount(def.key);
  return (
    <Link to={`/registries/${def.key}`} data-testid={`registry-card-${def.key}`}>
      <Card hoverable size="small">
        {count.isPending ? (
          <Skeleton active paragraph={false} />
        ) : (
          <Statistic
            title={def.label[lang]}
            value={count.data ?? 0}
            suffix={t(m.records, { n: '' }).trim()}
          />
        )}
      </Card>
    </Link>
  );
}
