// Ranking with reasons: a candidate index built once (struct of arrays + inverted text index),
// a scoring kernel that scores one demand against every candidate in one pass, and the
// explanation of a candidate's score as components whose contributions sum to it exactly.
import { DIVISIONS, INDUSTRY_SECTIONS, industryDivisionSection } from '#shared/orgs.ts';
import occupationsJson from '#shared/data/occupations.json' with { type: 'json' };
import { CATEGORY_TERMS } from './domain-dict.ts';
import {
  accumulate,
  buildTextIndex,
  prepareQuery,
  scoreOne,
  type TextIndex,
  type TextQuery,
  termLabel,
  tokenize,
} from './text.ts';
import {
  type CandidateProfile,
  DEMAND_CATEGORY_LABELS,
  type DemandCategoryKey,
  type DemandProfile,
} from './types.ts';

/** Points of each factor (a factor's value in [0, 1] times its weight). Edit here or per call. */
export interface DispatchWeights {
  text: number;
  industry: number;
  occupation: number;
  category: number;
  distance: number;
  load: number;
  rating: number;
  mountainIsland: number;
}

export const DEFAULT_WEIGHTS: Readonly<DispatchWeights> = Object.freeze({
  text: 35,
  industry: 12,
  occupation: 8,
  category: 10,
  distance: 12,
  load: 7,
  rating: 10,
  mountainIsland: 6,
});

/** Parameters of the factors' values (not weights). */
export const FACTOR_PARAMS = Object.freeze({
  /** Text value = min(1, BM25 / (saturation × the demand's own maximum)). */
  textSaturation: 0.5,
  /** Bayesian rating: (priorCount × prior + n × average) / (priorCount + n). */
  ratingPrior: 4,
  ratingPriorCount: 10,
  /** Distance values. */
  sameCounty: 1,
  sameCity: 0.6,
  province: 0.2,
  /** Industry values. */
  sameDivision: 1,
  sameSection: 0.5,
  /** Occupation values: its trade maps to the division; a cross-cutting trade in manufacturing; same section. */
  occupationDivision: 1,
  occupationGeneral: 0.6,
  occupationSection: 0.3,
  /** Category value = min(1, category terms among the specialties / this). */
  categoryTermsForFull: 3,
});

export const FACTOR_KEYS = [
  'text',
  'industry',
  'occupation',
  'category',
  'distance',
  'load',
  'rating',
  'mountainIsland',
] as const satisfies readonly (keyof DispatchWeights)[];
export type FactorKey = (typeof FACTOR_KEYS)[number];

export const FACTOR_LABELS: Record<FactorKey, string> = {
  text: '专长相关度',
  industry: '行业对口',
  occupation: '职业对口',
  category: '需求类别',
  distance: '距离',
  load: '当前负荷',
  rating: '历史评价',
  mountainIsland: '山区海岛县优先',
};

export type ExclusionKey = 'unavailable' | 'full' | 'conflict';

/** 职业分类大典 中类 (mid group) → the GB/T 4754 divisions whose work it is. */
const OCCUPATION_DIVISIONS: Record<string, string[]> = {
  '6-01': ['13'],
  '6-02': ['14', '15'],
  '6-03': ['16'],
  '6-04': ['17'],
  '6-05': ['18', '19'],
  '6-06': ['20', '21'],
  '6-07': ['22'],
  '6-08': ['23'],
  '6-09': ['24'],
  '6-10': ['25'],
  '6-11': ['26'],
  '6-12': ['27'],
  '6-13': ['28'],
  '6-14': ['29'],
  '6-15': ['30'],
  '6-16': ['06', '07', '08', '09', '10', '11', '12'],
  '6-17': ['31', '32'],
  '6-19': ['33'],
  '6-20': ['34'],
  '6-21': ['35'],
  '6-22': ['36'],
  '6-23': ['37'],
  '6-24': ['38'],
  '6-25': ['39'],
  '6-26': ['40'],
  '6-27': ['42'],
  '6-28': ['44', '45', '46'],
  '6-29': ['47', '48', '49', '50'],
  '4-11': ['44', '45', '46'],
  '4-04': ['63', '64', '65'],
};
/** Trades that serve every manufacturing division (engineers, machining, maintenance, repair). */
const GENERAL_MANUFACTURING_OCCUPATIONS = new Set(['2-02', '6-18', '6-31', '4-12', '6-99']);

