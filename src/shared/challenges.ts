// 揭榜挂帅 facts shared by the server and the web: challenge and application states with their
// labels, and the default scoring criteria of a review panel.

export const CHALLENGE_STATES = [
  'draft', // being prepared by the union
  'published', // open for applications until the deadline
  'reviewing', // applications closed; the panel scores them
  'awarded', // one application chosen; its milestones are being fixed
  'in_progress', // the work is under way; milestones are accepted and paid in tranches
  'completed', // every milestone accepted
  'cancelled',
] as const;
export type ChallengeState = (typeof CHALLENGE_STATES)[number];

export const CHALLENGE_STATE_LABELS: Record<ChallengeState, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '揭榜中', en: 'Open' },
  reviewing: { zh: '评审中', en: 'Reviewing' },
  awarded: { zh: '已定榜', en: 'Awarded' },
  in_progress: { zh: '攻关中', en: 'In progress' },
  completed: { zh: '已完成', en: 'Completed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const APPLICATION_STATES = ['submitted', 'withdrawn', 'awarded', 'not_awarded'] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];
export const APPLICATION_STATE_LABELS: Record<ApplicationState, { zh: string; en: string }> = {
  submitted: { zh: '已揭榜', en: 'Submitted' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  awarded: { zh: '中榜', en: 'Awarded' },
  not_awarded: { zh: '未中榜', en: 'Not awarded' },
};

export const APPLICANT_TYPES = ['team', 'studio'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const APPLICANT_TYPE_LABELS: Record<ApplicantType, { zh: string; en: string }> = {
  team: { zh: '服务队', en: 'Service team' },
  studio: { zh: '创新工作室', en: 'Studio' },
};

export interface Criterion {
  key: string;
  label: string;
  weight: number;
}

/** The usual criteria of a 揭榜挂帅 panel (weights in percent, adding up to 100). */
export const DEFAULT_CRITERIA: readonly Criterion[] = [
  { key: 'technical', label: '技术方案', weight: 35 },
  { key: 'team', label: '团队能力', weight: 25 },
  { key: 'feasibility', label: '可行性与进度', weight: 20 },
  { key: 'benefit', label: '预期效益', weight: 20 },
];

/** Yuan as a decimal string ("12.50") → fen (an integer), or null when it is not a money amount. */
export function yuanToFen(v: string | number): number | null {
  const s = typeof v === 'number' ? String(v) : v.trim();
  if (!/^\d{1,11}(\.\d{1,2})?$/.test(s)) return null;
  const [i, f = ''] = s.split('.');
  return Number(i) * 100 + Number(f.padEnd(2, '0'));
}

export function fenToYuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
