// Small pieces every 任务督办 page uses: the pace tag, the source tag (统计 / 报送（已审核）,
// never mixed silently), the completion bar and number formatting.
import { Progress, Space, Tag, Tooltip, Typography } from 'antd';
import {
  formatMetricValue,
  isRate,
  type MetricKind,
  PACE_LABELS,
  type PaceStatus,
} from '#shared/targets/types.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { m } from './messages.ts';

export function fmt(kind: string, value: number | null | undefined, unit = ''): string {
  return formatMetricValue(kind as MetricKind, value, isRate(kind as MetricKind) ? '' : unit);
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)}%`;
}

export function PaceTag({ pace }: { pace: PaceStatus }) {
  const { t } = useI18n();
  const l = PACE_LABELS[pace];
  return (
    <Tag color={l.color} data-pace={pace} style={{ marginInlineEnd: 0 }}>
      {t(l)}
    </Tag>
  );
}

export function SourceTag({
  source,
  computed,
  pending,
  kind,
  unit,
}: {
  source: 'records' | 'reported';
  computed: boolean;
  pending?: number | null;
  kind: string;
  unit: string;
}) {
  const { t } = useI18n();
  if (source === 'reported') {
    return (
      <Space size={4} wrap>
        <Tooltip title={t(m.sourceReportedHint)}>
          <Tag color="purple" data-source="reported" style={{ marginInlineEnd: 0 }}>
            {t(m.sourceReported)}
          </Tag>
        </Tooltip>
        {pending !== null && pending !== undefined ? (
          <Tooltip title={t(m.pendingHint)}>
            <Tag color="gold" data-testid="pending" style={{ marginInlineEnd: 0 }}>
              {t(m.pending, { v: fmt(kind, pending, unit) })}
            </Tag>
          </Tooltip>
        ) : null}
      </Space>
    );
  }
  if (!computed) return <Tag data-source="none">{t(m.sourceManual)}</Tag>;
  return (
    <Tooltip title={t(m.sourceRecordsHint)}>
      <Tag color="geekblue" data-source="records" style={{ marginInlineEnd: 0 }}>
        {t(m.sourceRecords)}
      </Tag>
    </Tooltip>
  );
}

const PACE_STROKE: Record<PaceStatus, string> = {
  achieved: '#52c41a',
  ahead: '#13c2c2',
  on_track: '#1677ff',
  behind: '#fa8c16',
  at_risk: '#f5222d',
  no_target: '#bfbfbf',
};

export function CompletionBar({ completion, pace }: { completion: number | null; pace: PaceStatus }) {
  if (completion === null) return <Typography.Text type="secondary">—</Typography.Text>;
  const p = Math.max(0, Math.min(100, completion * 100));
  return (
    <Progress
      percent={Math.round(p * 10) / 10}
      size="small"
      strokeColor={PACE_STROKE[pace]}
      format={() => pct(completion)}
      style={{ minWidth: 110, marginBottom: 0 }}
    />
  );
}

export const paceColor = (pace: PaceStatus) => PACE_STROKE[pace];
