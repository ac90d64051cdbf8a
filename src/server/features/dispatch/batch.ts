// Batch dispatch: every open demand × every candidate as a capacitated assignment
//   maximise Σ s_dc·x_dc  s.t.  Σ_c x_dc ≤ 1 (each demand),  Σ_d x_dc ≤ remaining_c (each
//   candidate),  x ≥ 0, only eligible pairs,
// solved with HiGHS by column generation: the LP starts with each demand's top-K pairs; the
// row duals (u_d, v_c) price every pair left out (reduced cost s_dc − u_d − v_c); pairs that
// price positive are added and the LP re-solved until none does, so the answer is the optimum
// of the full problem. The constraint matrix is that of a bipartite graph (totally unimodular),
// so the simplex optimum is integral. Greedy is the instant fallback.
import type { Highs } from 'highs';
import {
  type CandidateIndex,
  type DispatchWeights,
  newScratch,
  type PreparedDemand,
  prepareDemand,
  resolveWeights,
  scoreAll,
  topK,
} from './rank.ts';
import type { DemandProfile } from './types.ts';

export interface BatchOptions {
  /** Pairs per demand in the first LP (default 10). */
  topK?: number;
  /** Most pairs added per demand and round of pricing (default 10). */
  addPerDemand?: number;
  weights?: Partial<DispatchWeights>;
  /** Rounds of pricing before giving up on a proof of optimality (default 50). */
  maxIterations?: number;
  /** A pair prices in when its reduced cost exceeds this (default 1e-7 × the largest score). */
  tolerance?: number;
}

export interface Assignment {
  demandId: number;
  candidateId: string;
  score: number;
}

export interface CapacityCheck {
  /** Candidates given more demands than their remaining capacity (0 when all is well). */
  violations: number;
  /** Demands given more than one candidate, or a pair that is not eligible. */
  invalidPairs: number;
}

export interface BatchResult {
  method: 'lp' | 'greedy';
  assignments: Assignment[];
  totalScore: number;
  unassignedDemandIds: number[];
  /** LP solves (1 + rounds that added pairs). */
  iterations: number;
  /** Pairs in the first LP, and added by pricing. */
  initialColumns: number;
  addedColumns: number;
  /** Largest reduced cost over all eligible pairs at the end (≤ tolerance proves optimality). */
  maxReducedCost: number | null;
  /** All LP values were 0 or 1. */
  integral: boolean;
  timings: { scoringMs: number; lpMs: number[]; pricingMs: number; totalMs: number };
  capacity: CapacityCheck;
  /** Greedy's total on the same pairs, for comparison. */
  greedyTotal: number;
  fallbackReason?: string;
}

/** Each demand's top-K eligible pairs, and the best score it left out. */
export interface PairLists {
  demands: DemandProfile[];
  prepared: PreparedDemand[];
  positions: number[][];
  scores: number[][];
  bestLeftOut: number[];
  weights: DispatchWeights;
  scoringMs: number;
}

export function collectPairs(
  ix: CandidateIndex,
  demands: readonly DemandProfile[],
  k: number,
  weights?: Partial<DispatchWeights>,
): PairLists {
  const t0 = performance.now();
  const w = resolveWeights(weights);
  const scratch = newScratch(ix);
  const out = new Float64Array(ix.n);
  const ordered = [...demands].sort((a, b) => a.id - b.id);
  for (let i = 1; i < ordered.length; i++)
    if (ordered[i].id === ordered[i - 1].id) throw new Error(`duplicate demand id ${ordered[i].id}`);
  const lists: PairLists = {
    demands: ordered,
    prepared: [],
    positions: [],
    scores: [],
    bestLeftOut: [],
    weights: w,
    scoringMs: 0,
  };
  for (const d of ordered) {
    const q = prepareDemand(ix, d);
    scoreAll(ix, q, w, out, scratch);
    const top = topK(out, k);
    lists.prepared.push(q);
    lists.positions.push(top.positions);
    lists.scores.push(top.positions.map((p) => out[p]));
    lists.bestLeftOut.push(top.bestLeftOut);
  }
  lists.scoringMs = performance.now() - t0;
  return lists;
}

