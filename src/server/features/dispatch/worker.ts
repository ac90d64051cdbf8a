// The dispatch worker thread: holds its own candidate index and a HiGHS instance, and solves
// batches (HiGHS is synchronous: here it blocks this thread, not the server's).
// Messages: { type: 'load', candidates } → { type: 'loaded', ms } | { type: 'loadFailed', message }
//           { type: 'solve', id, demands, options } → { type: 'solved', id, result } | { type: 'failed', id, message }
import { parentPort } from 'node:worker_threads';
import loadHighs, { type Highs } from 'highs';
import { type BatchOptions, collectPairs, solveByColumnGeneration } from './batch.ts';
import { buildIndex, type CandidateIndex } from './rank.ts';
import type { CandidateProfile, DemandProfile } from './types.ts';

export type WorkerRequest =
  | { type: 'load'; candidates: CandidateProfile[] }
  | { type: 'solve'; id: number; demands: DemandProfile[]; options: BatchOptions; dieForTest?: boolean };

let index: CandidateIndex | null = null;
let highs: Highs | null = null;

parentPort!.on('message', async (msg: WorkerRequest) => {
  if (msg.type === 'load') {
    const t0 = performance.now();
    try {
      highs ??= await loadHighs();
      index = buildIndex(msg.candidates);
    } catch (e) {
      index = null;
      parentPort!.postMessage({ type: 'loadFailed', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    // Warm up HiGHS and the scoring kernel on a batch made from the candidates themselves,
    // so the first real solve does not pay for compiling them.
    const warm = msg.candidates.slice(0, 300).map(
      (c, i): DemandProfile => ({
        id: i + 1,
        enterpriseOrgId: -1,
        countyCode: c.countyCode,
        cityCode: c.cityCode,
        industryDivision: c.industryDivisions[0] ?? null,
        categoryKey: 'process_quality',
        text: c.specialtyText,
        urgency: 1,
        isMountainIsland: false,
        createdAt: '2025-01-01T00:00:00.000Z',
      }),
    );
    solveByColumnGeneration(highs, index, collectPairs(index, warm, 10));
    parentPort!.postMessage({ type: 'loaded', ms: performance.now() - t0 });
    return;
  }
  // The tests' way to make the thread die in the middle of a solve (in a worker, exit ends the thread).
  if (msg.dieForTest) process.exit(70);
  try {
    if (!index || !highs) throw new Error('no candidates loaded');
    const t0 = performance.now();
    const lists = collectPairs(index, msg.demands, msg.options.topK ?? 10, msg.options.weights);
    const result = solveByColumnGeneration(highs, index, lists, msg.options);
    result.timings.totalMs = performance.now() - t0;
    parentPort!.postMessage({ type: 'solved', id: msg.id, result });
  } catch (e) {
    parentPort!.postMessage({
      type: 'failed',
      id: msg.id,
      message: e instanceof Error ? e.message : String(e),
    });
  }
});
