// `npm run bench [-- --json] [--only a,b] [--duration S] [--connections N] [--scale N] [--fresh]`
// (with DATABASE_URL set, the app under test uses that PostgreSQL server instead of PGlite)
//
// Measures the platform on this machine. Every server under test runs in a process of its
// own; this process only drives load (autocannon) and reads the figures. Output: a table,
// or with --json one `{ "name", "value", "unit" }` object per line (logs go to stderr).
//
// To add figures, add a Benchmark to BENCHMARKS: a name, and a function returning figures.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/server/db/open.ts';
import { benchDispatch } from '../src/server/features/dispatch/dispatch.bench.ts';
import { benchExcel } from '../src/server/features/registries/registries.excel-bench.ts';
import { benchImport } from '../src/server/features/registries/registries.import-bench.ts';
import { benchRegistryList } from '../src/server/features/registries/registries.list-bench.ts';
import { benchSearch } from '../src/server/features/sharing/sharing.search-bench.ts';
import { benchTargets } from '../src/server/features/targets/targets-bench.ts';
import { benchLighthouse } from './lighthouse-public.ts';
import { SERVER_NODE_ARGS } from '../src/server/node-flags.ts';
import { benchListPipeline } from './bench/pipeline.ts';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The goal, for the table (not asserted): `value <= max` or `value >= min`. */
  goal?: { max?: number; min?: number };
}

interface BenchOptions {
  dataDir: string;
  /** DATABASE_URL of the environment: benchmark the app on that PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  duration: number;
  connections: number;
  scale: number;
  startRuns: number;
  /** Registry records of the 任务督办 benchmark, in units of ≈ 1,100. */
  recordUnits: number;
}

interface Benchmark {
  name: string;
  description: string;
  /** False when it runs without the seeded data directory (so `--only` it skips the seeding). */
  needsData?: boolean;
  run(o: BenchOptions): Promise<Figure[]>;
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

interface Proc {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** Spawns a server process (`node <SERVER_NODE_ARGS> <script>`) with PORT set; resolves once `readyPath` answers 200. */
async function spawnServer(
  script: string,
  env: Record<string, string>,
  readyPath: string,
  timeoutMs = 300_000,
) {
  const port = await freePort();
  const t0 = performance.now();
  const full: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env };
  if (!env.DATABASE_URL) delete full.DATABASE_URL;
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, script], {
    env: full,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const proc: Proc = {
    child,
    url,
    output: () => out,
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null) return res(child.exitCode);
        child.once('exit', (code) => res(code));
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
      }),
  };
  const until = t0 + timeoutMs;
  while (performance.now() < until) {
    if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}):\n${out}`);
    try {
      const r = await fetch(url + readyPath);
      if (r.ok) return { proc, readyMs: performance.now() - t0 };
    } catch {}
    await sleep(10);
  }
  child.kill('SIGKILL');
  throw new Error(`${script} not ready in ${timeoutMs} ms:\n${out}`);
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {}
  }
  let kb = 0;
  const visit = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += m ? Number(m[1]) : 0;
    } catch {}
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return kb / 1024;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The API server over the benchmark data directory, rate limits raised so the load is not refused. */
function apiServer(o: BenchOptions, extra: Record<string, string> = {}) {
  return spawnServer('src/server/index.ts', serverEnv(o, extra), '/api/health');
}

/** What `npm start` runs with: demo mode, the benchmark's data directory (or DATABASE_URL). */
function serverEnv(o: BenchOptions, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DEMO: '1',
    DATA_DIR: o.dataDir,
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ...extra,
  };
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'province.admin', password: 'Demo@2025' }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('jx_session='));
  if (!cookie) throw new Error('sign-in gave no session cookie');
  return cookie.split(';')[0];
}

/** One measured run (no warm-up: the caller warms both servers up once). */
async function measure(url: string, o: BenchOptions, duration: number, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: o.connections, duration, headers });
  if (r.non2xx || r.errors || r.timeouts) {
    log(`warning: ${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  return r;
}

/** What Chromium sends (the list is a page's request). */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

