// Child processes for tests: the CLI scripts (tsx) and the real server, started the way
// `npm run` and `npm start` do, without blocking the test's event loop (on PGlite the
// test database is served from it).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SERVER_NODE_ARGS } from '../../src/server/node-flags.ts';

export interface ScriptResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node --import tsx script args…` to completion. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += d;
    });
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** A TCP port free on loopback right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits until the process is gone; false if it is still there after `timeoutMs`. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(20);
  }
  return !isAlive(pid);
}

export interface ServerProcess {
  proc: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Pid of the embedded database process, from the data directory's lock file. */
  databasePid(): number | null;
}

/** Spawns the real server (`node <SERVER_NODE_ARGS> src/server/index.ts`) without waiting. */
export function spawnServer(opts: {
  dataDir: string;
  port: number;
  env?: Record<string, string>;
}): ServerProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DEMO: '1',
    DATA_DIR: opts.dataDir,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    ...opts.env,
  };
  // The embedded database is the point: never inherit the suite's DATABASE_URL.
  delete env.DATABASE_URL;
  const proc = spawn(process.execPath, [...SERVER_NODE_ARGS, 'src/server/index.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d) => {
    out += d;
  });
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    pid: proc.pid!,
    port: opts.port,
    url: `http://127.0.0.1:${opts.port}`,
    output: () => out,
    exited,
    databasePid() {
      const lock = join(opts.dataDir, 'jiangxin.lock');
      if (!existsSync(lock)) return null;
      try {
        return (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid;
      } catch {
        return null;
      }
    },
  };
}

/** Starts the real server and waits until /api/health answers. */
export async function startServer(opts: {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const server = spawnServer({ ...opts, port: opts.port ?? (await freePort()) });
  const until = Date.now() + (opts.timeoutMs ?? 120_000);
  let ended = false;
  void server.exited.then(() => {
    ended = true;
  });
  while (Date.now() < until) {
    if (ended) throw new Error(`server exited before it was ready:\n${server.output()}`);
    try {
      const res = await fetch(`${server.url}/api/health`);
      if (res.ok) return server;
    } catch {}
    await sleep(50);
  }
  server.proc.kill('SIGKILL');
  throw new Error(`server not ready in time:\n${server.output()}`);
}
