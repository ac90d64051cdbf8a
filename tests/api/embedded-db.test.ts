// The embedded database under the real server process: one process per data directory,
// no acknowledged commit lost to `kill -9` (of the server, or of the server and its
// database process at once), and a graceful SIGTERM under load. Only meaningful on PGlite.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../../src/server/features/demo/factories.ts';
import {
  freePort,
  isAlive,
  type ServerProcess,
  sleep,
  spawnServer,
  startServer,
  waitGone,
} from '../helpers/processes.ts';

const onPostgres = !!process.env.DATABASE_URL;
if (onPostgres) {
  console.log(
    '[embedded-db.test] skipped: DATABASE_URL is set; these tests are about the embedded PGlite data directory (lock, kill -9, SIGTERM)',
  );
}

const COUNTY = '330127';
const LANES = 2; // data directories worked in parallel, one per core
const KILL_TRIALS = 20; // kill -9 trials in all (SECURITY.md: ≥ 20 per write path)
// No new trial starts after this. A trial costs about 5 CPU-seconds (two processes start,
// PGlite opens): 20 take 1.5–2 min on a quiet 2-core machine, much longer when it is shared.
const KILL_BUDGET_MS = 420_000;
const WRITERS = 4;

const root = mkdtempSync(join(tmpdir(), 'jx-embedded-test-'));
const base = join(root, 'base');
const running = new Set<ServerProcess>();
let countyId = 0;

async function start(dataDir: string): Promise<ServerProcess> {
  const s = await startServer({ dataDir, timeoutMs: 150_000 });
  running.add(s);
  void s.exited.then(() => running.delete(s));
  return s;
}

async function signIn(s: ServerProcess): Promise<string> {
  const res = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'province.admin', password: 'Demo@2025' }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('jx_session='));
  expect(cookie).toBeTruthy();
  return cookie!.split(';')[0];
}

/** The county's id, from the organisation tree. */
async function findCounty(s: ServerProcess, cookie: string): Promise<number> {
  const res = await fetch(`${s.url}/api/orgs/tree`, { headers: { cookie } });
  expect(res.status).toBe(200);
  type Node = { id: number; code: string; children?: Node[] };
  const walk = (nodes: Node[]): number | null => {
    for (const n of nodes) {
      if (n.code === COUNTY) return n.id;
      const inner = walk(n.children ?? []);
      if (inner) return inner;
    }
    return null;
  };
  const id = walk((await res.json()) as Node[]);
  expect(id).toBeTruthy();
  return id!;
}

/** Every enterprise of the county, by USCC, through the list endpoint. */
async function enterpriseCodes(s: ServerProcess, cookie: string): Promise<Set<string>> {
  const codes = new Set<string>();
  for (let page = 1; ; page++) {
    const res = await fetch(
      `${s.url}/api/orgs?kind=enterprise&parentId=${countyId}&pageSize=100&page=${page}`,
      {
        headers: { cookie },
      },
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { uscc: string }[]; total: number };
    for (const it of body.items) codes.add(it.uscc);
    if (body.items.length === 0 || page * 100 >= body.total) return codes;
  }
}

interface Stream {
  acked: string[];
  /** Non-2xx statuses other than the network errors of a dying server. */
  statuses: Map<number, number>;
  stop(): Promise<void>;
}

/** `writers` loops registering enterprises; a USCC is acknowledged when its 201 arrives. */
function writeStream(s: ServerProcess, cookie: string, nextSeq: () => number, writers = WRITERS): Stream {
  const acked: string[] = [];
  const statuses = new Map<number, number>();
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const uscc = makeUscc(COUNTY, nextSeq());
      let status: number;
      try {
        const res = await fetch(`${s.url}/api/orgs/enterprises`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ countyId, name: `崩溃测试${uscc}有限公司`, uscc, industryDivision: '34' }),
        });
        status = res.status;
        await res.body?.cancel().catch(() => {});
      } catch {
        if (stopped || !isAlive(s.pid) || s.proc.exitCode !== null) return;
        await sleep(5);
        continue; // a connection dropped while the server lives: try the next one
      }
      if (status === 201) acked.push(uscc);
      else statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  const loops = Array.from({ length: writers }, loop);
  return {
    acked,
    statuses,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

async function waitFor(cond: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!cond() && Date.now() < until) await sleep(5);
  return cond();
}

beforeAll(async () => {
  if (onPostgres) return;
  // First start: creates the database and the demo province (slow, once).
  const s = await start(base);
  countyId = await findCounty(s, await signIn(s));
}, 200_000);