const OCCUPATION_NAMES = new Map<string, string>();
for (const g of (occupationsJson as { majorGroups: { midGroups: { code: string; name: string }[] }[] })
  .majorGroups)
  for (const m of g.midGroups) OCCUPATION_NAMES.set(m.code, m.name);

const DIVISION_NAMES = new Map<string, string>();
for (const s of INDUSTRY_SECTIONS) for (const d of s.divisions) DIVISION_NAMES.set(d.code, d.name);
const SECTION_NAMES = new Map(INDUSTRY_SECTIONS.map((s) => [s.code, s.name]));
const PLACE_NAMES = new Map(DIVISIONS.map((d) => [d.code, d.name]));
const placeName = (code: string) => PLACE_NAMES.get(code) ?? code;

const midGroup = (code: string) => code.split('-').slice(0, 2).join('-');

/** The candidates, indexed once; rebuilt when they change (cheap: about a second for 10,000). */
export interface CandidateIndex {
  n: number;
  candidates: CandidateProfile[];
  county: Int32Array;
  city: Int32Array;
  /** 0 eligible, 1 unavailable, 2 full (load ≥ capacity). */
  staticExclusion: Uint8Array;
  /** capacity − load, ≥ 0. */
  remaining: Int32Array;
  loadValue: Float64Array;
  ratingValue: Float64Array;
  ratingBayes: Float64Array;
  /** Ratings counted (0 when the average is missing or not a number). */
  ratingCount: Int32Array;
  servesMountainIsland: Uint8Array;
  /** employer organisation id → candidate positions. */
  byEmployer: Map<number, number[]>;
  /** Candidate positions by the industry divisions / sections they know, by occupation mid group. */
  byDivision: Map<string, number[]>;
  bySection: Map<string, number[]>;
  occupationGroups: string[][];
  /** category key → value in [0, 1] per candidate, and the category terms each one has. */
  categoryValue: Map<string, Float64Array>;
  categoryTerms: Map<string, string[][]>;
  text: TextIndex;
  /** Lazily built per-division vectors (industry and occupation values), shared by every demand. */
  industryCache: Map<string, Float64Array>;
  occupationCache: Map<string, Float64Array>;
}

/** A count from outside: non-negative whole number, 0 when missing or not a number. */
const wholeOrZero = (x: number) => (Number.isFinite(x) ? Math.max(0, Math.floor(x)) : 0);

/**
 * The text a candidate is matched on: tags (twice: they are chosen words), specialty text and
 * past services; and the words of its specialties alone (for the category factor).
 */
function candidateTokens(c: CandidateProfile): { doc: string[]; specialties: Set<string> } {
  const tags = tokenize(c.specialtyTags.join('，'));
  const text = tokenize(c.specialtyText);
  return {
    doc: [...tags, ...tags, ...text, ...tokenize(c.pastServiceTexts.join('。'))],
    specialties: new Set([...tags, ...text]),
  };
}

/**
 * Builds the index. Candidates are ordered by id (plain string order), so a position order is
 * the id order, which is the deterministic tie-break of every ranking.
 */
