import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildIndex,
  DEFAULT_WEIGHTS,
  FACTOR_KEYS,
  newScratch,
  prepareDemand,
  rankCandidates,
  scoreAll,
  topK,
} from './rank.ts';
import { syntheticInstance } from './synthetic.ts';
import { tokenize } from './text.ts';
import type { CandidateProfile, DemandProfile } from './types.ts';

// 淳安县 (杭州, 山区海岛县), 建德市 (杭州), 莲都区 (丽水).
const CHUNAN = { countyCode: '330127', cityCode: '330100' };
const JIANDE = { countyCode: '330182', cityCode: '330100' };
const LIANDU = { countyCode: '331102', cityCode: '331100' };

let seq = 0;
function cand(over: Partial<CandidateProfile>): CandidateProfile {
  seq++;
  return {
    id: `craftsman:${String(seq).padStart(4, '0')}`,
    kind: 'craftsman',
    name: `工匠${seq}`,
    employerOrgIds: [100 + seq],
    ...CHUNAN,
    occupationCodes: ['2-02'],
    industryDivisions: [],
    specialtyTags: [],
    specialtyText: '',
    pastServiceTexts: [],
    monthlyCapacity: 3,
    currentLoad: 0,
    ratingAverage: null,
    ratingCount: 0,
    servesMountainIsland: false,
    available: true,
    ...over,
  };
}

function demand(over: Partial<DemandProfile>): DemandProfile {
  return {
    id: 1,
    enterpriseOrgId: 1,
    ...CHUNAN,
    industryDivision: '29',
    categoryKey: 'process_quality',
    text: '',
    urgency: 1,
    isMountainIsland: false,
    createdAt: '2025-03-01T00:00:00.000Z',
    ...over,
  };
}

const SPECIALISTS = () => [
  cand({
    name: '注塑专家',
    specialtyTags: ['注塑成型', '模具设计'],
    specialtyText: '从事注塑工艺二十年，擅长塑件缺陷分析',
  }),
  cand({
    name: '焊接专家',
    specialtyTags: ['焊接', '焊接机器人'],
    specialtyText: '焊接工艺评定与焊缝质量控制',
  }),
  cand({
    name: '节能专家',
    specialtyTags: ['空压机', '余热回收'],
    specialtyText: '工厂节能降耗改造，能源审计',
  }),
  cand({
    name: '设备维修专家',
    specialtyTags: ['设备维修', '数控系统'],
    specialtyText: '数控机床维修与点检',
  }),
  cand({ name: '职业健康专家', specialtyTags: ['职业病防治', '除尘'], specialtyText: '车间粉尘和噪声治理' }),
  cand({ name: '精益专家', specialtyTags: ['精益生产', '现场管理'], specialtyText: '价值流分析、快速换模' }),
];

function firstName(ix: ReturnType<typeof buildIndex>, text: string, categoryKey = 'process_quality') {
  const r = rankCandidates(ix, demand({ text, categoryKey, industryDivision: null }), { limit: 6 });
  return r.results.map((x) => x.name);
}

describe('Chinese text relevance', () => {
  const ix = buildIndex(SPECIALISTS());

  it('keeps domain words whole and drops stop words', () => {
    const t = tokenize('我厂注塑件出现飞边，数控机床加工精度不稳定');
    expect(t).toContain('注塑件');
    expect(t).toContain('数控机床');
    expect(t).toContain('注塑'); // the domain word inside 注塑件
    expect(t).not.toContain('我厂');
    expect(t).not.toContain('，');
  });

  it('a demand about 注塑件飞边 ranks the injection-moulding specialist above the welder', () => {
    const names = firstName(ix, '注塑件飞边严重，合格率偏低');
    expect(names[0]).toBe('注塑专家');
    expect(names.indexOf('注塑专家')).toBeLessThan(names.indexOf('焊接专家'));
  });

  it('a demand that says 能耗 and 电费 finds the 节能 specialist (synonyms)', () => {
    expect(firstName(ix, '车间能耗偏高，电费压力大', 'energy_saving')[0]).toBe('节能专家');
  });

  it('a demand about a breakdown (故障, 异响) finds the maintenance specialist', () => {
    expect(firstName(ix, '加工中心主轴异响，经常故障停机', 'equipment_upgrade')[0]).toBe('设备维修专家');
  });

  it('a demand about dust and occupational disease finds the occupational-health specialist', () => {
    expect(firstName(ix, '打磨工位粉尘大，担心职业病', 'safety_health')[0]).toBe('职业健康专家');
  });

  it('a demand about changeover time finds the lean specialist', () => {
    expect(firstName(ix, '换型时间长，想推行精益管理提高产能', 'management')[0]).toBe('精益专家');
  });

  it('the reason names the shared words', () => {
    const r = rankCandidates(ix, demand({ text: '注塑件飞边严重' }), { limit: 1 });
    const text = r.results[0].components.find((c) => c.key === 'text')!;
    expect(text.reason).toContain('注塑');
    expect(text.value).toBeGreaterThan(0);
  });
});

