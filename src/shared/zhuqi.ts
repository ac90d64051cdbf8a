// 劳模工匠助企行 facts shared by the server and the web: demand states and their labels, the
// dispatch levels, urgency, the eight-step skill ladder, occupations (中类) and honours from
// the reference data in ./data.
import honoursJson from './data/honours.json' with { type: 'json' };
import occupationsJson from './data/occupations.json' with { type: 'json' };

export const DEMAND_STATES = [
  'submitted', // posted, awaiting the county union's review
  'returned', // returned to the enterprise with a reason
  'published', // open: can be dispatched or claimed
  'claimed', // a craftsman or team claimed it; awaiting the union's confirmation
  'dispatching', // offered to the candidates of a dispatch list, one at a time
  'in_service', // accepted: service records are added
  'completed', // the craftsman says the work is done
  'closed', // the enterprise confirmed and rated it
  'cancelled', // withdrawn before service
] as const;
export type DemandState = (typeof DEMAND_STATES)[number];

export const DEMAND_STATE_LABELS: Record<DemandState, { zh: string; en: string }> = {
  submitted: { zh: '待审核', en: 'Awaiting review' },
  returned: { zh: '已退回', en: 'Returned' },
  published: { zh: '待派单', en: 'Open' },
  claimed: { zh: '认领待确认', en: 'Claimed' },
  dispatching: { zh: '派单中', en: 'Dispatching' },
  in_service: { zh: '服务中', en: 'In service' },
  completed: { zh: '待企业确认', en: 'Awaiting confirmation' },
  closed: { zh: '已办结', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const LEVELS = ['county', 'city', 'province'] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, { zh: string; en: string }> = {
  county: { zh: '县级', en: 'County' },
  city: { zh: '市级', en: 'City' },
  province: { zh: '省级', en: 'Province' },
};

export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, { zh: string; en: string }> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
  critical: { zh: '特急', en: 'Critical' },
};

export const ASSIGNMENT_STATES = [
  'queued',
  'offered',
  'accepted',
  'declined',
  'expired',
  'withdrawn',
  // A queued backup passed over when the offer reached them: no longer available, full, or in conflict.
  'skipped',
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];
export const ASSIGNMENT_STATE_LABELS: Record<AssignmentState, { zh: string; en: string }> = {
  queued: { zh: '候补', en: 'Queued' },
  offered: { zh: '待接单', en: 'Offered' },
  accepted: { zh: '已接单', en: 'Accepted' },
  declined: { zh: '已拒绝', en: 'Declined' },
  expired: { zh: '超时未接', en: 'Expired' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  skipped: { zh: '已跳过（不再符合条件）', en: 'Skipped (no longer eligible)' },
};

export const CANDIDATE_TYPES = ['craftsman', 'team'] as const;
export type CandidateType = (typeof CANDIDATE_TYPES)[number];

export const GENDERS = ['male', 'female'] as const;
export const GENDER_LABELS = { male: { zh: '男', en: 'Male' }, female: { zh: '女', en: 'Female' } };

export interface SkillLevel {
  order: number;
  name: string;
  qualificationLevel: string | null;
}
/** 新八级工: 学徒工 … 首席技师 (order 1–8). */
export const SKILL_LEVELS: readonly SkillLevel[] = (
  occupationsJson as unknown as { skillLevels: { levels: SkillLevel[] } }
).skillLevels.levels.map((l) => ({ order: l.order, name: l.name, qualificationLevel: l.qualificationLevel }));

export interface Occupation {
  code: string;
  name: string;
  major: string;
}
/** 职业分类大典（2022）中类, the occupation of a craftsman. */
export const OCCUPATIONS: readonly Occupation[] = (
  occupationsJson as unknown as {
    majorGroups: { code: string; name: string; midGroups?: { code: string; name: string }[] }[];
  }
).majorGroups.flatMap((g) => (g.midGroups ?? []).map((m) => ({ code: m.code, name: m.name, major: g.name })));

export interface Honour {
  id: string;
  name: string;
  level: string;
}
export const HONOURS: readonly Honour[] = (
  honoursJson as unknown as { honours: { id: string; name: string; level: string }[] }
).honours.map((h) => ({ id: h.id, name: h.name.replace(/\s*\(.*\)$/, ''), level: h.level }));

export const HONOUR_LEVEL_LABELS: Record<string, string> = {
  national: '全国',
  provincial: '省级',
  municipal: '市级',
  county: '县级',
};

export const RATING_KEYS = ['timeliness', 'effect', 'attitude'] as const;
export const RATING_LABELS = {
  timeliness: { zh: '响应及时', en: 'Timeliness' },
  effect: { zh: '解决效果', en: 'Effect' },
  attitude: { zh: '服务态度', en: 'Attitude' },
};
