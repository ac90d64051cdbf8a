// The vocabulary of 任务督办: plans by year, their tasks (任务清单) and each task's metrics.
// Shared by the server (evaluation, reports) and the web (labels, formatting).

export const METRIC_KINDS = ['count', 'sum', 'coverage', 'growth', 'share', 'milestone'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export const METRIC_KIND_LABELS: Record<MetricKind, { zh: string; en: string }> = {
  count: { zh: '数量', en: 'Count' },
  sum: { zh: '合计', en: 'Sum' },
  coverage: { zh: '覆盖率', en: 'Coverage rate' },
  growth: { zh: '增长率', en: 'Growth rate' },
  share: { zh: '占比', en: 'Share' },
  milestone: { zh: '里程碑', en: 'Milestone' },
};

/** Rates (coverage, growth, share) hold fractions: 0.6 is 60 %. */
export function isRate(kind: MetricKind): boolean {
  return kind === 'coverage' || kind === 'growth' || kind === 'share';
}

/** Kinds whose sub-targets add up to the target above (decomposition checks these). */
export function isAdditive(kind: MetricKind): boolean {
  return kind === 'count' || kind === 'sum' || kind === 'milestone';
}

export const COMPARATORS = ['>=', '<='] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** Where a metric's actual value comes from. */
export const METRIC_SOURCES = ['records', 'reported'] as const;
export type MetricSource = (typeof METRIC_SOURCES)[number];

export const PACE_STATUSES = ['achieved', 'ahead', 'on_track', 'behind', 'at_risk', 'no_target'] as const;
export type PaceStatus = (typeof PACE_STATUSES)[number];

export const PACE_LABELS: Record<PaceStatus, { zh: string; en: string; color: string }> = {
  achieved: { zh: '已完成', en: 'Achieved', color: 'green' },
  ahead: { zh: '超进度', en: 'Ahead', color: 'cyan' },
  on_track: { zh: '符合进度', en: 'On track', color: 'blue' },
  behind: { zh: '滞后', en: 'Behind', color: 'orange' },
  at_risk: { zh: '严重滞后', en: 'At risk', color: 'red' },
  no_target: { zh: '未分解目标', en: 'No target', color: 'default' },
};

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_STATUS_LABELS: Record<ReportStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '已报送待审核', en: 'Submitted' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '已审核通过', en: 'Approved' },
};

/** A metric as seeded into a plan (and as copied into next year's). */
export interface PlanMetricSeed {
  /** Stable key, also the key of its definition over records (`targets/definitions.ts`). */
  key: string;
  label: string;
  unit: string;
  kind: MetricKind;
  comparator: Comparator;
  /** Rates as fractions (0.6), counts and sums as numbers. */
  target: number | null;
  source: MetricSource;
  /** What the number means and any reading of the source that is ours, not the document's. */
  note?: string;
}

export interface PlanTaskSeed {
  /** 1–21 for the 任务清单; E1… for the targets only the body names. */
  no: string;
  /** The task's wording, word for word from the source. */
  title: string;
  /** The responsible units, word for word (the parentheses after the body's paragraph). */
  owners: string;
  /** Where in the source: 二（一） etc. */
  section: string;
  metrics: PlanMetricSeed[];
}

/** Formats a value of a metric for people: rates as percentages, money with 万元 as given. */
export function formatMetricValue(kind: MetricKind, value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (isRate(kind)) return `${(value * 100).toFixed(1)}%`;
  const rounded = Number.isInteger(value)
    ? value.toLocaleString('zh-CN')
    : value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  return unit ? `${rounded} ${unit}` : rounded;
}