afterAll(async () => {
  for (const s of running) {
    const db = s.databasePid();
    s.proc.kill('SIGKILL');
    if (db && isAlive(db)) process.kill(db, 'SIGKILL');
  }
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(onPostgres)('embedded database (PGlite data directory)', () => {
  it('answers over HTTP with the security headers, set on Node’s response, and gzip for browsers', async () => {
    const s = [...running][0];
    const cookie = await signIn(s);
    const list = await fetch(`${s.url}/api/orgs?kind=enterprise&pageSize=20`, {
      headers: { cookie, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-encoding')).toBe('gzip');
    expect((await list.json()).items.length).toBe(20);
    const page = await fetch(`${s.url}/`);
    for (const res of [list, await fetch(`${s.url}/api/nope`, { headers: { cookie } }), page]) {
      expect(res.headers.get('content-security-policy'), res.url).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), res.url).toBe('DENY');
      expect(res.headers.get('referrer-policy'), res.url).toBe('strict-origin-when-cross-origin');
    }
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(list.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
    expect(page.headers.get('cache-control')).not.toBe('no-store');
  });

  it('refuses a second server on the same data directory within 5 s, naming the holder', async () => {
    const first = [...running][0];
    expect(first).toBeTruthy();
    const t0 = performance.now();
    const second = spawnServer({ dataDir: base, port: await freePort() });
    running.add(second);
    const exit = await Promise.race([second.exited, sleep(10_000).then(() => null)]);
    const elapsed = performance.now() - t0;
    if (!exit) second.proc.kill('SIGKILL');
    expect(exit, second.output()).not.toBeNull();
    expect(exit!.code).toBe(1);
    expect(elapsed).toBeLessThan(5_000);
    expect(second.output()).toContain(`${first.pid}`);
    expect(second.output()).toMatch(/in use by process/);
    // The first server was not disturbed.
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);

    // A graceful stop releases the lock; the copies below start from this state.
    first.proc.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    expect(existsSync(join(base, 'jiangxin.lock'))).toBe(false);
    for (let lane = 1; lane <= LANES + 1; lane++)
      cpSync(base, join(root, `lane${lane}`), { recursive: true });
  }, 60_000);

  it(
    `loses no acknowledged commit to kill -9 (${KILL_TRIALS} trials)`,
    async () => {
      // Trials are shared out to the lanes as they free up; past the budget no new trial
      // starts, so an overloaded machine gives a clear failure rather than a pile of servers.
      const deadline = Date.now() + KILL_BUDGET_MS;
      let started = 0;
      const lane = async (n: number) => {
        const dir = join(root, `lane${n}`);
        let seq = n * 1_000_000;
        const acked = new Set<string>();
        const report: string[] = [];
        let trial = 0;
        while (started < KILL_TRIALS && Date.now() < deadline) {
          started++;
          trial++;
          const s = await start(dir);
          const cookie = await signIn(s);
          const present = await enterpriseCodes(s, cookie);
          const lost = [...acked].filter((u) => !present.has(u));
          expect(lost, `lane ${n} before trial ${trial}: acknowledged but missing`).toEqual([]);
          const dbPid = s.databasePid();
          expect(dbPid).toBeTruthy();

          const stream = writeStream(s, cookie, () => seq++);
          // Mid-stream: after some acknowledged writes, at a random moment.
          await waitFor(() => stream.acked.length >= 3, 20_000);
          await sleep(Math.floor(Math.random() * 250));
          // Odd trials kill the server alone (its database process closes on the lost IPC
          // channel); even trials kill both at once, as an OOM kill of the group would.
          const both = trial % 2 === 0;
          if (both) process.kill(dbPid!, 'SIGKILL');
          s.proc.kill('SIGKILL');
          await s.exited;
          await stream.stop();
          for (const u of stream.acked) acked.add(u);
          expect(await waitGone(dbPid!, 15_000), `lane ${n} trial ${trial}: database process lingers`).toBe(
            true,
          );
          report.push(`${both ? 'both' : 'server'}:${stream.acked.length}`);
          expect([...stream.statuses.keys()].filter((st) => st >= 500)).toEqual([]);
        }
        // Final check after the last kill.
        const s = await start(dir);
        const cookie = await signIn(s);
        const present = await enterpriseCodes(s, cookie);
        expect(
          [...acked].filter((u) => !present.has(u)),
          `lane ${n}: acknowledged but missing`,
        ).toEqual([]);
        s.proc.kill('SIGTERM');
        expect((await s.exited).code).toBe(0);
        console.log(
          `[embedded-db.test] lane ${n}: ${acked.size} acknowledged writes over ${trial} kills (${report.join(' ')}), none lost`,
        );
        return { trials: trial, acked: acked.size };
      };
      const t0 = Date.now();
      const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i + 1)));
      const trials = lanes.reduce((a, l) => a + l.trials, 0);
      console.log(`[embedded-db.test] ${trials} kill -9 trials in ${Math.round((Date.now() - t0) / 1000)} s`);
      expect(
        trials,
        `only ${trials} kill trials fit in ${KILL_BUDGET_MS / 1000} s (machine overloaded?)`,
      ).toBe(KILL_TRIALS);
      expect(lanes.every((l) => l.acked >= 3 * l.trials)).toBe(true);
    },
    KILL_BUDGET_MS + 180_000,
  );

  it('drains on SIGTERM under load: no 2xx without its commit, exit code 0', async () => {
    const dir = join(root, `lane${LANES + 1}`);
    const s = await start(dir);
    const cookie = await signIn(s);
    let seq = 9_000_000;
    const stream = writeStream(s, cookie, () => seq++, 8);
    await waitFor(() => stream.acked.length >= 20, 30_000);
    s.proc.kill('SIGTERM');
    const exit = await Promise.race([s.exited, sleep(30_000).then(() => null)]);
    await stream.stop();
    expect(exit, s.output()).toEqual({ code: 0, signal: null });
    expect(stream.acked.length).toBeGreaterThanOrEqual(20);
    expect(
      [...stream.statuses.keys()].filter((st) => st >= 500),
      'no 5xx while draining',
    ).toEqual([]);

    const again = await start(dir);
    const present = await enterpriseCodes(again, await signIn(again));
    expect(stream.acked.filter((u) => !present.has(u))).toEqual([]);
    again.proc.kill('SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 240_000);
});
