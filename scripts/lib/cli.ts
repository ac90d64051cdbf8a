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
export function run(main: () => Promise<number | undefined | void>): void {
  main().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (err) => {
      say(`失败 / failed: ${err instanceof Error ? err.message : String(err)}`);
      if (process.env.DEBUG && err instanceof Error) console.error(err.stack);
      process.exit(1);
    },
  );
}
