// The engine's public face for other features (助企行): one object per process that holds the
// candidates, their index (rebuilt when they change) and the batch worker (reloaded lazily).
//
//   const engine = new DispatchEngine();
//   engine.setCandidates(profiles);                  // after craftsmen/teams/loads change
//   engine.rank(demandProfile, { limit: 20 });       // explained candidates for one demand
//   await engine.batch(openDemandProfiles);          // optimal proposal for all (greedy fallback)
//   await engine.close();                            // at shutdown
import type { BatchOptions, BatchResult } from './batch.ts';
import { DispatchWorker, dispatchBatch } from './client.ts';
import {
  buildIndex,
  type CandidateIndex,
  explain,
  prepareDemand,
  type RankOptions,
  type RankResult,
  rankCandidates,
  resolveWeights,
  type ScoreComponent,
} from './rank.ts';
import type { CandidateProfile, DemandProfile } from './types.ts';

export type { Assignment, BatchOptions, BatchResult } from './batch.ts';
export {
  DEFAULT_WEIGHTS,
  type DispatchWeights,
  FACTOR_LABELS,
  type RankOptions,
  type RankResult,
  type RankedCandidate,
  type ScoreComponent,
} from './rank.ts';
export {
  type CandidateProfile,
  DEMAND_CATEGORY_KEYS,
  DEMAND_CATEGORY_LABELS,
  type DemandProfile,
} from './types.ts';

export class DispatchEngine {
  private candidates: CandidateProfile[] = [];
  private index: CandidateIndex | null = null;
  private worker = new DispatchWorker();
  /** The candidates the worker holds are the current ones. */
  private workerFresh = false;

  constructor(private readonly opts: { timeoutMs?: number } = {}) {}

  /** Replaces the candidate pool (the index is rebuilt on next use; unchanged texts are not re-segmented). */
  setCandidates(candidates: CandidateProfile[]): void {
    this.candidates = [...candidates];
    this.index = null;
    this.workerFresh = false;
  }

  private ix(): CandidateIndex {
    this.index ??= buildIndex(this.candidates);
    return this.index;
  }

  rank(demand: DemandProfile, opts: RankOptions = {}): RankResult {
    return rankCandidates(this.ix(), demand, opts);
  }

  /**
   * The explained score of given candidates for one demand (the reasons behind a batch
   * proposal's pair); unknown ids are left out. Same components as `rank` gives.
   */
  explainFor(
    demand: DemandProfile,
    candidateIds: readonly string[],
  ): Map<string, { score: number; components: ScoreComponent[] }> {
    const ix = this.ix();
    const q = prepareDemand(ix, demand);
    const w = resolveWeights();
    const out = new Map<string, { score: number; components: ScoreComponent[] }>();
    const wanted = new Set(candidateIds);
    for (let i = 0; i < ix.n && out.size < wanted.size; i++)
      if (wanted.has(ix.candidates[i].id)) out.set(ix.candidates[i].id, explain(ix, q, i, w));
    return out;
  }

  async batch(demands: DemandProfile[], options: BatchOptions = {}): Promise<BatchResult> {
    const index = this.ix();
    if (!this.workerFresh) {
      try {
        await this.worker.load(this.candidates);
        this.workerFresh = true;
      } catch {
        // dispatchBatch below falls back to greedy and says why.
      }
    }
    return dispatchBatch({ worker: this.worker, index, demands, options, timeoutMs: this.opts.timeoutMs });
  }

  async close(): Promise<void> {
    await this.worker.close();
  }
}