describe('factors', () => {
  it('distance: same county > same city > elsewhere in the province, with the places named', () => {
    const ix = buildIndex([
      cand({ name: '同县', ...CHUNAN }),
      cand({ name: '同市', ...JIANDE }),
      cand({ name: '外市', ...LIANDU }),
    ]);
    const r = rankCandidates(ix, demand({}));
    expect(r.results.map((x) => x.name)).toEqual(['同县', '同市', '外市']);
    const reasons = r.results.map((x) => x.components.find((c) => c.key === 'distance')!.reason);
    expect(reasons[0]).toBe('同县（淳安县），无需跨县出行');
    expect(reasons[1]).toContain('建德市');
    expect(reasons[2]).toContain('丽水市');
  });

  it('industry: same division > same section > another section', () => {
    const ix = buildIndex([
      cand({ name: '同大类', industryDivisions: ['29'] }),
      cand({ name: '同门类', industryDivisions: ['33'] }),
      cand({ name: '不同门类', industryDivisions: ['44'] }),
    ]);
    const r = rankCandidates(ix, demand({ industryDivision: '29' }));
    expect(r.results.map((x) => x.name)).toEqual(['同大类', '同门类', '不同门类']);
  });

  it('occupation: the trade of the industry > a general manufacturing trade > unrelated', () => {
    const ix = buildIndex([
      cand({ name: '塑料工', occupationCodes: ['6-14-02'] }),
      cand({ name: '工程师', occupationCodes: ['2-02'] }),
      cand({ name: '厨师', occupationCodes: ['4-03'] }),
    ]);
    const r = rankCandidates(ix, demand({ industryDivision: '29' }));
    expect(r.results.map((x) => x.name)).toEqual(['塑料工', '工程师', '厨师']);
  });

  it('ratings are a Bayesian average: one 5-star is not better than fifty 4.8s', () => {
    const ix = buildIndex([
      cand({ name: '一次五星', ratingAverage: 5, ratingCount: 1 }),
      cand({ name: '五十次4.8', ratingAverage: 4.8, ratingCount: 50 }),
      cand({ name: '无评价', ratingAverage: null, ratingCount: 0 }),
    ]);
    const r = rankCandidates(ix, demand({}));
    expect(r.results[0].name).toBe('五十次4.8');
    expect(r.results[0].components.find((c) => c.key === 'rating')!.reason).toContain('50 次');
  });

  it('load: more room ranks higher', () => {
    const ix = buildIndex([
      cand({ name: '忙', monthlyCapacity: 4, currentLoad: 3 }),
      cand({ name: '闲', monthlyCapacity: 4, currentLoad: 0 }),
    ]);
    expect(rankCandidates(ix, demand({})).results.map((x) => x.name)).toEqual(['闲', '忙']);
  });

  it('山区海岛县 demands favour candidates who serve them; other demands do not', () => {
    const ix = buildIndex([cand({ name: '普通' }), cand({ name: '服务山区', servesMountainIsland: true })]);
    const mi = rankCandidates(ix, demand({ isMountainIsland: true }));
    expect(mi.results[0].name).toBe('服务山区');
    expect(mi.results[0].components.find((c) => c.key === 'mountainIsland')!.contribution).toBe(
      DEFAULT_WEIGHTS.mountainIsland,
    );
    const plain = rankCandidates(ix, demand({ isMountainIsland: false }));
    expect(plain.results[0].score).toBe(plain.results[1].score);
  });

  it('weights are editable per call, and refused when negative', () => {
    const ix = buildIndex([
      cand({ name: '同县', ...CHUNAN }),
      cand({ name: '外市', ...LIANDU, ratingAverage: 5, ratingCount: 200 }),
    ]);
    expect(rankCandidates(ix, demand({})).results[0].name).toBe('同县');
    expect(rankCandidates(ix, demand({}), { weights: { distance: 0 } }).results[0].name).toBe('外市');
    expect(() => rankCandidates(ix, demand({}), { weights: { text: -1 } })).toThrow();
  });

  it('ties break by candidate id, the same way every time', () => {
    const twins = [
      cand({ id: 'team:2', name: 'B' }),
      cand({ id: 'craftsman:9', name: 'A' }),
      cand({ id: 'team:10', name: 'C' }),
    ];
    const ix = buildIndex(twins);
    const ids = rankCandidates(ix, demand({})).results.map((x) => x.candidateId);
    expect(ids).toEqual(['craftsman:9', 'team:10', 'team:2']);
    expect(
      rankCandidates(buildIndex([...twins].reverse()), demand({})).results.map((x) => x.candidateId),
    ).toEqual(ids);
  });
});

