// The independent check of batch dispatch: the same assignment problem solved as a min-cost
// flow by successive shortest augmenting paths with potentials (the Hungarian method, one
// demand at a time), over EVERY eligible pair — no pruning, no LP, no duals from HiGHS.
//
//   source → demand (1) → candidate slot (1) → sink,   cost −score;
//   each candidate has `capacity` identical slots; each demand also has a private dummy slot
//   of cost 0 (= "stays unassigned"), so every demand is routed and the minimum cost is
//   −(the maximum total score).
//
// Adding demands one by one, each along a shortest augmenting path w.r.t. reduced costs, keeps
// the potentials dual feasible (Kuhn–Munkres / Jonker–Volgenant), so the final flow is optimal.
// It shares no code with the LP path; it only reads the instance (the score rows).

export interface FlowInstance {
  numDemands: number;
  numCandidates: number;
  /** Remaining capacity of each candidate (0 = cannot take any). */
  capacity: ArrayLike<number>;
  /** Scores of demand d against every candidate; -Infinity where the pair is not eligible. */
  row(d: number): Float64Array;
}

export interface FlowResult {
  /** candidate position assigned to each demand, or -1. */
  assignment: Int32Array;
  total: number;
  /** Columns scanned in all (a measure of the work). */
  steps: number;
}

export function maxWeightAssignmentByFlow(inst: FlowInstance): FlowResult {
  const n = inst.numDemands;
  const slotCand: number[] = [];
  for (let c = 0; c < inst.numCandidates; c++) for (let k = 0; k < inst.capacity[c]; k++) slotCand.push(c);
  const S = slotCand.length;
  const m = S + n; // slots, then one dummy per demand
  const INF = Number.POSITIVE_INFINITY;
  // 1-based as in the textbook formulation: row 0 and column 0 are sentinels.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j] = demand (1-based) in column j, 0 = free
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  const slot = Int32Array.from(slotCand);
  const rows = new Map<number, Float64Array>();
  const rowOf = (i: number) => {
    let r = rows.get(i);
    if (!r) {
      r = inst.row(i - 1);
      rows.set(i, r);
    }
    return r;
  };
  let steps = 0;
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      const r = rowOf(i0);
      const ui = u[i0];
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= S; j++) {
        if (used[j]) continue;
        const s = r[slot[j - 1]];
        if (s !== Number.NEGATIVE_INFINITY) {
          const cur = -s - ui - v[j];
          if (cur < minv[j]) {
            minv[j] = cur;
            way[j] = j0;
          }
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      // Dummy columns: only the demand's own is reachable from it.
      const own = S + i0;
      if (!used[own]) {
        const cur = 0 - ui - v[own];
        if (cur < minv[own]) {
          minv[own] = cur;
          way[own] = j0;
        }
      }
      for (let j = S + 1; j <= m; j++) {
        if (!used[j] && minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
      steps += m;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
    // A demand's row is needed again only if a later path runs through it; keep memory bounded.
    if (rows.size > 4096) rows.clear();
  }
  const assignment = new Int32Array(n).fill(-1);
  let total = 0;
  for (let j = 1; j <= S; j++) {
    if (p[j] !== 0) {
      const d = p[j] - 1;
      assignment[d] = slot[j - 1];
    }
  }
  for (let d = 0; d < n; d++) if (assignment[d] >= 0) total += rowOf(d + 1)[assignment[d]];
  return { assignment, total, steps };
}