export function buildIndex(input: readonly CandidateProfile[]): CandidateIndex {
  const candidates = [...input].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < candidates.length; i++)
    if (candidates[i].id === candidates[i - 1].id)
      throw new Error(`duplicate candidate id ${candidates[i].id}`);
  const n = candidates.length;
  const ix: CandidateIndex = {
    n,
    candidates,
    county: new Int32Array(n),
    city: new Int32Array(n),
    staticExclusion: new Uint8Array(n),
    remaining: new Int32Array(n),
    loadValue: new Float64Array(n),
    ratingValue: new Float64Array(n),
    ratingBayes: new Float64Array(n),
    ratingCount: new Int32Array(n),
    servesMountainIsland: new Uint8Array(n),
    byEmployer: new Map(),
    byDivision: new Map(),
    bySection: new Map(),
    occupationGroups: [],
    categoryValue: new Map(),
    categoryTerms: new Map(),
    text: buildTextIndex([]),
    industryCache: new Map(),
    occupationCache: new Map(),
  };
  const docs: string[][] = [];
  const push = (m: Map<string, number[]>, k: string, i: number) => {
    const l = m.get(k);
    if (!l) m.set(k, [i]);
    else if (l[l.length - 1] !== i) l.push(i);
  };
  const specialtyTokens: Set<string>[] = [];
  const P = FACTOR_PARAMS;
  for (let i = 0; i < n; i++) {
    const c = candidates[i];
    ix.county[i] = Number(c.countyCode) || 0;
    ix.city[i] = Number(c.cityCode) || 0;
    const cap = wholeOrZero(c.monthlyCapacity);
    const load = wholeOrZero(c.currentLoad);
    ix.remaining[i] = Math.max(0, cap - load);
    ix.staticExclusion[i] = !c.available ? 1 : load >= cap ? 2 : 0;
    ix.loadValue[i] = cap > 0 ? Math.max(0, cap - load) / cap : 0;
    const valid = c.ratingAverage !== null && Number.isFinite(c.ratingAverage);
    const cnt = valid ? wholeOrZero(c.ratingCount) : 0;
    const avg = valid ? Math.min(5, Math.max(1, c.ratingAverage!)) : P.ratingPrior;
    const bayes = (P.ratingPriorCount * P.ratingPrior + cnt * avg) / (P.ratingPriorCount + cnt);
    ix.ratingBayes[i] = bayes;
    ix.ratingCount[i] = cnt;
    ix.ratingValue[i] = Math.min(1, Math.max(0, (bayes - 1) / 4));
    ix.servesMountainIsland[i] = c.servesMountainIsland ? 1 : 0;
    for (const e of new Set(c.employerOrgIds)) {
      const l = ix.byEmployer.get(e);
      if (l) l.push(i);
      else ix.byEmployer.set(e, [i]);
    }
    for (const d of c.industryDivisions) {
      push(ix.byDivision, d, i);
      const s = industryDivisionSection(d);
      if (s) push(ix.bySection, s, i);
    }
    ix.occupationGroups.push([...new Set(c.occupationCodes.map(midGroup))].sort());
    const tokens = candidateTokens(c);
    docs.push(tokens.doc);
    specialtyTokens.push(tokens.specialties);
  }
  ix.text = buildTextIndex(docs);
  const categoriesOf = new Map<string, string[]>();
  for (const [key, terms] of Object.entries(CATEGORY_TERMS)) {
    ix.categoryValue.set(key, new Float64Array(n));
    ix.categoryTerms.set(
      key,
      Array.from({ length: n }, () => []),
    );
    for (const t of terms)
      categoriesOf.set(t.toLowerCase(), [...(categoriesOf.get(t.toLowerCase()) ?? []), key]);
  }
  for (let i = 0; i < n; i++) {
    for (const t of specialtyTokens[i])
      for (const key of categoriesOf.get(t) ?? []) ix.categoryTerms.get(key)![i].push(t);
  }
  for (const [key, values] of ix.categoryValue) {
    const terms = ix.categoryTerms.get(key)!;
    for (let i = 0; i < n; i++) values[i] = Math.min(1, terms[i].length / P.categoryTermsForFull);
  }
  return ix;
}

