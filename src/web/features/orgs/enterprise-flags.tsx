import { Tag } from 'antd';
import type { Org } from '../../lib/api-types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { m } from './messages.ts';

export function EnterpriseFlags({ org }: { org: Org }) {
  const { t } = useI18n();
  return (
    <>
      <Tag color={org.hasUnion ? 'red' : 'default'}>{t(org.hasUnion ? m.hasUnion : m.noUnion)}</Tag>
      {org.aboveScaleIndustry ? <Tag color="geekblue">{t(m.aboveScaleIndustry)}</Tag> : null}
      {org.aboveLimitService ? <Tag color="purple">{t(m.aboveLimitService)}</Tag> : null}
      {org.reformPilot ? <Tag color="orange">{t(m.reformPilot)}</Tag> : null}
    </>
  );
}
