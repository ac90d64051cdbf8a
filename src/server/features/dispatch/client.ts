// Batch dispatch from the server's side: a long-lived worker thread that holds the candidate
// index and HiGHS; a time limit; and the greedy answer when the worker fails or is too slow.
import { Worker } from 'node:worker_threads';
import { type BatchOptions, type BatchResult, collectPairs, greedyResult } from './batch.ts';
import type { CandidateIndex } from './rank.ts';
import type { CandidateProfile, DemandProfile } from './types.ts';
import type { WorkerRequest } from './worker.ts';

type Reply =
  | { type: 'loaded'; ms: number }
  | { type: 'loadFailed'; message: string }
  | { type: 'solved'; id: number; result: BatchResult }
  | { type: 'failed'; id: number; message: string };

export class DispatchWorker {
  private worker: Worker | null = null;
  private pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private loadWaiter: { resolve: (ms: number) => void; reject: (e: Error) => void } | null = null;
  private nextId = 1;
  private candidates: CandidateProfile[] | null = null;

  private start(): Worker {
    const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./worker.ts', import.meta.url).href },
    });
    w.on('message', (m: Reply) => {
      if (m.type === 'loaded' || m.type === 'loadFailed') {
        const waiter = this.loadWaiter;
        this.loadWaiter = null;
        if (m.type === 'loaded') waiter?.resolve(m.ms);
        else waiter?.reject(new Error(m.message));
        return;
      }
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m);
    });
    const fail = (e: Error) => {
      if (this.worker !== w) return;
      this.worker = null;
      this.loadWaiter?.reject(e);
      this.loadWaiter = null;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`dispatch worker exited (${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  /** The thread keeps the process alive only while it has work. */
  private busy(w: Worker, on: boolean) {
    if (on) w.ref();
    else if (this.pending.size === 0 && !this.loadWaiter) w.unref();
  }

  /** (Re)loads the candidates into the worker; resolves with the worker's time to index them. */
  load(candidates: CandidateProfile[]): Promise<number> {
    this.candidates = candidates;
    const w = this.worker ?? this.start();
    const done = new Promise<number>((resolve, reject) => {
      this.loadWaiter = { resolve, reject };
      w.postMessage({ type: 'load', candidates } satisfies WorkerRequest);
    });
    this.busy(w, true);
    return done.finally(() => this.busy(w, false));
  }

  /** Solves a batch; rejects on failure or after `timeoutMs` (then the worker is restarted on next use). */
  async solve(
    demands: DemandProfile[],
    options: BatchOptions = {},
    timeoutMs = 30_000,
  ): Promise<BatchResult> {
    if (!this.worker) {
      if (!this.candidates) throw new Error('load candidates first');
      await this.load(this.candidates);
    }
    const w = this.worker!;
    const id = this.nextId++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new Error(`dispatch worker took longer than ${timeoutMs} ms`));
          // HiGHS cannot be interrupted from outside: end the thread; the next call starts another.
          if (this.worker === w) this.worker = null;
          void w.terminate();
        }, timeoutMs);
        const dieForTest = this.dieOnNextSolve;
        this.dieOnNextSolve = false;
        w.postMessage({ type: 'solve', id, demands, options, dieForTest } satisfies WorkerRequest);
        this.busy(w, true);
      });
      if (reply.type === 'failed') throw new Error(reply.message);
      if (reply.type !== 'solved') throw new Error('unexpected reply');
      return reply.result;
    } finally {
      clearTimeout(timer);
      this.busy(w, false);
    }
  }

  private dieOnNextSolve = false;
  /** For the tests: the thread dies when it receives the next batch. */
  dieOnNextSolveForTest(): void {
    this.dieOnNextSolve = true;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/**
 * The batch answer: the LP optimum from the worker, or greedy on this thread's index when the
 * worker fails or exceeds `timeoutMs` (the result then says why, in `fallbackReason`).
 */
export async function dispatchBatch(args: {
  worker: DispatchWorker;
  index: CandidateIndex;
  demands: DemandProfile[];
  options?: BatchOptions;
  timeoutMs?: number;
}): Promise<BatchResult> {
  const options = args.options ?? {};
  try {
    return await args.worker.solve(args.demands, options, args.timeoutMs);
  } catch (e) {
    const lists = collectPairs(args.index, args.demands, options.topK ?? 10, options.weights);
    return greedyResult(
      args.index,
      lists,
      `最优求解未完成，改用贪心结果：${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