/**
 * Greedy: pairs by score (desc), then the more urgent demand, the earlier one, the lower id,
 * then candidate order; take a pair while both sides are free.
 */
export function greedyAssign(
  ix: CandidateIndex,
  lists: PairLists,
): { assignments: Assignment[]; total: number } {
  // Demand positions in tie-break order (lists.demands is sorted by id).
  const rank = new Int32Array(lists.demands.length);
  [...lists.demands.keys()]
    .sort((a, b) => {
      const x = lists.demands[a];
      const y = lists.demands[b];
      const byTime = x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0;
      return (y.urgency || 0) - (x.urgency || 0) || byTime || a - b;
    })
    .forEach((d, r) => {
      rank[d] = r;
    });
  const pairs: { d: number; c: number; s: number }[] = [];
  lists.positions.forEach((ps, d) => {
    ps.forEach((c, j) => {
      pairs.push({ d, c, s: lists.scores[d][j] });
    });
  });
  pairs.sort((a, b) => b.s - a.s || rank[a.d] - rank[b.d] || a.c - b.c);
  const left = Int32Array.from(ix.remaining);
  const done = new Uint8Array(lists.demands.length);
  const assignments: Assignment[] = [];
  for (const p of pairs) {
    if (done[p.d] || left[p.c] <= 0) continue;
    done[p.d] = 1;
    left[p.c]--;
    assignments.push({ demandId: lists.demands[p.d].id, candidateId: ix.candidates[p.c].id, score: p.s });
  }
  assignments.sort((a, b) => a.demandId - b.demandId);
  return { assignments, total: sumScores(assignments) };
}

/** Sum in demand order, so two answers with the same pairs give the same total. */
export function sumScores(assignments: readonly Assignment[]): number {
  let t = 0;
  for (const a of [...assignments].sort((x, y) => x.demandId - y.demandId)) t += a.score;
  return t;
}

/** Checks an answer against the instance: capacity, one candidate per demand, eligible pairs only. */
export function checkAssignments(
  ix: CandidateIndex,
  demands: readonly DemandProfile[],
  assignments: readonly Assignment[],
): CapacityCheck {
  const pos = new Map(ix.candidates.map((c, i) => [c.id, i]));
  const byId = new Map(demands.map((d) => [d.id, d]));
  const used = new Map<number, number>();
  const seen = new Set<number>();
  let invalidPairs = 0;
  for (const a of assignments) {
    const i = pos.get(a.candidateId);
    const d = byId.get(a.demandId);
    if (i === undefined || !d || seen.has(a.demandId)) {
      invalidPairs++;
      continue;
    }
    seen.add(a.demandId);
    if (ix.staticExclusion[i] !== 0 || ix.candidates[i].employerOrgIds.includes(d.enterpriseOrgId))
      invalidPairs++;
    used.set(i, (used.get(i) ?? 0) + 1);
  }
  let violations = 0;
  for (const [i, n] of used) if (n > ix.remaining[i]) violations++;
  return { violations, invalidPairs };
}

/**
 * The LP by column generation (synchronous: run it in the worker). Throws when HiGHS does not
 * report an optimum; the caller falls back to greedy.
 */
