// The real platform for the browser tests: the web app built when its sources changed,
// the server started as a child process on a data directory of its own and a free port.
// The e2e project's global setup starts the platform once on an empty directory (migrations,
// demo data) and keeps that directory; each test file's server starts on a copy of it, as
// `npm start` does on an existing directory, instead of seeding the province again.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { SERVER_NODE_ARGS } from '../../../src/server/node-flags.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const e of readdirSync(path)) t = Math.max(t, newestMtime(join(path, e)));
  return t;
}

/** Builds dist/web unless it is newer than every source it comes from. */
export function buildWebIfNeeded() {
  const built = join(ROOT, 'dist/web/index.html');
  const sources = ['src/web', 'src/shared', 'index.html', 'public.html', 'vite.config.ts']
    .map((s) => join(ROOT, s))
    .filter(existsSync);
  if (existsSync(built) && sources.every((s) => newestMtime(s) <= statSync(built).mtimeMs)) return;
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The data directory the global setup seeded (see above). */
    e2eSeedDataDir: string;
  }
}

/**
 * The platform on a copy of `from` (a data directory of a stopped server), or on an empty
 * directory; `keep` leaves the directory in place when the server stops; `env` adds to its
 * environment.
 */
export async function startServer(
  opts: { timeoutMs?: number; from?: string; keep?: boolean; env?: Record<string, string> } = {},
): Promise<RunningServer & { dataDir: string }> {
  const timeoutMs = opts.timeoutMs ?? 150_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'jx-e2e-'));
  if (opts.from) cpSync(opts.from, join(dataDir, 'data'), { recursive: true });
  const port = await freePort();
  let log = '';
  // Its own process group, so stopping it also stops the embedded database's process.
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_ARGS, 'scripts/start.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: join(dataDir, 'data'),
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: '1',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  const stop = async () => {
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    if (!opts.keep) rmSync(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`server exited (${child.exitCode}) before it was ready:\n${log}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {}
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`server not ready after ${timeoutMs} ms:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { baseUrl, output: () => log, stop, dataDir: join(dataDir, 'data') };
}

/** A test file's platform: on a copy of the directory the global setup seeded. */
export function startSeededServer(env?: Record<string, string>): Promise<RunningServer> {
  return startServer({ from: inject('e2eSeedDataDir') || undefined, env });
}