function industryVector(ix: CandidateIndex, division: string | null): Float64Array | null {
  if (!division) return null;
  let v = ix.industryCache.get(division);
  if (v) return v;
  v = new Float64Array(ix.n);
  const section = industryDivisionSection(division);
  if (section) for (const i of ix.bySection.get(section) ?? []) v[i] = FACTOR_PARAMS.sameSection;
  for (const i of ix.byDivision.get(division) ?? []) v[i] = FACTOR_PARAMS.sameDivision;
  ix.industryCache.set(division, v);
  return v;
}

/** Occupation value of a candidate's trades for a division, and the trade that earned it. */
function occupationFit(groups: string[], division: string | null): { value: number; group: string | null } {
  if (!division) return { value: 0, group: null };
  const section = industryDivisionSection(division);
  let best = { value: 0, group: null as string | null };
  for (const g of groups) {
    const divs = OCCUPATION_DIVISIONS[g];
    let v = 0;
    if (divs?.includes(division)) v = FACTOR_PARAMS.occupationDivision;
    else if (section === 'C' && GENERAL_MANUFACTURING_OCCUPATIONS.has(g)) v = FACTOR_PARAMS.occupationGeneral;
    else if (divs && section && divs.some((d) => industryDivisionSection(d) === section))
      v = FACTOR_PARAMS.occupationSection;
    if (v > best.value) best = { value: v, group: g };
  }
  return best;
}

function occupationVector(ix: CandidateIndex, division: string | null): Float64Array | null {
  if (!division) return null;
  let v = ix.occupationCache.get(division);
  if (v) return v;
  v = new Float64Array(ix.n);
  for (let i = 0; i < ix.n; i++) v[i] = occupationFit(ix.occupationGroups[i], division).value;
  ix.occupationCache.set(division, v);
  return v;
}

/** A demand made ready for scoring (segmented, its per-division vectors looked up). */
export interface PreparedDemand {
  demand: DemandProfile;
  query: TextQuery;
  satNorm: number;
  county: number;
  city: number;
  industry: Float64Array | null;
  occupation: Float64Array | null;
  category: Float64Array | null;
  conflicts: readonly number[];
}

export function prepareDemand(ix: CandidateIndex, demand: DemandProfile): PreparedDemand {
  const query = prepareQuery(ix.text, tokenize(demand.text));
  return {
    demand,
    query,
    satNorm: FACTOR_PARAMS.textSaturation * query.norm,
    county: Number(demand.countyCode) || -1,
    city: Number(demand.cityCode) || -1,
    industry: industryVector(ix, demand.industryDivision),
    occupation: occupationVector(ix, demand.industryDivision),
    category: ix.categoryValue.get(demand.categoryKey) ?? null,
    conflicts: ix.byEmployer.get(demand.enterpriseOrgId) ?? [],
  };
}

/** Scratch buffers of one caller (one per thread), reused across demands. */
export interface Scratch {
  text: Float64Array;
  zero: Float64Array;
}
export const newScratch = (ix: CandidateIndex): Scratch => ({
  text: new Float64Array(ix.n),
  zero: new Float64Array(ix.n),
});

/**
 * The scoring kernel: `out[i]` = the score of candidate i for this demand, or -Infinity when
 * the candidate is excluded. Sums the contributions in FACTOR_KEYS order, as `explain` does,
 * so both give the same number to the last bit.
 */