export function solveByColumnGeneration(
  highs: Highs,
  ix: CandidateIndex,
  lists: PairLists,
  opts: BatchOptions = {},
): BatchResult {
  const t0 = performance.now();
  const D = lists.demands.length;
  if (D === 0) return greedyResult(ix, lists);
  const addPerDemand = opts.addPerDemand ?? 10;
  const maxIterations = opts.maxIterations ?? 50;
  let maxScore = 0;
  for (const s of lists.scores) for (const x of s) if (x > maxScore) maxScore = x;
  const tol = opts.tolerance ?? 1e-7 * Math.max(1, maxScore);

  // Rows: demands 0..D−1, then one per candidate that can take work.
  const rowOf = new Int32Array(ix.n).fill(-1);
  const rowUpper: number[] = new Array(D).fill(1);
  for (let i = 0; i < ix.n; i++) {
    if (ix.staticExclusion[i] === 0 && ix.remaining[i] > 0) {
      rowOf[i] = rowUpper.length;
      rowUpper.push(ix.remaining[i]);
    }
  }
  const numRows = rowUpper.length;
  // Columns: (demand, candidate position, score).
  const colD: number[] = [];
  const colC: number[] = [];
  const colS: number[] = [];
  const inModel = new Set<number>();
  const key = (d: number, c: number) => d * ix.n + c;
  for (let d = 0; d < D; d++) {
    lists.positions[d].forEach((c, j) => {
      colD.push(d);
      colC.push(c);
      colS.push(lists.scores[d][j]);
      inModel.add(key(d, c));
    });
  }
  const bound = [...lists.bestLeftOut];
  const initialColumns = colD.length;
  const csc = (from: number) => {
    const m = colD.length - from;
    const starts = new Int32Array(m + 1);
    const indices = new Int32Array(2 * m);
    const values = new Float64Array(2 * m).fill(1);
    for (let j = 0; j < m; j++) {
      starts[j + 1] = 2 * (j + 1);
      indices[2 * j] = colD[from + j];
      indices[2 * j + 1] = rowOf[colC[from + j]];
    }
    return { starts, indices, values, m };
  };

  const first = csc(0);
  const model = highs.createModel({
    numCols: first.m,
    numRows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(colS),
    colLower: new Float64Array(first.m),
    colUpper: new Float64Array(first.m).fill(highs.infinity),
    rowLower: new Float64Array(numRows).fill(-highs.infinity),
    rowUpper: Float64Array.from(rowUpper),
    matrix: {
      format: 'csc',
      numRows,
      numCols: first.m,
      starts: first.starts,
      indices: first.indices,
      values: first.values,
    },
  });
  const lpMs: number[] = [];
  let pricingMs = 0;
  let iterations = 0;
  let maxReducedCost: number | null = null;
  let colValue: Float64Array;
  const scratch = newScratch(ix);
  const out = new Float64Array(ix.n);
  try {
    model.options.set({ output_flag: false, solver: 'simplex', presolve: 'off' });
    for (;;) {
      const tl = performance.now();
      const run = model.run();
      lpMs.push(performance.now() - tl);
      iterations++;
      let y: Float64Array;
      if (run.modelStatus === highs.constants.modelStatus.empty) {
        // No pairs yet (every demand's top list was empty): x = 0 and all duals 0.
        colValue = new Float64Array(colD.length);
        y = new Float64Array(numRows);
      } else if (run.modelStatus === highs.constants.modelStatus.optimal) {
        const sol = model.getSolution();
        colValue = sol.colValue;
        y = sol.rowDual;
      } else throw new Error(`HiGHS status ${run.modelStatus} (expected optimal)`);
      const tp = performance.now();
      let minV = 0;
      for (let r = D; r < numRows; r++) if (y[r] < minV) minV = y[r];
      const from = colD.length;
      let worst = Number.NEGATIVE_INFINITY;
      for (let d = 0; d < D; d++) {
        const u = y[d];
        // Every pair left out scores at most bound[d], and v_c ≥ minV: nothing to price.
        if (bound[d] - u - minV <= tol) {
          if (bound[d] !== Number.NEGATIVE_INFINITY) worst = Math.max(worst, bound[d] - u - minV);
          continue;
        }
        // Price every eligible pair of this demand exactly.
        scoreAll(ix, lists.prepared[d], lists.weights, out, scratch);
        const violating: { c: number; rc: number }[] = [];
        for (let c = 0; c < ix.n; c++) {
          const s = out[c];
          if (s === Number.NEGATIVE_INFINITY || inModel.has(key(d, c))) continue;
          const r = rowOf[c];
          const rc = s - u - (r >= 0 ? y[r] : 0);
          if (rc > worst) worst = rc;
          if (rc > tol) violating.push({ c, rc });
        }
        violating.sort((a, b) => b.rc - a.rc || a.c - b.c);
        for (const { c } of violating.slice(0, addPerDemand)) {
          colD.push(d);
          colC.push(c);
          colS.push(out[c]);
          inModel.add(key(d, c));
        }
        let b = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < ix.n; c++) if (out[c] > b && !inModel.has(key(d, c))) b = out[c];
        bound[d] = b;
      }
      pricingMs += performance.now() - tp;
      maxReducedCost = worst === Number.NEGATIVE_INFINITY ? 0 : worst;
      if (colD.length === from) break;
      if (iterations >= maxIterations) throw new Error(`no proof of optimality after ${iterations} rounds`);
      const add = csc(from);
      model.addCols({
        cost: Float64Array.from(colS.slice(from)),
        lower: new Float64Array(add.m),
        upper: new Float64Array(add.m).fill(highs.infinity),
        matrix: {
          format: 'csc',
          numRows,
          numCols: add.m,
          starts: add.starts,
          indices: add.indices,
          values: add.values,
        },
      });
    }
  } finally {
    model.dispose();
  }
  let integral = true;
  const assignments: Assignment[] = [];
  for (let j = 0; j < colD.length; j++) {
    const x = colValue![j];
    if (Math.abs(x - Math.round(x)) > 1e-6) integral = false;
    if (x > 0.5)
      assignments.push({
        demandId: lists.demands[colD[j]].id,
        candidateId: ix.candidates[colC[j]].id,
        score: colS[j],
      });
  }
  // Cannot happen at a simplex vertex of this (totally unimodular) problem; if numerics ever
  // say otherwise, refuse the answer rather than round it past a capacity.
  if (!integral) throw new Error('HiGHS returned a fractional solution');
  assignments.sort((a, b) => a.demandId - b.demandId);
  const greedy = greedyAssign(ix, lists);
  return finish(ix, lists, {
    method: 'lp',
    assignments,
    iterations,
    initialColumns,
    addedColumns: colD.length - initialColumns,
    maxReducedCost,
    integral,
    timings: { scoringMs: lists.scoringMs, lpMs, pricingMs, totalMs: 0 },
    greedyTotal: greedy.total,
    t0,
  });
}

