// `npm start`: builds the web app when its sources are newer than the build, then serves
// the platform in demo mode (DEMO=0 turns demo data and accounts off).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/server/index.ts';

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

const built = 'dist/web/index.html';
const sources = ['src/web', 'src/shared', 'index.html', 'public.html', 'vite.config.ts'];
const stale =
  !existsSync(built) ||
  sources.some(
    (s) =>
      existsSync(s) &&
      (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs) > statSync(built).mtimeMs,
  );
// SKIP_WEB_BUILD=1 (used by `npm run dev`, where Vite serves the web app) skips the check.
if (stale && existsSync('src/web/main.tsx') && process.env.SKIP_WEB_BUILD !== '1') {
  console.log('[匠心] 正在构建网页… / building the web app…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
}

main({ demo: true }).catch((err) => {
  console.error(`[匠心] 启动失败 / failed to start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