export function scoreAll(
  ix: CandidateIndex,
  q: PreparedDemand,
  w: DispatchWeights,
  out: Float64Array,
  scratch: Scratch,
): void {
  const raw = scratch.text;
  raw.fill(0);
  accumulate(q.query, raw);
  const P = FACTOR_PARAMS;
  const n = ix.n;
  const zero = scratch.zero;
  const industry = q.industry ?? zero;
  const occupation = q.occupation ?? zero;
  const category = q.category ?? zero;
  const { county, city, satNorm } = q;
  const excl = ix.staticExclusion;
  const counties = ix.county;
  const cities = ix.city;
  const loadValue = ix.loadValue;
  const ratingValue = ix.ratingValue;
  const serves = ix.servesMountainIsland;
  const mi = q.demand.isMountainIsland ? 1 : 0;
  const wT = w.text;
  const wI = w.industry;
  const wO = w.occupation;
  const wC = w.category;
  const wD = w.distance;
  const wL = w.load;
  const wR = w.rating;
  const wM = w.mountainIsland;
  const sameCounty = P.sameCounty;
  const sameCity = P.sameCity;
  const province = P.province;
  const hasText = satNorm > 0;
  for (let i = 0; i < n; i++) {
    if (excl[i] !== 0) {
      out[i] = Number.NEGATIVE_INFINITY;
      continue;
    }
    const tv = hasText ? Math.min(1, raw[i] / satNorm) : 0;
    const dv = counties[i] === county ? sameCounty : cities[i] === city ? sameCity : province;
    let s = wT * tv;
    s += wI * industry[i];
    s += wO * occupation[i];
    s += wC * category[i];
    s += wD * dv;
    s += wL * loadValue[i];
    s += wR * ratingValue[i];
    s += wM * (mi & serves[i]);
    out[i] = s;
  }
  for (const i of q.conflicts) out[i] = Number.NEGATIVE_INFINITY;
}

export interface ScoreComponent {
  key: FactorKey;
  label: string;
  weight: number;
  value: number;
  contribution: number;
  reason: string;
}

export interface RankedCandidate {
  candidateId: string;
  kind: CandidateProfile['kind'];
  name: string;
  score: number;
  components: ScoreComponent[];
}

export interface ExcludedCandidate {
  candidateId: string;
  name: string;
  reasons: { key: ExclusionKey; reason: string }[];
}

export interface RankResult {
  demandId: number;
  results: RankedCandidate[];
  excluded: ExcludedCandidate[];
  /** Candidates looked at, and how many of them could take the demand. */
  considered: number;
  eligible: number;
}

const fmt = (x: number, d = 2) => (Math.round(x * 10 ** d) / 10 ** d).toString();

/** Why a candidate cannot take a demand (empty when it can). */
export function exclusionReasons(
  ix: CandidateIndex,
  i: number,
  demand: DemandProfile,
): ExcludedCandidate['reasons'] {
  const c = ix.candidates[i];
  const r: ExcludedCandidate['reasons'] = [];
  if (c.employerOrgIds.includes(demand.enterpriseOrgId))
    r.push({
      key: 'conflict',
      reason:
        c.kind === 'team'
          ? '服务队有成员受雇于提出需求的企业（利益冲突），回避'
          : '受雇于提出需求的企业（利益冲突），回避',
    });
  if (ix.staticExclusion[i] === 1)
    r.push({ key: 'unavailable', reason: '当前不可接单（暂停、请假或未获单位同意）' });
  if (ix.staticExclusion[i] === 2)
    r.push({
      key: 'full',
      reason: `本月已满额：已接 ${wholeOrZero(c.currentLoad)} 单，每月可接 ${wholeOrZero(c.monthlyCapacity)} 单`,
    });
  return r;
}

