// `npm run db:restore -- FILE [--force]`: restores a backup made by db:backup into the
// configured database. Refuses a database that already holds data unless --force (wipes it).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { restoreDatabase } from '../src/server/db/backup.ts';
import { openFromEnv, run, say } from './lib/cli.ts';

run(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      force: { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log('用法 / usage: npm run db:restore -- FILE [--force] [--data-dir DIR]');
    return values.help ? 0 : 2;
  }
  const file = resolve(positionals[0]);
  if (!existsSync(file)) throw new Error(`找不到备份文件 / no such file: ${file}`);
  const { database } = await openFromEnv({ dataDir: values['data-dir'] });
  try {
    const started = performance.now();
    const s = await restoreDatabase(database.pool, file, { force: values.force });
    const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
    say(
      `已恢复 ${Object.keys(s.tables).length} 张表、${rows} 行、${s.sequences} 个序列，用时 ${Math.round(performance.now() - started)} ms ` +
        `/ restored ${rows} rows`,
    );
    say(
      '提醒：请使用与备份来源相同的审计链密钥，以便 npm run audit:verify 校验 / use the same audit key to verify the chain',
    );
  } finally {
    await database.shutdown();
  }
});
