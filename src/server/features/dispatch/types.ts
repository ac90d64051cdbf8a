// The matching and dispatch engine's input: plain data, so the 助企行 feature can build it
// from its rows (craftsmen, teams, demands, assignments) without the engine knowing tables.

/**
 * Default keys of the 需求类别 dictionary (the list is editable in the 助企行 feature; a key
 * the engine has no vocabulary for scores 0 on the category factor, with a reason saying so).
 */
export const DEMAND_CATEGORY_KEYS = [
  'process_quality',
  'energy_saving',
  'equipment_upgrade',
  'management',
  'skills',
  'safety_health',
] as const;
export type DemandCategoryKey = (typeof DEMAND_CATEGORY_KEYS)[number];

export const DEMAND_CATEGORY_LABELS: Record<DemandCategoryKey, string> = {
  process_quality: '工艺设计质量',
  energy_saving: '节能降耗',
  equipment_upgrade: '设备改造',
  management: '管理提升',
  skills: '职工技能',
  safety_health: '职业安全健康',
};

/** An enterprise's problem (需求), as the engine needs it. */
export interface DemandProfile {
  /** Unique within one ranking or batch (the demand's row id). */
  id: number;
  /** The enterprise (organizations.id) that posted it: a candidate employed there is a conflict of interest. */
  enterpriseOrgId: number;
  /** GB/T 2260 county code of the place of service (e.g. '330127' 淳安县). */
  countyCode: string;
  /** GB/T 2260 city code ('330100'). */
  cityCode: string;
  /** GB/T 4754-2017 division (大类), two digits ('29' 橡胶和塑料制品业); null when unknown. */
  industryDivision: string | null;
  /** 需求类别 key (see DEMAND_CATEGORY_KEYS). */
  categoryKey: string;
  /** Title + description: what the enterprise wrote. */
  text: string;
  /** 1 (normal) … 3 (urgent). Not part of the score; in greedy, equal scores go to the more urgent demand first. */
  urgency: number;
  /** The county is on the year's 山区海岛县 list. */
  isMountainIsland: boolean;
  /** ISO timestamp: in greedy, equal scores and urgency go to the earlier demand first. */
  createdAt: string;
}

/** A craftsman (劳模工匠) or a service team (服务队) that can take demands. */
export interface CandidateProfile {
  /** Unique across kinds, e.g. 'craftsman:12', 'team:3' (ids of the two tables overlap). */
  id: string;
  kind: 'craftsman' | 'team';
  name: string;
  /** organizations.id of the employer(s): a craftsman's enterprise, every member's enterprise for a team. */
  employerOrgIds: number[];
  countyCode: string;
  cityCode: string;
  /** 职业分类大典 codes: mid groups ('6-14') or finer ('6-14-02-01'); the engine reads the mid group. */
  occupationCodes: string[];
  /** GB/T 4754 divisions the candidate knows. */
  industryDivisions: string[];
  /** Specialty tags (专长标签), e.g. ['注塑', '模具设计']. */
  specialtyTags: string[];
  /** Specialty free text (专长描述). */
  specialtyText: string;
  /** Texts of past services (what was done), newest first; a few are enough. */
  pastServiceTexts: string[];
  /** Demands a month the candidate can take. */
  monthlyCapacity: number;
  /** Demands already taken this month (assigned, accepted or in service). */
  currentLoad: number;
  /** Average of past ratings on 1–5 (null when none). */
  ratingAverage: number | null;
  ratingCount: number;
  /** Has served (or is based in) 山区海岛县: gets the priority on demands there. */
  servesMountainIsland: boolean;
  /** False while paused, on leave or without employer consent. */
  available: boolean;
}