/** The components of candidate i's score for a prepared demand; their contributions sum to the score. */
export function explain(
  ix: CandidateIndex,
  q: PreparedDemand,
  i: number,
  w: DispatchWeights,
): { score: number; components: ScoreComponent[] } {
  const c = ix.candidates[i];
  const d = q.demand;
  const P = FACTOR_PARAMS;
  const comps: ScoreComponent[] = [];
  const add = (key: FactorKey, value: number, reason: string) =>
    comps.push({
      key,
      label: FACTOR_LABELS[key],
      weight: w[key],
      value,
      contribution: w[key] * value,
      reason,
    });

  const { raw, matched } = scoreOne(q.query, i);
  const tv = q.satNorm > 0 ? Math.min(1, raw / q.satNorm) : 0;
  const labels = [
    ...new Set(
      [...matched]
        .sort((a, b) => b.part - a.part || (a.term < b.term ? -1 : 1))
        .map((m) => termLabel(m.term)),
    ),
  ];
  const top = labels.slice(0, 5);
  add(
    'text',
    tv,
    matched.length
      ? `需求与其专长、服务记录共有关键词：${top.join('、')}${labels.length > 5 ? ` 等 ${labels.length} 个` : ''}（相关度 ${fmt(tv)}）`
      : '需求的关键词未出现在其专长和服务记录中',
  );

  const iv = q.industry ? q.industry[i] : 0;
  const div = d.industryDivision;
  const sec = div ? industryDivisionSection(div) : null;
  add(
    'industry',
    iv,
    !div
      ? '需求未填写行业，不计'
      : iv === P.sameDivision
        ? `熟悉同一行业大类（${div} ${DIVISION_NAMES.get(div) ?? ''}）`
        : iv === P.sameSection
          ? `熟悉同一门类（${SECTION_NAMES.get(sec!) ?? sec}）的其他行业大类`
          : `未登记熟悉${DIVISION_NAMES.get(div) ?? div}所在门类的行业`,
  );

  const ov = q.occupation ? q.occupation[i] : 0;
  const of = occupationFit(ix.occupationGroups[i], div);
  const oname = of.group ? `${of.group} ${OCCUPATION_NAMES.get(of.group) ?? ''}`.trim() : '';
  add(
    'occupation',
    ov,
    !div
      ? '需求未填写行业，不计'
      : ov === P.occupationDivision
        ? `职业（${oname}）与需求行业对口`
        : ov === P.occupationGeneral
          ? `职业（${oname}）通用于制造业各行业`
          : ov === P.occupationSection
            ? `职业（${oname}）对口同门类的其他行业`
            : '职业与需求行业无直接对应',
  );

  const cv = q.category ? q.category[i] : 0;
  const catLabel = DEMAND_CATEGORY_LABELS[d.categoryKey as DemandCategoryKey] ?? d.categoryKey;
  const catTerms = ix.categoryTerms.get(d.categoryKey)?.[i] ?? [];
  add(
    'category',
    cv,
    !q.category
      ? `需求类别「${catLabel}」没有领域词表，不计`
      : catTerms.length
        ? `专长属「${catLabel}」类：${catTerms.slice(0, 4).join('、')}`
        : `专长中没有「${catLabel}」类的内容`,
  );

  const sameCounty = ix.county[i] === q.county;
  const sameCity = ix.city[i] === q.city;
  const dv = sameCounty ? P.sameCounty : sameCity ? P.sameCity : P.province;
  add(
    'distance',
    dv,
    sameCounty
      ? `同县（${placeName(d.countyCode)}），无需跨县出行`
      : sameCity
        ? `同市（${placeName(d.cityCode)}）不同县：${placeName(c.countyCode)}→${placeName(d.countyCode)}`
        : `跨市，省内出行：${placeName(c.cityCode)}${placeName(c.countyCode)}→${placeName(d.cityCode)}${placeName(d.countyCode)}`,
  );

  add(
    'load',
    ix.loadValue[i],
    `本月已接 ${wholeOrZero(c.currentLoad)} 单，每月可接 ${wholeOrZero(c.monthlyCapacity)} 单，尚余 ${ix.remaining[i]} 单`,
  );

  add(
    'rating',
    ix.ratingValue[i],
    ix.ratingCount[i] > 0
      ? `评价均分 ${fmt(c.ratingAverage!)}（${ix.ratingCount[i]} 次），按次数修正为 ${fmt(ix.ratingBayes[i])} 分`
      : `尚无评价，按先验 ${fmt(P.ratingPrior)} 分计`,
  );

  const mv = d.isMountainIsland && ix.servesMountainIsland[i] === 1 ? 1 : 0;
  add(
    'mountainIsland',
    mv,
    !d.isMountainIsland
      ? '需求不在山区海岛县，不加分'
      : mv
        ? `需求在山区海岛县（${placeName(d.countyCode)}），其服务山区海岛县，优先`
        : `需求在山区海岛县（${placeName(d.countyCode)}），其未服务过山区海岛县`,
  );

  let score = 0;
  for (const x of comps) score += x.contribution;
  return { score, components: comps };
}

