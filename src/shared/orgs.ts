// Kinds of organisation in the province's tree, and the reference data typed from
// shared/data (GB/T 2260 divisions, GB/T 4754-2017 industries).
import divisionsJson from './data/zhejiang-divisions.json' with { type: 'json' };
import industriesJson from './data/industry-gbt4754.json' with { type: 'json' };

export const ORG_KINDS = [
  'province',
  'department',
  'centre',
  'academy',
  'city',
  'county',
  'industry_union',
  'enterprise',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_LABELS: Record<OrgKind, { zh: string; en: string }> = {
  province: { zh: '省总工会', en: 'Provincial federation' },
  department: { zh: '省总机关部门', en: 'Department' },
  centre: { zh: '直属单位', en: 'Affiliated centre' },
  academy: { zh: '浙江工匠学院', en: 'Zhejiang Craftsman Academy' },
  city: { zh: '市总工会', en: 'City federation' },
  county: { zh: '县（市、区）总工会', en: 'County federation' },
  industry_union: { zh: '省级产业工会', en: 'Provincial industry union' },
  enterprise: { zh: '企业', en: 'Enterprise' },
};

export const MOUNTAIN_ISLAND_CATEGORIES = ['mountain', 'island'] as const;
export type MountainIslandCategory = (typeof MOUNTAIN_ISLAND_CATEGORIES)[number];
export const MOUNTAIN_ISLAND_LABELS: Record<MountainIslandCategory, { zh: string; en: string }> = {
  mountain: { zh: '山区县', en: 'Mountain county' },
  island: { zh: '海岛县', en: 'Island county' },
};

export interface Division {
  code: string;
  name: string;
  level: 'province' | 'prefecture' | 'county';
  type: string;
  parent: string | null;
  isMountain26: boolean;
  isIsland: boolean;
  mountainIsland2024?: boolean;
  mountainIsland2025?: boolean;
  mountainIslandCategory?: string;
}

export const DIVISIONS: readonly Division[] = (divisionsJson as { divisions: Division[] }).divisions;

export interface IndustrySection {
  code: string;
  name: string;
  divisions: { code: string; name: string }[];
}

interface IndustryJson {
  sections: {
    code: string;
    name: string;
    divisionRange?: string;
    divisions?: { code: string; name: string }[];
  }[];
  divisions?: { code: string; name: string; section?: string }[];
}

function buildIndustries(): IndustrySection[] {
  const j = industriesJson as unknown as IndustryJson;
  return j.sections.map((s) => ({
    code: s.code,
    name: s.name,
    divisions: s.divisions ?? (j.divisions ?? []).filter((d) => d.section === s.code),
  }));
}

/** GB/T 4754-2017: 20 sections (门类) with their divisions (大类). */
export const INDUSTRY_SECTIONS: readonly IndustrySection[] = buildIndustries();

export function industryDivisionSection(divisionCode: string): string | null {
  for (const s of INDUSTRY_SECTIONS) if (s.divisions.some((d) => d.code === divisionCode)) return s.code;
  return null;
}