describe('exclusions', () => {
  it('conflict of interest, unavailable and full are excluded, each with its reason', () => {
    const ix = buildIndex([
      cand({ name: '同单位', employerOrgIds: [1] }),
      cand({ name: '队员同单位', kind: 'team', employerOrgIds: [7, 1] }),
      cand({ name: '请假', available: false }),
      cand({ name: '满额', monthlyCapacity: 2, currentLoad: 2 }),
      cand({ name: '可派' }),
    ]);
    const r = rankCandidates(ix, demand({ enterpriseOrgId: 1 }));
    expect(r.results.map((x) => x.name)).toEqual(['可派']);
    expect(r.eligible).toBe(1);
    const by = new Map(r.excluded.map((e) => [e.name, e.reasons.map((x) => x.key)]));
    expect(by.get('同单位')).toEqual(['conflict']);
    expect(by.get('队员同单位')).toEqual(['conflict']);
    expect(by.get('请假')).toEqual(['unavailable']);
    expect(by.get('满额')).toEqual(['full']);
    for (const e of r.excluded) for (const x of e.reasons) expect(x.reason).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('on the synthetic province (2,000 candidates)', () => {
  const { candidates, demands } = syntheticInstance({ candidates: 2000, demands: 60, seed: 7 });
  const ix = buildIndex(candidates);
  const byId = new Map(candidates.map((c) => [c.id, c]));

  it('every score is the exact sum of its components; every excluded candidate has a reason; no conflict is proposed', () => {
    for (const d of demands) {
      const r = rankCandidates(ix, d, { limit: 30 });
      expect(r.results.length).toBe(30);
      expect(r.eligible + r.excluded.length).toBe(candidates.length);
      for (const x of r.results) {
        let sum = 0;
        for (const c of x.components) sum += c.contribution;
        expect(sum).toBe(x.score);
        expect(x.components.map((c) => c.key)).toEqual([...FACTOR_KEYS]);
        for (const c of x.components) {
          expect(c.contribution).toBe(c.weight * c.value);
          expect(c.value).toBeGreaterThanOrEqual(0);
          expect(c.value).toBeLessThanOrEqual(1);
          expect(c.reason.length).toBeGreaterThan(0);
        }
        expect(byId.get(x.candidateId)!.employerOrgIds).not.toContain(d.enterpriseOrgId);
      }
      for (let i = 1; i < r.results.length; i++)
        expect(r.results[i - 1].score).toBeGreaterThanOrEqual(r.results[i].score);
      for (const e of r.excluded) expect(e.reasons.length).toBeGreaterThan(0);
    }
  });

  it('the ranking is the top of the full scoring, and the kernel agrees with the explanation', () => {
    const out = new Float64Array(ix.n);
    const sc = newScratch(ix);
    for (const d of demands.slice(0, 10)) {
      scoreAll(ix, prepareDemand(ix, d), DEFAULT_WEIGHTS, out, sc);
      const expected = [...out.keys()]
        .filter((i) => out[i] !== Number.NEGATIVE_INFINITY)
        .sort((a, b) => out[b] - out[a] || a - b)
        .slice(0, 15);
      const r = rankCandidates(ix, d, { limit: 15 });
      expect(r.results.map((x) => x.candidateId)).toEqual(expected.map((i) => ix.candidates[i].id));
      expect(r.results.map((x) => x.score)).toEqual(expected.map((i) => out[i]));
    }
  });
});

describe('input from outside', () => {
  it('odd numbers (NaN, negative, out of range) give finite scores that still sum exactly', () => {
    const odd = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -3, 0, 2.7, 1e9),
      fc.integer({ min: -5, max: 10 }),
    );
    fc.assert(
      fc.property(
        odd,
        odd,
        fc.option(odd, { nil: null }),
        odd,
        fc.string(),
        (cap, load, avg, count, text) => {
          const ix = buildIndex([
            cand({
              monthlyCapacity: cap,
              currentLoad: load,
              ratingAverage: avg,
              ratingCount: count,
              specialtyText: text,
            }),
            cand({}),
          ]);
          const r = rankCandidates(ix, demand({ text, countyCode: text, industryDivision: text || null }));
          expect(r.results.length + r.excluded.length).toBe(2);
          for (const x of r.results) {
            expect(Number.isFinite(x.score)).toBe(true);
            let sum = 0;
            for (const c of x.components) sum += c.contribution;
            expect(sum).toBe(x.score);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('topK', () => {
  it('equals a full sort (score desc, position asc), and reports the best score left out', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constantFrom(Number.NEGATIVE_INFINITY, 1, 2, 3),
            fc.double({ min: 0, max: 10, noNaN: true }),
          ),
          {
            maxLength: 60,
          },
        ),
        fc.integer({ min: 0, max: 12 }),
        (xs, k) => {
          const a = Float64Array.from(xs);
          const order = [...a.keys()]
            .filter((i) => a[i] !== Number.NEGATIVE_INFINITY)
            .sort((x, y) => a[y] - a[x] || x - y);
          const r = topK(a, k);
          expect(r.positions).toEqual(order.slice(0, k));
          expect(r.bestLeftOut).toBe(order.length > k ? a[order[k]] : Number.NEGATIVE_INFINITY);
        },
      ),
    );
  });
});
