// The marks an organisation carries: 山区县 / 海岛县 (from the year's list) and 26县.
import { Tag, Tooltip } from 'antd';
import { MOUNTAIN_ISLAND_LABELS, type MountainIslandCategory } from '#shared/orgs.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { common } from '../../lib/messages.ts';

export function MountainIslandTag({ category }: { category: MountainIslandCategory | null }) {
  const { t } = useI18n();
  if (!category) return null;
  return (
    <Tag
      color={category === 'mountain' ? 'green' : 'blue'}
      data-tag={category}
      style={{ marginInlineEnd: 4 }}
    >
      {t(MOUNTAIN_ISLAND_LABELS[category])}
    </Tag>
  );
}

export function Mountain26Tag({ show }: { show: boolean }) {
  const { t } = useI18n();
  if (!show) return null;
  return (
    <Tooltip title={t(common.mountain26Hint)}>
      <Tag color="gold" data-tag="mountain26" style={{ marginInlineEnd: 4 }}>
        {t(common.mountain26)}
      </Tag>
    </Tooltip>
  );
}

export function OrgTags({
  org,
}: {
  org: { mountainIsland: MountainIslandCategory | null; isMountain26: boolean };
}) {
  return (
    <>
      <MountainIslandTag category={org.mountainIsland} />
      <Mountain26Tag show={org.isMountain26} />
    </>
  );
}