const BENCHMARKS: Benchmark[] = [
  {
    name: 'start',
    description:
      'npm start on an existing, seeded data directory: time to /api/health and RSS (server + database process)',
    async run(o) {
      const times: number[] = [];
      const rss: number[] = [];
      for (let i = 0; i < o.startRuns; i++) {
        const { proc, readyMs } = await spawnServer('src/server/index.ts', serverEnv(o), '/api/health');
        times.push(readyMs);
        rss.push(treeRssMb(proc.child.pid!));
        const code = await proc.stop();
        if (code !== 0) log(`warning: server exited with ${code} on SIGTERM`);
        log(`start ${i + 1}/${o.startRuns}: ${Math.round(readyMs)} ms, ${rss[i].toFixed(0)} MB`);
      }
      return [
        { name: 'start_ms', value: Math.round(median(times)), unit: 'ms', goal: { max: 5000 } },
        { name: 'start_rss_mb', value: Math.round(median(rss)), unit: 'MB', goal: { max: 600 } },
      ];
    },
  },
  {
    name: 'api-vs-hello',
    description: `authenticated list (GET /api/orgs?kind=enterprise&pageSize=20, province.admin) against a bare Hono hello-world, both asked with the Accept-Encoding a browser sends, in three alternating rounds (the ratio is the median of each round's, so both sides of a ratio meet the machine in the same state); the list also without gzip (identity, for reference)`,
    async run(o) {
      const { proc: api } = await apiServer(o, { RATE_LIMIT_MULTIPLIER: '10000' });
      let hello: Proc | undefined;
      const rounds: { api: number; hello: number; p99: number }[] = [];
      let identityRps = 0;
      try {
        hello = (await spawnServer('scripts/bench/hello-server.ts', {}, '/')).proc;
        const cookie = await signIn(api.url);
        const url = `${api.url}/api/orgs?kind=enterprise&pageSize=20`;
        const gzip = { 'accept-encoding': BROWSER_ACCEPT_ENCODING };
        // Warm-up of both (JIT, caches), then the measured rounds.
        await autocannon({ url, connections: o.connections, duration: 2, headers: { cookie, ...gzip } });
        await autocannon({ url: `${hello.url}/`, connections: o.connections, duration: 2, headers: gzip });
        const roundSeconds = Math.max(2, Math.round(o.duration / 2));
        for (let r = 1; r <= 3; r++) {
          log(`round ${r}/3: api then hello, ${o.connections} connections, ${roundSeconds} s each`);
          const a = await measure(url, o, roundSeconds, { cookie, ...gzip });
          const h = await measure(`${hello.url}/`, o, roundSeconds, gzip);
          rounds.push({ api: a.requests.average, hello: h.requests.average, p99: a.latency.p99 });
        }
        identityRps = (await measure(url, o, roundSeconds, { cookie })).requests.average;
      } finally {
        await api.stop();
        await hello?.stop();
      }
      const ratios = rounds.map((r) => r.api / r.hello);
      log(`rounds: ${rounds.map((r) => `${Math.round(r.api)}/${Math.round(r.hello)}`).join(', ')} req/s`);
      const helloRps = median(rounds.map((r) => r.hello));
      return [
        { name: 'api_list_rps', value: Math.round(median(rounds.map((r) => r.api))), unit: 'req/s' },
        { name: 'hello_rps', value: Math.round(helloRps), unit: 'req/s' },
        {
          name: 'api_list_vs_hello_ratio',
          value: Number(median(ratios).toFixed(3)),
          unit: 'ratio',
          goal: { min: 0.3 },
        },
        { name: 'api_list_vs_hello_ratio_min', value: Number(Math.min(...ratios).toFixed(3)), unit: 'ratio' },
        {
          name: 'api_list_identity_vs_hello_ratio',
          value: Number((identityRps / helloRps).toFixed(3)),
          unit: 'ratio',
        },
        {
          name: 'api_list_p99_ms',
          value: Math.max(...rounds.map((r) => r.p99)),
          unit: 'ms',
          goal: { max: 50 },
        },
      ];
    },
  },
  {
    name: 'api-pipeline',
    description:
      "the same list through the whole app in this process (@hono/node-server's listener, every middleware, the route; no sockets), against hello-world on the same path, in alternating batches: what the app itself costs per request, steadier than a load test on a shared machine",
    async run(o) {
      const r = await benchListPipeline(o);
      return [
        { name: 'api_list_pipeline_us', value: Number(r.apiUs.toFixed(1)), unit: 'µs/req' },
        { name: 'hello_pipeline_us', value: Number(r.helloUs.toFixed(1)), unit: 'µs/req' },
      ];
    },
  },
  {
    name: 'registries',
    needsData: false,
    description:
      'a registry list page over 1,000,000 training sessions (scoped, filtered, sorted; PGlite in .bench/registries-1m, seeded once), and the whole import of a 100,000-row training file into PGlite',
    async run(o) {
      const base = resolve(o.dataDir, '..');
      const list = await benchRegistryList(join(base, 'registries-1m'));
      const imp = await benchImport(join(base, 'registries-import'));
      return [
        {
          name: 'registry_list_1m_p95_ms',
          value: list.registry_list_1m_p95_ms,
          unit: 'ms',
          goal: { max: 100 },
        },
        { name: 'registry_list_1m_median_ms', value: list.registry_list_1m_median_ms, unit: 'ms' },
        { name: 'import_100k_rows_s', value: imp.import_100k_rows_s, unit: 's', goal: { max: 30 } },
        {
          name: 'import_100k_peak_rss_mb',
          value: imp.import_100k_peak_rss_mb,
          unit: 'MB',
          goal: { max: 500 },
        },
      ];
    },
  },
  {
    name: 'excel',
    needsData: false,
    description:
      'the registries Excel engine: parse a 100,000-row training file (in a child process, for its peak RSS) and export 100,000 rows',
    async run() {
      const f = await benchExcel(100_000);
      return [
        { name: 'import_parse_100k_s', value: f.import_parse_100k_s, unit: 's', goal: { max: 30 } },
        {
          name: 'import_parse_100k_peak_rss_mb',
          value: f.import_parse_100k_peak_rss_mb,
          unit: 'MB',
          goal: { max: 500 },
        },
        { name: 'export_100k_rows_s', value: f.export_100k_rows_s, unit: 's', goal: { max: 10 } },
      ];
    },
  },
  {
    name: 'targets',
    needsData: false,
    description:
      '任务督办: every metric of the 2025 plan for the province, 11 cities and 90 counties (and the industry unions) over ≈ 3,000,000 registry records (own data directory, seeded once), warm (run before; no app cache) from the rollups and scanning the records, against hand-written SQL for the same numbers; the rollups against a recount; the Word report',
    async run(o) {
      const dataDir = `${o.dataDir}-targets`;
      await seedTargetsData(o, dataDir);
      const database = await openDatabase({ dataDir, databaseUrl: o.databaseUrl });
      try {
        const f = await benchTargets(database.db);
        log(
          `targets: ${f.records.toLocaleString()} records, ${f.orgs} organisations; engine ${f.targets_all_orgs_ms} ms (rollups; scanning the records ${f.records_scan_ms} ms), hand SQL ${f.hand_sql_ms} ms, ${f.targets_hand_sql_mismatches} mismatches, rollups ${f.rollup_mismatches} rows off a recount`,
        );
        return [
          { name: 'targets_records', value: f.records, unit: 'rows' },
          { name: 'targets_all_orgs_ms', value: f.targets_all_orgs_ms, unit: 'ms', goal: { max: 300 } },
          { name: 'targets_records_scan_ms', value: f.records_scan_ms, unit: 'ms' },
          { name: 'targets_rollup_mismatches', value: f.rollup_mismatches, unit: 'rows', goal: { max: 0 } },
          { name: 'targets_rollup_check_ms', value: f.rollup_check_ms, unit: 'ms' },
          { name: 'targets_hand_sql_ms', value: f.hand_sql_ms, unit: 'ms' },
          {
            name: 'targets_vs_hand_sql_ratio',
            value: f.targets_vs_hand_sql_ratio,
            unit: 'ratio',
            goal: { max: 2 },
          },
          {
            name: 'targets_hand_sql_mismatches',
            value: f.targets_hand_sql_mismatches,
            unit: 'values',
            goal: { max: 0 },
          },
          { name: 'word_report_ms', value: f.word_report_ms, unit: 'ms', goal: { max: 5000 } },
        ];
      } finally {
        await database.shutdown();
      }
    },
  },
  {
    name: 'dispatch',
    needsData: false,
    description:
      'the dispatch engine on a synthetic province (10,000 candidates, 2,000 demands): ranking one demand, batch dispatch (LP by column generation in the worker) against an independent min-cost flow over every pair',
    run: () => benchDispatch(log),
  },
  {
    name: 'search',
    needsData: false,
    description:
      'Chinese search over 200,000 published achievements on an in-process PGlite (generated, bulk-inserted): p95 of the written queries with and without filters, and their top-5 hit rate',
    async run() {
      const f = await benchSearch(200_000, (m) => log(`search: ${m}`));
      return [
        { name: 'search_200k_p95_ms', value: f.search_200k_p95_ms, unit: 'ms', goal: { max: 50 } },
        { name: 'search_200k_p50_ms', value: f.search_200k_p50_ms, unit: 'ms' },
        { name: 'search_top5_hit_rate', value: f.search_top5_hit_rate, unit: 'ratio', goal: { min: 0.8 } },
        { name: 'search_200k_load_s', value: f.search_200k_load_s, unit: 's' },
      ];
    },
  },
  {
    name: 'lighthouse',
    needsData: false,
    description:
      "Lighthouse (mobile) on the public showcase pages, in Debian's Chromium against a demo server",
    async run() {
      const f = await benchLighthouse(log);
      return [
        { name: 'lighthouse_performance', value: f.performance, unit: 'score', goal: { min: 90 } },
        { name: 'lighthouse_accessibility', value: f.accessibility, unit: 'score', goal: { min: 95 } },
      ];
    },
  },
];