/**
 * Keeps the best `k` (score desc, position asc) of `scores`; positions with -Infinity are
 * skipped. Returns positions in rank order, and the best score left out (-Infinity if none).
 */
export function topK(scores: Float64Array, k: number): { positions: number[]; bestLeftOut: number } {
  const pos: number[] = [];
  const val: number[] = [];
  let bestLeftOut = Number.NEGATIVE_INFINITY;
  // Below `floor` nothing enters (later positions lose ties, so only a strictly higher score does).
  let floor = Number.NEGATIVE_INFINITY;
  const n = scores.length;
  if (k <= 0) {
    for (let i = 0; i < n; i++) if (scores[i] > bestLeftOut) bestLeftOut = scores[i];
    return { positions: pos, bestLeftOut };
  }
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    if (s <= floor) {
      if (s > bestLeftOut) bestLeftOut = s;
      continue;
    }
    if (pos.length === k) {
      if (val[k - 1] > bestLeftOut) bestLeftOut = val[k - 1];
      pos.pop();
      val.pop();
    }
    let j = pos.length;
    while (j > 0 && val[j - 1] < s) j--;
    pos.splice(j, 0, i);
    val.splice(j, 0, s);
    if (pos.length === k) floor = val[k - 1];
  }
  return { positions: pos, bestLeftOut };
}

export interface RankOptions {
  /** How many to return (default 20). */
  limit?: number;
  weights?: Partial<DispatchWeights>;
  /** List the excluded candidates with their reasons (default true). */
  includeExcluded?: boolean;
}

export function resolveWeights(w?: Partial<DispatchWeights>): DispatchWeights {
  const r = { ...DEFAULT_WEIGHTS, ...(w ?? {}) };
  for (const k of FACTOR_KEYS)
    if (!Number.isFinite(r[k]) || r[k] < 0) throw new Error(`weight ${k} must be a non-negative number`);
  return r;
}

/** The ranked candidates of one demand, each score explained, and the excluded ones with reasons. */
export function rankCandidates(
  ix: CandidateIndex,
  demand: DemandProfile,
  opts: RankOptions = {},
  scratch: Scratch = newScratch(ix),
  out: Float64Array = new Float64Array(ix.n),
): RankResult {
  const w = resolveWeights(opts.weights);
  const q = prepareDemand(ix, demand);
  scoreAll(ix, q, w, out, scratch);
  const { positions } = topK(out, Math.max(0, opts.limit ?? 20));
  const results: RankedCandidate[] = positions.map((i) => {
    const c = ix.candidates[i];
    const { score, components } = explain(ix, q, i, w);
    return { candidateId: c.id, kind: c.kind, name: c.name, score, components };
  });
  const excluded: ExcludedCandidate[] = [];
  let eligible = 0;
  for (let i = 0; i < ix.n; i++) {
    if (out[i] !== Number.NEGATIVE_INFINITY) {
      eligible++;
      continue;
    }
    if (opts.includeExcluded === false) continue;
    const c = ix.candidates[i];
    excluded.push({ candidateId: c.id, name: c.name, reasons: exclusionReasons(ix, i, demand) });
  }
  return { demandId: demand.id, results, excluded, considered: ix.n, eligible };
}
