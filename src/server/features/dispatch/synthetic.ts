// A realistic synthetic dispatch instance with a fixed seed, for the bench and the tests:
// candidates spread over Zhejiang's 90 counties with specialties drawn from the domain
// dictionary, capacities 1–4 and loads, ratings, employers (so conflicts occur), and demands
// written like an enterprise would write them.
import { DIVISIONS, INDUSTRY_SECTIONS } from '#shared/orgs.ts';
import { CATEGORY_TERMS, GENERAL_TERMS } from './domain-dict.ts';
import {
  type CandidateProfile,
  DEMAND_CATEGORY_KEYS,
  type DemandCategoryKey,
  type DemandProfile,
} from './types.ts';

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTIES = DIVISIONS.filter((d) => d.level === 'county');
const MANUFACTURING = INDUSTRY_SECTIONS.find((s) => s.code === 'C')!.divisions.map((d) => d.code);
const ENERGY = ['44', '45', '46'];
/** Trades by division (the reverse of the ranking's table, kept apart so the instance is independent). */
const TRADE: Record<string, string> = {
  '17': '6-04',
  '18': '6-05',
  '26': '6-11',
  '27': '6-12',
  '28': '6-13',
  '29': '6-14',
  '30': '6-15',
  '31': '6-17',
  '33': '6-19',
  '34': '6-20',
  '35': '6-21',
  '36': '6-22',
  '38': '6-24',
  '39': '6-25',
  '40': '6-26',
  '44': '6-28',
};
const GENERAL_TRADES = ['2-02', '6-18', '6-31', '4-12'];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢';
const GIVEN = '建国伟明华军平志强海峰林杰涛斌勇俊飞宇浩磊鹏超波辉刚健亮成文武兴国庆立新红英芳丽敏静燕秀玲';
const PRODUCTS = [
  '注塑件',
  '汽车零部件',
  '阀门',
  '水泵',
  '电机',
  '五金件',
  '纺织品',
  '印染布',
  '锂电池',
  '电线电缆',
  '家具',
  '医药',
  '化纤',
  '模具',
  '轴承',
  '齿轮',
  '线路板',
  '小家电',
  '卫浴',
  '紧固件',
];

export interface SyntheticOptions {
  candidates: number;
  demands: number;
  seed?: number;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
function pickSome<T>(r: () => number, xs: readonly T[], k: number): T[] {
  const s = new Set<T>();
  while (s.size < Math.min(k, xs.length)) s.add(pick(r, xs));
  return [...s];
}

/** Enterprises: 40 per county, id = 1000 + county position × 40 + k. */
const enterpriseOf = (countyPos: number, k: number) => 1000 + countyPos * 40 + k;

export function syntheticInstance(o: SyntheticOptions): {
  candidates: CandidateProfile[];
  demands: DemandProfile[];
} {
  const r = prng(o.seed ?? 20250501);
  // Counties differ in size: a weight per county, big districts heavier.
  const weights = COUNTIES.map((c) => (c.type === '市辖区' ? 1.5 : 1) * (0.5 + r()));
  const total = weights.reduce((a, b) => a + b, 0);
  const pickCounty = () => {
    let x = r() * total;
    for (let i = 0; i < COUNTIES.length; i++) {
      x -= weights[i];
      if (x <= 0) return i;
    }
    return COUNTIES.length - 1;
  };
  const mi = (i: number) => !!COUNTIES[i].mountainIsland2025;
  const division = () => (r() < 0.9 ? pick(r, MANUFACTURING) : pick(r, ENERGY));

  const candidates: CandidateProfile[] = [];
  for (let n = 0; n < o.candidates; n++) {
    const ci = pickCounty();
    const county = COUNTIES[ci];
    const team = r() < 0.2;
    const cat = pick(r, DEMAND_CATEGORY_KEYS) as DemandCategoryKey;
    const div = division();
    const others = r() < 0.5 ? [division()] : [];
    const tags = [
      ...pickSome(r, CATEGORY_TERMS[cat], 3 + Math.floor(r() * 4)),
      ...pickSome(r, GENERAL_TERMS, 1 + Math.floor(r() * 2)),
      ...(r() < 0.4 ? [pick(r, CATEGORY_TERMS[pick(r, DEMAND_CATEGORY_KEYS)])] : []),
    ];
    const cap = 1 + Math.floor(r() * 4);
    const load = r() < 0.1 ? cap : Math.floor(r() * cap);
    const ratings = r() < 0.3 ? 0 : 1 + Math.floor(r() * 60);
    const employers = team
      ? Array.from({ length: 2 + Math.floor(r() * 4) }, () => enterpriseOf(ci, Math.floor(r() * 40)))
      : [enterpriseOf(ci, Math.floor(r() * 40))];
    const past = Array.from({ length: Math.floor(r() * 5) }, () => {
      const t = pickSome(r, CATEGORY_TERMS[cat], 2);
      return `为${pick(r, COUNTIES).name}一家${pick(r, PRODUCTS)}企业解决${t[0]}问题，${t[1]}效果明显`;
    });
    const name = team
      ? `${county.name}${pick(r, tags)}服务队`
      : `${pick(r, [...SURNAMES])}${pick(r, [...GIVEN])}${r() < 0.5 ? pick(r, [...GIVEN]) : ''}`;
    candidates.push({
      id: `${team ? 'team' : 'craftsman'}:${n + 1}`,
      kind: team ? 'team' : 'craftsman',
      name,
      employerOrgIds: [...new Set(employers)],
      countyCode: county.code,
      cityCode: county.parent!,
      occupationCodes: [r() < 0.6 && TRADE[div] ? TRADE[div] : pick(r, GENERAL_TRADES)],
      industryDivisions: [...new Set([div, ...others])],
      specialtyTags: tags,
      specialtyText: `长期从事${tags[0]}、${tags[1]}工作，擅长${tags[2] ?? tags[0]}`,
      pastServiceTexts: past,
      monthlyCapacity: cap,
      currentLoad: load,
      ratingAverage: ratings ? Math.round((3.5 + r() * 1.5) * 10) / 10 : null,
      ratingCount: ratings,
      servesMountainIsland: mi(ci) || r() < 0.25,
      available: r() < 0.95,
    });
  }

  const demands: DemandProfile[] = [];
  const day0 = Date.UTC(2025, 2, 1);
  for (let n = 0; n < o.demands; n++) {
    const ci = pickCounty();
    const county = COUNTIES[ci];
    const cat = pick(r, DEMAND_CATEGORY_KEYS) as DemandCategoryKey;
    const t = pickSome(r, CATEGORY_TERMS[cat], 3);
    const product = pick(r, PRODUCTS);
    demands.push({
      id: n + 1,
      enterpriseOrgId: enterpriseOf(ci, Math.floor(r() * 40)),
      countyCode: county.code,
      cityCode: county.parent!,
      industryDivision: division(),
      categoryKey: cat,
      text: `${product}生产中${t[0]}问题突出。我公司主要生产${product}，近来${t[1]}方面存在不足，希望在${t[2]}上得到指导`,
      urgency: 1 + Math.floor(r() * 3),
      isMountainIsland: mi(ci),
      createdAt: new Date(day0 + Math.floor(r() * 90) * 86_400_000).toISOString(),
    });
  }
  return { candidates, demands };
}