/** The 任务督办 benchmark's own data directory: the demo province with ≈ 3,000,000 registry records. */
async function seedTargetsData(o: BenchOptions, dataDir: string) {
  await new Promise<void>((res, rej) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (!o.databaseUrl) delete env.DATABASE_URL;
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/seed.ts',
        '--scale',
        '1',
        '--records',
        String(o.recordUnits),
        '--data-dir',
        dataDir,
      ],
      { env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`seed exited with ${code}`))));
  });
}

/** Seeds the benchmark data directory on a first run (creates the database, then the demo data). */
async function prepare(o: BenchOptions, fresh: boolean) {
  if (fresh) rmSync(o.dataDir, { recursive: true, force: true });
  if (!o.databaseUrl && existsSync(join(o.dataDir, 'pgdata'))) return;
  log(`first run: seeding ${o.dataDir} (scale ${o.scale})…`);
  await new Promise<void>((res, rej) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    if (!o.databaseUrl) delete env.DATABASE_URL;
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/seed.ts', '--scale', String(o.scale), '--data-dir', o.dataDir],
      {
        env,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    p.on('exit', (code) => (code === 0 ? res() : rej(new Error(`seed exited with ${code}`))));
  });
}

function meets(f: Figure): string {
  if (!f.goal) return '';
  const ok =
    (f.goal.max === undefined || f.value <= f.goal.max) &&
    (f.goal.min === undefined || f.value >= f.goal.min);
  return `${f.goal.max !== undefined ? `≤ ${f.goal.max}` : `≥ ${f.goal.min}`} ${ok ? '✓' : '✗'}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean' },
      only: { type: 'string' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '50' },
      scale: { type: 'string', default: '1' },
      'start-runs': { type: 'string', default: '3' },
      'record-units': { type: 'string', default: '2800' },
      'data-dir': { type: 'string', default: '.bench/data' },
      fresh: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      `npm run bench -- [--json] [--only ${BENCHMARKS.map((b) => b.name).join(',')}] [--duration S] [--connections N] [--scale N] [--start-runs N] [--record-units U] [--data-dir D] [--fresh]\n` +
        BENCHMARKS.map((b) => `  ${b.name}: ${b.description}`).join('\n'),
    );
    return;
  }
  const o: BenchOptions = {
    dataDir: resolve(values['data-dir']!),
    duration: Number(values.duration),
    connections: Number(values.connections),
    scale: Number(values.scale),
    startRuns: Number(values['start-runs']),
    recordUnits: Number(values['record-units']),
    databaseUrl: process.env.DATABASE_URL || undefined,
  };
  log(
    `${o.databaseUrl ? 'PostgreSQL (DATABASE_URL; RSS excludes the database server)' : `embedded PGlite in ${o.dataDir}`}; ` +
      `load average before the run: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${availableParallelism()} cores`,
  );
  const only = values.only?.split(',').map((s) => s.trim());
  const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  if (only && selected.length !== only.length) throw new Error(`unknown benchmark in --only: ${values.only}`);
  if (selected.some((b) => b.needsData !== false)) await prepare(o, !!values.fresh);
  const figures: Figure[] = [];
  for (const b of selected) {
    log(`${b.name}: ${b.description}`);
    const out = await b.run(o);
    figures.push(...out);
    if (values.json)
      for (const f of out) console.log(JSON.stringify({ name: f.name, value: f.value, unit: f.unit }));
  }
  if (!values.json) {
    const rows = figures.map((f) => [f.name, String(f.value), f.unit, meets(f)]);
    const head = ['figure', 'value', 'unit', 'goal'];
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ');
    console.log(line(head));
    console.log(w.map((n) => '-'.repeat(n)).join('  '));
    for (const r of rows) console.log(line(r));
  }
}

main().catch((err) => {
  log(`failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
