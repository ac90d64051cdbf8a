// Configuration from the environment, read once at start.
import { resolve } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  AUDIT_HMAC_KEY: z.string().min(32).optional(),
  SECURE_COOKIES: z.enum(['0', '1']).default('0'),
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  NODE_ENV: z.string().default('development'),
  // Raises every rate limit by this factor, for load benchmarks only (npm run bench); default 1.
  RATE_LIMIT_MULTIPLIER: z.coerce.number().min(1).max(1_000_000).default(1),
  // 劳模工匠助企行 notifications' outbound channel: a webhook receiving HMAC-SM3-signed POSTs.
  WEBHOOK_URL: z.string().url().optional(),
  WEBHOOK_SECRET: z.string().min(16).optional(),
  // How often the ticker runs due jobs (deadlines, follow-ups) and the outbox, in ms.
  TICKER_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  // How long an import's upload waits for a small file to finish before answering 202 (ms).
  IMPORT_INLINE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(1500),
});

export interface Env {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  demo: boolean;
  auditKey: string | undefined;
  secure: boolean;
  trustProxy: boolean;
  production: boolean;
  rateLimitMultiplier: number;
  webhook: { url: string; secret: string } | null;
  tickerIntervalMs: number;
  importInlineWaitMs: number;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env, defaults: { demo?: boolean } = {}): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`环境变量有误 / invalid environment:\n${lines}`);
  }
  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET)
    throw new Error(
      '环境变量有误 / invalid environment:\n  WEBHOOK_SECRET: 设置 WEBHOOK_URL 时必须设置（≥ 16 字符）',
    );
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    demo: e.DEMO === undefined ? !!defaults.demo : e.DEMO === '1' || e.DEMO === 'true',
    auditKey: e.AUDIT_HMAC_KEY,
    secure: e.SECURE_COOKIES === '1',
    trustProxy: e.TRUST_PROXY === '1',
    production: e.NODE_ENV === 'production',
    rateLimitMultiplier: e.RATE_LIMIT_MULTIPLIER,
    webhook: e.WEBHOOK_URL ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET ?? '' } : null,
    tickerIntervalMs: e.TICKER_INTERVAL_MS,
    importInlineWaitMs: e.IMPORT_INLINE_WAIT_MS,
  };
}
