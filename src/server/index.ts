// Serves the platform: opens the database, seeds the demo province in demo mode, listens,
// and shuts down gracefully on SIGTERM (stop accepting, drain, close the database).
import { closeMatching } from './features/zhuqi/zhuqi.matching.ts';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { assertDataDirFree } from './db/data-dir-lock.ts';
import { readEnv } from './env.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './lib/rate-limit.ts';
import { loadAuditKey } from './lib/secrets.ts';

/** RATE_LIMIT_MULTIPLIER (benchmarks only): every limit's maximum times the factor; 1 keeps the defaults. */
function scaleRateLimits(limits: RateLimits, factor: number): RateLimits {
  if (factor === 1) return limits;
  return Object.fromEntries(
    Object.entries(limits).map(([k, l]) => [k, { ...l, max: Math.ceil(l.max * factor) }]),
  ) as unknown as RateLimits;
}

export async function main(defaults: { demo?: boolean } = {}) {
  const started = performance.now();
  const env = readEnv(process.env, defaults);
  const log = (m: string) => console.log(`[匠心] ${m}`);
  // A second server on a locked data directory fails here, before the app is even loaded.
  if (!env.databaseUrl) assertDataDirFree(env.dataDir);
  // The database starts (in its own process, on another core) while the app's modules load.
  const { openDatabase } = await import('./db/open.ts');
  log(
    env.databaseUrl
      ? '连接 PostgreSQL… / connecting to PostgreSQL…'
      : `嵌入式数据库目录 / embedded database: ${env.dataDir}`,
  );
  const opening = openDatabase({
    dataDir: env.dataDir,
    databaseUrl: env.databaseUrl,
    production: env.production,
    log,
  });
  const [[{ serve }, { createApp }, { seedDemo }, { configureAuditKey }], database] = await Promise.all([
    Promise.all([
      import('@hono/node-server'),
      import('./app.ts'),
      import('./features/demo/demo.seed.ts'),
      import('./lib/audit.ts'),
    ]),
    opening,
  ]);
  configureAuditKey(loadAuditKey(env.dataDir, env.auditKey));
  if (env.demo) {
    const created = await seedDemo(database.db, { log });
    if (created) log('已创建演示数据与演示账号（密码 Demo@2025） / demo data and accounts created');
  }
  // 成效评估: this year's weights get a row of their own (copied from the nearest year) at start.
  const [{ ensureYearWeights }, { todayInChina }] = await Promise.all([
    import('./features/evaluation/evaluation.service.ts'),
    import('./lib/clock.ts'),
  ]);
  const thisYear = Number(todayInChina(new Date()).slice(0, 4));
  if (await ensureYearWeights(database.db, thisYear, new Date()))
    log(`已生成 ${thisYear} 年成效评估权重 / evaluation weights for ${thisYear} seeded`);
  const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));
  const app = createApp({
    database,
    secure: env.secure,
    trustProxy: env.trustProxy,
    webRoot: existsSync(webRoot) ? webRoot : null,
    rateLimits: scaleRateLimits(DEFAULT_RATE_LIMITS, env.rateLimitMultiplier),
  });
  // Deadlines, follow-ups and the notification outbox: rows in the database, run by a ticker.
  const [{ startTicker }, { configureOutboundChannels, WebhookChannel }, { systemClock }] = await Promise.all(
    [
      import('./features/zhuqi/zhuqi.ticker.ts'),
      import('./features/notifications/notifications.channel.ts'),
      import('./lib/clock.ts'),
    ],
  );
  if (env.webhook) configureOutboundChannels([new WebhookChannel(env.webhook.url, env.webhook.secret)]);
  const stopTicker = startTicker(database.db, systemClock, env.tickerIntervalMs, log);
  // Imports: jobs left running by a previous process are marked interrupted; old ones swept.
  const { configureImportJobs, startImportJanitor } = await import(
    './features/registries/registries.import-jobs.ts'
  );
  configureImportJobs({ inlineWaitMs: env.importInlineWaitMs });
  const stopJanitor = startImportJanitor(database.db, systemClock, {
    embedded: database.kind === 'pglite',
    log,
  });
  // The embedded database has no autovacuum: the app does its work (a real server does its own).
  const { startMaintenance } = await import('./db/maintenance.ts');
  const stopMaintenance = database.kind === 'pglite' ? startMaintenance(database.pool, { log }) : () => {};
  const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
    log(
      `已启动 / ready in ${Math.round(performance.now() - started)} ms: http://${env.host === '0.0.0.0' ? 'localhost' : env.host}:${info.port}`,
    );
    if (env.demo)
      log('演示模式：演示账号可登录，勿用于生产 / demo mode: demo accounts can sign in; not for production');
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`收到 ${signal}，正在停止… / stopping`);
    const http = server as Server;
    stopTicker();
    stopJanitor();
    stopMaintenance();
    server.close(async () => {
      await closeMatching();
      await database.shutdown();
      process.exit(0);
    });
    // A busy keep-alive client is never idle: answer its requests with `Connection: close`,
    // and close every connection as soon as it goes idle, so the drain ends.
    http.prependListener('request', (_req, res) => res.setHeader('Connection', 'close'));
    http.closeIdleConnections();
    setInterval(() => http.closeIdleConnections(), 100).unref();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(`[匠心] 启动失败 / failed to start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
