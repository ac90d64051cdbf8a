import fc from 'fast-check';
import loadHighs, { type Highs } from 'highs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAssignments, collectPairs, greedyAssign, solveByColumnGeneration } from './batch.ts';
import { DispatchWorker, dispatchBatch } from './client.ts';
import { DispatchEngine } from './dispatch.engine.ts';
import { type FlowInstance, maxWeightAssignmentByFlow } from './flow.ts';
import {
  buildIndex,
  type CandidateIndex,
  DEFAULT_WEIGHTS,
  newScratch,
  prepareDemand,
  scoreAll,
} from './rank.ts';
import { syntheticInstance } from './synthetic.ts';
import type { CandidateProfile, DemandProfile } from './types.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighs();
});

/** Every eligible pair's score, straight from the scoring kernel (the instance, not a solver). */
function scoreMatrix(ix: CandidateIndex, demands: readonly DemandProfile[]): Float64Array[] {
  const sc = newScratch(ix);
  return [...demands]
    .sort((a, b) => a.id - b.id)
    .map((d) => {
      const out = new Float64Array(ix.n);
      scoreAll(ix, prepareDemand(ix, d), DEFAULT_WEIGHTS, out, sc);
      return out;
    });
}

const capacities = (ix: CandidateIndex) =>
  Array.from(ix.staticExclusion, (e, i) => (e ? 0 : ix.remaining[i]));

/** The optimum by enumerating every assignment (small instances only). */
function bruteForce(rows: Float64Array[], cap: number[]): number {
  const left = [...cap];
  let best = 0;
  const go = (d: number, acc: number) => {
    if (d === rows.length) {
      if (acc > best) best = acc;
      return;
    }
    go(d + 1, acc); // unassigned
    for (let c = 0; c < left.length; c++) {
      if (left[c] > 0 && rows[d][c] !== Number.NEGATIVE_INFINITY) {
        left[c]--;
        go(d + 1, acc + rows[d][c]);
        left[c]++;
      }
    }
  };
  go(0, 0);
  return best;
}

const flowOf = (rows: Float64Array[], cap: number[]): FlowInstance => ({
  numDemands: rows.length,
  numCandidates: cap.length,
  capacity: cap,
  row: (d) => rows[d],
});

// Small random instances: few counties, a small vocabulary, shared employers (conflicts),
// tight capacities (so demands compete and the first LP's pairs are not enough).
const COUNTIES = [
  { countyCode: '330127', cityCode: '330100' },
  { countyCode: '330182', cityCode: '330100' },
  { countyCode: '331102', cityCode: '331100' },
];
const WORDS = ['注塑', '飞边', '焊接', '节能', '空压机', '数控机床', '故障', '精益生产', '粉尘', '模具设计'];
const CATS = [
  'process_quality',
  'energy_saving',
  'equipment_upgrade',
  'management',
  'skills',
  'safety_health',
];

const candidateArb = fc.record({
  place: fc.constantFrom(...COUNTIES),
  employer: fc.integer({ min: 1, max: 4 }),
  tags: fc.subarray(WORDS, { minLength: 1, maxLength: 3 }),
  division: fc.constantFrom('29', '33', '44', '36'),
  capacity: fc.integer({ min: 0, max: 3 }),
  load: fc.integer({ min: 0, max: 2 }),
  rating: fc.option(fc.integer({ min: 30, max: 50 }), { nil: null }),
  count: fc.integer({ min: 0, max: 40 }),
  mi: fc.boolean(),
  available: fc.boolean(),
});
const demandArb = fc.record({
  place: fc.constantFrom(...COUNTIES),
  enterprise: fc.integer({ min: 1, max: 6 }),
  words: fc.subarray(WORDS, { minLength: 1, maxLength: 3 }),
  division: fc.constantFrom('29', '33', '44', null),
  cat: fc.constantFrom(...CATS),
  mi: fc.boolean(),
});

type CandidateIn = typeof candidateArb extends fc.Arbitrary<infer T> ? T : never;
type DemandIn = typeof demandArb extends fc.Arbitrary<infer T> ? T : never;