/** The greedy answer in the BatchResult shape (the fallback). */
export function greedyResult(ix: CandidateIndex, lists: PairLists, fallbackReason?: string): BatchResult {
  const t0 = performance.now();
  const g = greedyAssign(ix, lists);
  return finish(ix, lists, {
    method: 'greedy',
    assignments: g.assignments,
    iterations: 0,
    initialColumns: 0,
    addedColumns: 0,
    maxReducedCost: null,
    integral: true,
    timings: { scoringMs: lists.scoringMs, lpMs: [], pricingMs: 0, totalMs: 0 },
    greedyTotal: g.total,
    fallbackReason,
    t0,
  });
}

function finish(
  ix: CandidateIndex,
  lists: PairLists,
  r: Omit<BatchResult, 'totalScore' | 'unassignedDemandIds' | 'capacity'> & { t0: number },
): BatchResult {
  const { t0, ...rest } = r;
  const assigned = new Set(r.assignments.map((a) => a.demandId));
  rest.timings.totalMs = performance.now() - t0 + lists.scoringMs;
  return {
    ...rest,
    totalScore: sumScores(r.assignments),
    unassignedDemandIds: lists.demands.filter((d) => !assigned.has(d.id)).map((d) => d.id),
    capacity: checkAssignments(ix, lists.demands, r.assignments),
  };
}
