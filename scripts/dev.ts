// `npm run dev`: the API (reloaded on change, port 3000) and the Vite dev server (port 5173,
// proxying /api) side by side. Each runs in its own process group so that stopping this
// script — Ctrl-C, SIGTERM, or either child dying — ends both and everything they spawned.
import { type ChildProcess, spawn } from 'node:child_process';

const node = process.execPath;
const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

function start(name: string, args: string[], env: NodeJS.ProcessEnv) {
  const proc = spawn(node, args, { stdio: 'inherit', env: { ...process.env, ...env }, detached: true });
  children.push({ name, proc });
  proc.on('exit', (code, signal) => {
    if (stopping) return;
    console.log(`[dev] ${name} 已退出 / exited (${signal ?? code}); 正在停止其余进程 / stopping the rest`);
    stop(typeof code === 'number' && code !== 0 ? code : 1);
  });
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals) {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, signal); // the whole group: tsx watch runs the server as its child
  } catch {
    try {
      proc.kill(signal);
    } catch {}
  }
}

function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const c of children) killGroup(c.proc, 'SIGTERM');
  const alive = () => children.some((c) => c.proc.exitCode === null && c.proc.signalCode === null);
  const started = Date.now();
  const timer = setInterval(() => {
    if (!alive()) {
      clearInterval(timer);
      process.exit(code);
    }
    if (Date.now() - started > 10_000) {
      for (const c of children) killGroup(c.proc, 'SIGKILL');
      clearInterval(timer);
      process.exit(code);
    }
  }, 100);
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));
process.on('exit', () => {
  for (const c of children) killGroup(c.proc, 'SIGKILL');
});

start('api', ['node_modules/tsx/dist/cli.mjs', 'watch', '--clear-screen=false', 'scripts/start.ts'], {
  PORT: '3000',
  SKIP_WEB_BUILD: '1', // Vite serves the web app in development
});
start('web', ['node_modules/vite/bin/vite.js'], {});
console.log('[dev] API http://127.0.0.1:3000 · 网页 / web http://localhost:5173 (Ctrl-C 停止 / to stop)');
