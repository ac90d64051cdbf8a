// `npm run audit:verify`: recomputes the audit trail's HMAC-SM3 hash chain over every row
// and says whether it is intact. Exit 0 intact, 1 broken (or on error).
// The key is the server's: AUDIT_HMAC_KEY, else DATA_DIR/secrets.json.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configureAuditKey, verifyAuditChain } from '../src/server/lib/audit.ts';
import { loadAuditKey } from '../src/server/lib/secrets.ts';
import { openFromEnv, run } from './lib/cli.ts';

run(async () => {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(
      '用法 / usage: npm run audit:verify -- [--data-dir DIR]   (AUDIT_HMAC_KEY / DATABASE_URL 同服务器)',
    );
    return 0;
  }
  const { env, database } = await openFromEnv({ dataDir: values['data-dir'] });
  try {
    // Never generate a key here: a new key would make every row look forged.
    if (!env.auditKey && !existsSync(join(env.dataDir, 'secrets.json'))) {
      throw new Error(
        `找不到审计链密钥：请设置 AUDIT_HMAC_KEY，或指定服务器的 DATA_DIR（${env.dataDir} 中没有 secrets.json） / no audit key found`,
      );
    }
    configureAuditKey(loadAuditKey(env.dataDir, env.auditKey));
    const started = performance.now();
    const r = await verifyAuditChain(database.db);
    const ms = Math.round(performance.now() - started);
    if (r.ok) {
      console.log(
        `审计链完整：已校验 ${r.checked} 条记录（${ms} ms） / audit chain intact: ${r.checked} rows checked`,
      );
      return 0;
    }
    console.log(
      `审计链已损坏：第 ${r.firstBadId} 号记录 — ${r.reason}；此前 ${r.checked} 条完好 / ` +
        `audit chain BROKEN at row id ${r.firstBadId} (${r.reason}); ${r.checked} rows before it verified`,
    );
    return 1;
  } finally {
    await database.shutdown();
  }
});