function instance(cs: CandidateIn[], ds: DemandIn[]) {
  const candidates: CandidateProfile[] = cs.map((c, i) => ({
    id: `craftsman:${i + 1}`,
    kind: 'craftsman',
    name: `工匠${i + 1}`,
    employerOrgIds: [c.employer],
    ...c.place,
    occupationCodes: ['6-14'],
    industryDivisions: [c.division],
    specialtyTags: c.tags,
    specialtyText: `擅长${c.tags.join('和')}`,
    pastServiceTexts: [],
    monthlyCapacity: c.capacity,
    currentLoad: c.load,
    ratingAverage: c.rating === null ? null : c.rating / 10,
    ratingCount: c.rating === null ? 0 : c.count,
    servesMountainIsland: c.mi,
    available: c.available || c.capacity > 1,
  }));
  const demands: DemandProfile[] = ds.map((d, i) => ({
    id: i + 1,
    enterpriseOrgId: d.enterprise,
    ...d.place,
    industryDivision: d.division,
    categoryKey: d.cat,
    text: `我厂${d.words.join('、')}方面有问题`,
    urgency: 1,
    isMountainIsland: d.mi,
    createdAt: '2025-03-01T00:00:00.000Z',
  }));
  return { candidates, demands };
}

describe('batch dispatch: the LP by column generation is the optimum of the full problem', () => {
  it('equals brute force and the independent min-cost flow; respects capacity; greedy ≤ optimum; no conflict', () => {
    let priced = 0;
    let greedyBelow = 0;
    fc.assert(
      fc.property(
        fc.array(candidateArb, { minLength: 1, maxLength: 6 }),
        fc.array(demandArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 3 }),
        (cs, ds, k) => {
          const { candidates, demands } = instance(cs, ds);
          const ix = buildIndex(candidates);
          const lists = collectPairs(ix, demands, k);
          const r = solveByColumnGeneration(highs, ix, lists, { addPerDemand: 1 });
          if (r.addedColumns > 0) priced++;
          if (r.greedyTotal < r.totalScore - 1e-9) greedyBelow++;
          const rows = scoreMatrix(ix, demands);
          const cap = capacities(ix);
          const best = bruteForce(rows, cap);
          const flow = maxWeightAssignmentByFlow(flowOf(rows, cap));
          expect(r.method).toBe('lp');
          expect(r.integral).toBe(true);
          expect(r.totalScore).toBeCloseTo(best, 9);
          expect(flow.total).toBeCloseTo(best, 9);
          expect(r.capacity).toEqual({ violations: 0, invalidPairs: 0 });
          expect(checkAssignments(ix, demands, r.assignments)).toEqual({ violations: 0, invalidPairs: 0 });
          expect(r.greedyTotal).toBeLessThanOrEqual(r.totalScore + 1e-9);
          expect(r.maxReducedCost!).toBeLessThanOrEqual(1e-6);
          const byId = new Map(candidates.map((c) => [c.id, c]));
          const dById = new Map(demands.map((d) => [d.id, d]));
          for (const a of r.assignments)
            expect(byId.get(a.candidateId)!.employerOrgIds).not.toContain(
              dById.get(a.demandId)!.enterpriseOrgId,
            );
          // Each assignment's score is the pair's score in the instance.
          for (const a of r.assignments) {
            const c = ix.candidates.findIndex((x) => x.id === a.candidateId);
            expect(a.score).toBe(rows[a.demandId - 1][c]);
          }
        },
      ),
      { numRuns: 120 },
    );
    // The instances are tight enough that pricing matters (pairs were added) and greedy is beaten.
    expect(priced).toBeGreaterThan(5);
    expect(greedyBelow).toBeGreaterThan(0);
  });

  it('prices pruned pairs back in: with one pair per demand and one popular specialist, it iterates to the optimum', () => {
    const star: CandidateProfile = {
      id: 'craftsman:1',
      kind: 'craftsman',
      name: '明星工匠',
      employerOrgIds: [99],
      countyCode: '330127',
      cityCode: '330100',
      occupationCodes: ['6-14'],
      industryDivisions: ['29'],
      specialtyTags: ['注塑', '飞边', '模具设计'],
      specialtyText: '注塑工艺',
      pastServiceTexts: ['解决注塑件飞边问题'],
      monthlyCapacity: 1,
      currentLoad: 0,
      ratingAverage: 4.9,
      ratingCount: 80,
      servesMountainIsland: true,
      available: true,
    };
    const others: CandidateProfile[] = Array.from({ length: 8 }, (_, i) => ({
      ...star,
      id: `craftsman:${i + 2}`,
      name: `工匠${i + 2}`,
      countyCode: i % 2 ? '331102' : '330182',
      cityCode: i % 2 ? '331100' : '330100',
      specialtyTags: i < 4 ? ['注塑'] : ['焊接'],
      specialtyText: '',
      pastServiceTexts: [],
      ratingAverage: 4,
      ratingCount: 5,
      monthlyCapacity: 2,
    }));
    const ix = buildIndex([star, ...others]);
    const demands: DemandProfile[] = Array.from({ length: 6 }, (_, i) => ({
      id: i + 1,
      enterpriseOrgId: 1,
      countyCode: '330127',
      cityCode: '330100',
      industryDivision: '29',
      categoryKey: 'process_quality',
      text: '注塑件飞边严重',
      urgency: 1,
      isMountainIsland: false,
      createdAt: '2025-03-01T00:00:00.000Z',
    }));
    const lists = collectPairs(ix, demands, 1);
    const r = solveByColumnGeneration(highs, ix, lists, { addPerDemand: 1 });
    expect(r.iterations).toBeGreaterThan(1);
    expect(r.addedColumns).toBeGreaterThan(0);
    expect(r.assignments.length).toBe(6);
    const rows = scoreMatrix(ix, demands);
    expect(r.totalScore).toBeCloseTo(bruteForce(rows, capacities(ix)), 9);
    expect(r.assignments.filter((a) => a.candidateId === 'craftsman:1').length).toBe(1);
    // Without pricing (the first LP alone) only one demand would be served.
    expect(greedyAssign(ix, lists).assignments.length).toBe(1);
  });
});

