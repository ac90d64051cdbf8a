// 成效评估: the yearly effectiveness score of the service teams, as a pure function. Each
// component's raw value is normalised min-max among the teams of the same year (the whole
// province, so a county sees the same scores as the province), lower-is-better for the
// response time; a team without data for a component gets 0 for it. The score (0–100) is
// Σ weight_k × value_k / Σ weight × 100, summed component by component in one fixed order, so
// the contributions shown add up to the score exactly.

export const EVALUATION_KEYS = [
  'solved',
  'rating',
  'response',
  'benefit',
  'mountainIsland',
  'trained',
] as const;
export type EvaluationKey = (typeof EVALUATION_KEYS)[number];
export type EvaluationWeights = Record<EvaluationKey, number>;

export const EVALUATION_LABELS: Record<EvaluationKey, string> = {
  solved: '解决需求',
  rating: '企业评价',
  response: '响应时间',
  benefit: '企业效益',
  mountainIsland: '山区海岛县服务',
  trained: '培训职工',
};

const UNITS: Record<EvaluationKey, string> = {
  solved: '项',
  rating: '分（5 分制）',
  response: '小时（派单到接单，平均）',
  benefit: '元',
  mountainIsland: '次',
  trained: '人次',
};

/** A team's raw figures for the year; `null` = no data (no rating, no accepted offer). */
export interface TeamRaw {
  teamId: number;
  solved: number;
  rating: number | null;
  response: number | null;
  benefit: number;
  mountainIsland: number;
  trained: number;
}

export interface EvaluationComponent {
  key: EvaluationKey;
  label: string;
  raw: number | null;
  unit: string;
  normalisation: string;
  value: number;
  weight: number;
  contribution: number;
}

export interface TeamScore {
  teamId: number;
  score: number;
  components: EvaluationComponent[];
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Scores every team of a year; the result is in the input's order (rank it yourself). */
export function scoreTeams(rows: readonly TeamRaw[], weights: EvaluationWeights): TeamScore[] {
  let total = 0;
  for (const k of EVALUATION_KEYS) {
    const w = weights[k];
    if (!Number.isFinite(w) || w < 0) throw new Error(`weight ${k} must be a non-negative number`);
    total += w;
  }
  const range = new Map<EvaluationKey, { min: number; max: number } | null>();
  for (const k of EVALUATION_KEYS) {
    const xs = rows.map((r) => r[k]).filter((x): x is number => x !== null && Number.isFinite(x));
    range.set(k, xs.length ? { min: Math.min(...xs), max: Math.max(...xs) } : null);
  }
  return rows.map((r) => {
    let score = 0;
    const components = EVALUATION_KEYS.map((k) => {
      const raw = r[k];
      const rg = range.get(k);
      const lowerBetter = k === 'response';
      let value = 0;
      let normalisation: string;
      if (raw === null || !rg) {
        normalisation = '本年度无数据，计 0';
      } else if (rg.max === rg.min) {
        value = lowerBetter || raw > 0 ? 1 : 0;
        normalisation = `各队本年度数值相同（${round(raw)}），${value ? '计 1' : '均为 0，计 0'}`;
      } else if (lowerBetter) {
        value = (rg.max - raw) / (rg.max - rg.min);
        normalisation = `最小-最大归一（越短越好）：(${round(rg.max)} − ${round(raw)}) ÷ (${round(rg.max)} − ${round(rg.min)}) = ${round(value, 3)}`;
      } else {
        value = (raw - rg.min) / (rg.max - rg.min);
        normalisation = `最小-最大归一：(${round(raw)} − ${round(rg.min)}) ÷ (${round(rg.max)} − ${round(rg.min)}) = ${round(value, 3)}`;
      }
      const weight = weights[k];
      const contribution = total > 0 ? (weight * value * 100) / total : 0;
      score += contribution;
      return {
        key: k,
        label: EVALUATION_LABELS[k],
        raw,
        unit: UNITS[k],
        normalisation,
        value,
        weight,
        contribution,
      };
    });
    return { teamId: r.teamId, score, components };
  });
}
