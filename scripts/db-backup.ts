// `npm run db:backup -- [--out FILE]`: writes every table's rows, the sequences and the
// migration state to one gzip'd JSON-lines file (see src/server/db/backup.ts).
// With the embedded database, stop the server first: the data directory is locked.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase } from '../src/server/db/backup.ts';
import { openFromEnv, run, say } from './lib/cli.ts';

run(async () => {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', short: 'o' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      '用法 / usage: npm run db:backup -- [--out FILE] [--data-dir DIR]   (DATABASE_URL 时备份 PostgreSQL)',
    );
    return 0;
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = resolve(values.out ?? `backups/jiangxin-${stamp}.jsonl.gz`);
  mkdirSync(dirname(file), { recursive: true });
  const { database } = await openFromEnv({ dataDir: values['data-dir'] });
  try {
    const started = performance.now();
    const s = await backupDatabase(database.pool, file);
    const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
    say(
      `已备份 ${Object.keys(s.tables).length} 张表、${rows} 行，${(s.bytes / 1024).toFixed(0)} KB，` +
        `用时 ${Math.round(performance.now() - started)} ms / backed up ${rows} rows`,
    );
    say(
      '提醒：审计链密钥（AUDIT_HMAC_KEY 或 DATA_DIR/secrets.json）不在备份中，请另行妥善保管 / keep the audit key separately',
    );
    console.log(file);
  } finally {
    await database.shutdown();
  }
});
