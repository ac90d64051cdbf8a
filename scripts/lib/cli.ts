// Shared by the command-line scripts: open the database exactly as the server does
// (DATA_DIR's embedded PGlite, or DATABASE_URL), log to stderr, fail with one clear line.
import { openDatabase, type OpenedDatabase } from '../../src/server/db/open.ts';
import { readEnv, type Env } from '../../src/server/env.ts';

export const say = (m: string) => process.stderr.write(`[匠心] ${m}\n`);

/** Opens the configured database; `dataDir` overrides DATA_DIR. */
export async function openFromEnv(
  opts: { dataDir?: string } = {},
): Promise<{ env: Env; database: OpenedDatabase }> {
  const env = readEnv(opts.dataDir ? { ...process.env, DATA_DIR: opts.dataDir } : process.env);
  say(
    env.databaseUrl
      ? `PostgreSQL: ${redact(env.databaseUrl)}`
      : `嵌入式数据库目录 / embedded database: ${env.dataDir}`,
  );
  const database = await openDatabase({
    dataDir: env.dataDir,
    databaseUrl: env.databaseUrl,
    production: env.production,
    log: say,
  });
  return { env, database };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}

/** Runs a CLI's main: an error becomes one line on stderr and exit code 1. */
export function run(main: () => Promise<number | undefined>): void {
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (err) => {
      say(`失败 / failed: ${err instanceof Error ? err.message : String(err)}`);
      if (process.env.DEBUG && err instanceof Error) console.error(err.stack);
      process.exit(1);
    },
  );
}

/** A progress bar on stderr (redrawn in place on a terminal, a line per 10 % otherwise). */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  const started = performance.now();
  let lastTenth = -1;
  return (done: number, total: number) => {
    const f = total ? done / total : 1;
    const secs = (performance.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    const width = 30;
    const filled = Math.round(f * width);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${done}/${total} (${rate}/s)`;
    if (tty) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (Math.floor(f * 10) > lastTenth || done >= total) {
      lastTenth = Math.floor(f * 10);
      process.stderr.write(`${line}\n`);
    }
  };
}