describe('greedy', () => {
  it('on equal scores serves the more urgent demand, then the earlier one', () => {
    const one: CandidateProfile = {
      id: 'craftsman:1',
      kind: 'craftsman',
      name: '唯一人选',
      employerOrgIds: [99],
      countyCode: '330127',
      cityCode: '330100',
      occupationCodes: ['6-14'],
      industryDivisions: ['29'],
      specialtyTags: ['注塑'],
      specialtyText: '',
      pastServiceTexts: [],
      monthlyCapacity: 1,
      currentLoad: 0,
      ratingAverage: null,
      ratingCount: 0,
      servesMountainIsland: false,
      available: true,
    };
    const ix = buildIndex([one]);
    const d = (id: number, urgency: number, createdAt: string): DemandProfile => ({
      id,
      enterpriseOrgId: 1,
      countyCode: '330127',
      cityCode: '330100',
      industryDivision: '29',
      categoryKey: 'process_quality',
      text: '注塑',
      urgency,
      isMountainIsland: false,
      createdAt,
    });
    const served = (ds: DemandProfile[]) =>
      greedyAssign(ix, collectPairs(ix, ds, 1)).assignments.map((a) => a.demandId);
    expect(served([d(1, 1, '2025-03-01'), d(2, 3, '2025-03-05'), d(3, 2, '2025-03-02')])).toEqual([2]);
    expect(served([d(1, 2, '2025-03-09'), d(2, 2, '2025-03-05')])).toEqual([2]);
  });
});

describe('the independent min-cost flow', () => {
  it('equals brute force on random score matrices (with ineligible pairs and zero capacities)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(
          fc.oneof(fc.constant(Number.NEGATIVE_INFINITY), fc.double({ min: -5, max: 100, noNaN: true })),
          {
            minLength: 25,
            maxLength: 25,
          },
        ),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 }),
        (nd, nc, cells, caps) => {
          const rows = Array.from({ length: nd }, (_, d) =>
            Float64Array.from(cells.slice(d * 5, d * 5 + nc)),
          );
          const cap = caps.slice(0, nc);
          const f = maxWeightAssignmentByFlow(flowOf(rows, cap));
          expect(f.total).toBeCloseTo(bruteForce(rows, cap), 9);
          const used = new Array(nc).fill(0);
          for (let d = 0; d < nd; d++) {
            const c = f.assignment[d];
            if (c < 0) continue;
            expect(rows[d][c]).not.toBe(Number.NEGATIVE_INFINITY);
            used[c]++;
          }
          for (let c = 0; c < nc; c++) expect(used[c]).toBeLessThanOrEqual(cap[c]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the worker thread and the greedy fallback', () => {
  const { candidates, demands } = syntheticInstance({ candidates: 800, demands: 150, seed: 11 });
  const ix = buildIndex(candidates);
  const worker = new DispatchWorker();
  afterAll(() => worker.close());

  it('the worker answers the same optimum as the flow over every pair', async () => {
    await worker.load(candidates);
    const r = await dispatchBatch({ worker, index: ix, demands, options: { topK: 3 } });
    expect(r.method).toBe('lp');
    expect(r.fallbackReason).toBeUndefined();
    expect(r.capacity).toEqual({ violations: 0, invalidPairs: 0 });
    const flow = maxWeightAssignmentByFlow(flowOf(scoreMatrix(ix, demands), capacities(ix)));
    expect(r.totalScore).toBeCloseTo(flow.total, 6);
    expect(r.greedyTotal).toBeLessThanOrEqual(r.totalScore + 1e-9);
    const inProcess = solveByColumnGeneration(highs, ix, collectPairs(ix, demands, 3));
    expect(r.assignments).toEqual(inProcess.assignments);
  });

  it('falls back to greedy, saying why, when the worker is too slow', async () => {
    await worker.load(candidates);
    const r = await dispatchBatch({ worker, index: ix, demands, timeoutMs: 1 });
    expect(r.method).toBe('greedy');
    expect(r.fallbackReason).toContain('贪心');
    expect(r.assignments.length).toBeGreaterThan(0);
    expect(r.capacity).toEqual({ violations: 0, invalidPairs: 0 });
  });

  it('a load the worker refuses (duplicate ids) is an error, not a dead thread', async () => {
    const w = new DispatchWorker();
    try {
      await expect(w.load([candidates[0], candidates[0]])).rejects.toThrow(/duplicate candidate id/);
      expect(await w.load(candidates.slice(0, 50))).toBeGreaterThan(0);
    } finally {
      await w.close();
    }
  });

  it('falls back to greedy when the worker dies, and starts a new one on the next call', async () => {
    await worker.load(candidates);
    worker.dieOnNextSolveForTest();
    const r = await dispatchBatch({ worker, index: ix, demands });
    expect(r.method).toBe('greedy');
    expect(r.fallbackReason).toContain('exited');
    expect(r.capacity).toEqual({ violations: 0, invalidPairs: 0 });
    const again = await dispatchBatch({ worker, index: ix, demands });
    expect(again.method).toBe('lp');
  });
});

describe('DispatchEngine (the entry for other features)', () => {
  it('ranks and dispatches the current pool; a changed pool reaches the worker', async () => {
    const { candidates, demands } = syntheticInstance({ candidates: 400, demands: 40, seed: 3 });
    const engine = new DispatchEngine();
    try {
      engine.setCandidates(candidates);
      const first = await engine.batch(demands);
      expect(first.method).toBe('lp');
      expect(first.assignments.length).toBeGreaterThan(0);
      const used = new Set(first.assignments.map((a) => a.candidateId));
      const top = engine.rank(demands[0], { limit: 5 });
      expect(top.results.length).toBe(5);

      // Everyone used in the first answer leaves the pool: none of them may come back.
      engine.setCandidates(candidates.filter((c) => !used.has(c.id)));
      const second = await engine.batch(demands);
      expect(second.method).toBe('lp');
      for (const a of second.assignments) expect(used.has(a.candidateId)).toBe(false);
      for (const r of engine.rank(demands[0], { limit: 5 }).results)
        expect(used.has(r.candidateId)).toBe(false);
    } finally {
      await engine.close();
    }
  });
});
