// Builds the Hono app: security middleware, the session, every feature's routes, the
// OpenAPI document, and the built web app. `index.ts` serves it; tests call app.request().
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { parse as parseCookies } from 'hono/utils/cookie';
import { ERROR_CODES } from '#shared/errors.ts';
import type { Database } from './db/client.ts';
import { auditRoutes } from './features/audit/audit.routes.ts';
import { authRoutes, SESSION_COOKIE } from './features/auth/auth.routes.ts';
import { authenticate } from './features/auth/auth.service.ts';
import { docsRoutes } from './features/docs/docs.routes.ts';
import { healthRoutes } from './features/health/health.routes.ts';
import { orgRoutes } from './features/orgs/orgs.routes.ts';
import { fileRoutes } from './features/files/files.routes.ts';
import { registerAttachmentOwner } from './features/files/files.service.ts';
import { registryRoutes } from './features/registries/registries.routes.ts';
import { targetRoutes } from './features/targets/targets.routes.ts';
import { registerAchievementAttachments } from './features/sharing/sharing.media.ts';
import { renderShowcase, showcaseTemplate } from './features/sharing/sharing.pages.ts';
import { registerReportAttachments } from './features/targets/reports.service.ts';
import { sharingAppRoutes } from './features/sharing/sharing.routes.ts';
import { notificationRoutes } from './features/notifications/notifications.routes.ts';
import { recordPlace } from './features/registries/registries.service.ts';
import { REGISTRY_DEFS } from '#shared/registries/catalog.ts';
import { userRoutes } from './features/users/users.routes.ts';
import { zhuqiRoutes } from './features/zhuqi/zhuqi.routes.ts';
import {
  DEMAND_OWNER_TYPE,
  demandFilesPlace,
  SERVICE_RECORD_OWNER_TYPE,
  serviceRecordFilesPlace,
} from './features/zhuqi/zhuqi.demands.service.ts';
import { challengeRoutes } from './features/challenges/challenges.routes.ts';
import { applicationPlace } from './features/challenges/challenges.service.ts';
import { evaluationRoutes } from './features/evaluation/evaluation.routes.ts';
import { writeAudit } from './lib/audit.ts';
import { type Clock, systemClock } from './lib/clock.ts';
import type { ServiceContext } from './lib/context.ts';
import { compressAnswer } from './lib/compress.ts';
import { fromDatabaseError } from './lib/db-errors.ts';
import { AppError } from './lib/errors.ts';
import { type AppEnv, createRouter } from './lib/http.ts';
import { presetHeader, requestHeader } from './lib/node-http.ts';
import { idempotency } from './lib/idempotency.ts';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './lib/rate-limit.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { randomToken } from './lib/crypto.ts';

export interface AppOptions {
  database: Database;
  clock?: Clock;
  rateLimits?: RateLimits;
  /** Cookies get `Secure` and responses HSTS: set behind TLS. */
  secure?: boolean;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy only). */
  trustProxy?: boolean;
  /** Origins allowed to send state-changing requests besides the app's own. */
  allowedOrigins?: string[];
  /** Folder of the built web app; not served when absent. */
  webRoot?: string | null;
  version?: string;
}

const PUBLIC_PATHS = new Set(['/api/health', '/api/auth/login', '/api/openapi.json']);
// The public showcase of the sharing platform (published achievements only) and the API docs.
const isPublicPrefix = (path: string) => path.startsWith('/api/docs') || path.startsWith('/api/public/');
const PASSWORD_CHANGE_PATHS = new Set([
  '/api/auth/me',
  '/api/auth/password',
  '/api/auth/logout',
  '/api/auth/logout-all',
]);

function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const xff = requestHeader(c, 'x-forwarded-for');
    if (xff) return xff.split(',')[0].trim().slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // app.request() in tests has no socket
  }
}

export function createApp(opts: AppOptions) {
  const clock = opts.clock ?? systemClock;
  const limiter = new RateLimiter(() => clock.now().getTime());
  const limits = opts.rateLimits ?? DEFAULT_RATE_LIMITS;
  const trustProxy = !!opts.trustProxy;
  const version = opts.version ?? '0.1.0';
  const app = createRouter();
  // Request ids: unique per process start and counted, not drawn (no entropy needed per request).
  const requestIdPrefix = `${randomToken(6)}-`;
  let requestCount = 0;

  app.onError(async (thrown, c) => {
    // A database refusal nobody handled (a duplicate submitted twice at once, a deadlock that
    // outlived its retries, the statement timeout) is answered as what it means, not as a 500.
    const refusal = thrown instanceof AppError ? null : fromDatabaseError(thrown);
    if (refusal)
      console.warn(`[${c.get('ctx')?.requestId ?? '-'}] database refused: ${(thrown as Error).message}`);
    const err = refusal ?? thrown;
    if (err instanceof AppError) {
      if (err.headers) for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      if (err.code === 'FORBIDDEN') {
        const ctx = c.get('ctx');
        // Denials are audited outside the (rolled back) transaction of the request.
        if (ctx?.actor) {
          await writeAudit(
            { ...ctx, db: opts.database.db },
            {
              event: 'access.denied',
              result: 'denied',
              detail: { method: c.req.method, path: c.req.path },
            },
          ).catch(() => {});
        }
      }
      return c.json(err.toBody(), err.status as 400);
    }
    // Malformed JSON bodies and similar client mistakes surface as HTTPException(400).
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_INPUT';
      return c.json(
        {
          error: {
            code,
            message:
              status === 413
                ? ERROR_CODES.PAYLOAD_TOO_LARGE.zh
                : '请求格式有误，请检查提交的内容（例如 JSON 格式）',
          },
        },
        status as 400,
      );
    }
    console.error(`[${c.get('ctx')?.requestId ?? '-'}]`, err);
    return c.json({ error: { code: 'INTERNAL', message: ERROR_CODES.INTERNAL.zh } }, 500);
  });
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: { code: 'NOT_FOUND', message: `接口不存在：${c.req.method} ${c.req.path}` } }, 404)
      : c.text('Not found', 404),
  );

  app.use('*', securityHeaders({ secure: !!opts.secure }));
  // JSON bodies up to 1 MB; imported files up to 10 MB (SECURITY.md).
  const jsonLimit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', '提交的内容超过 1 MB');
    },
  });
  const importLimit = bodyLimit({
    maxSize: 10 * 1024 * 1024,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', '导入文件超过 10 MB，请拆分后分批导入');
    },
  });
  // Attachments up to 20 MB (the multipart envelope gets a little room; the service checks the file).
  const attachmentLimit = bodyLimit({
    maxSize: 20 * 1024 * 1024 + 64 * 1024,
    onError: () => {
      throw new AppError('PAYLOAD_TOO_LARGE', '附件不能超过 20 MB，请压缩或拆分后上传');
    },
  });
  const idempotent = idempotency();
  // The public showcase has its own, larger allowance per address (rate-limit.ts).
  const hitShowcase = (ip: string | null) => limiter.hit(`showcase:${ip ?? '?'}`, limits.showcase);
  const nulError = () => new AppError('INVALID_INPUT', '输入中含有不允许的控制字符（\\u0000），请删除后重试');

  // The session and the service context of the request.
  const signIn = async (c: Context<AppEnv>) => {
    const ctx: ServiceContext = {
      db: opts.database.db,
      reads: opts.database.reads,
      actor: null,
      clock,
      ip: clientIp(c, trustProxy),
      requestId:
        requestHeader(c, 'x-request-id')?.slice(0, 64) ||
        `${requestIdPrefix}${(++requestCount).toString(36)}`,
      userAgent: requestHeader(c, 'user-agent') ?? null,
    };
    c.set('ctx', ctx);
    c.set('limiter', limiter);
    c.set('limits', limits);
    c.set('secureCookies', !!opts.secure);
    presetHeader(c, 'X-Request-Id', ctx.requestId);
    const cookies = requestHeader(c, 'cookie');
    const token = cookies ? parseCookies(cookies, SESSION_COOKIE)[SESSION_COOKIE] : undefined;
    const actor = token ? await authenticate(ctx, token) : null;
    if (actor) {
      ctx.actor = actor;
      limiter.hit(`user:${actor.userId}`, limits.signedIn);
      if (actor.mustChangePassword && !PASSWORD_CHANGE_PATHS.has(c.req.path)) {
        throw new AppError('PASSWORD_CHANGE_REQUIRED');
      }
    } else {
      if (c.req.path.startsWith('/api/public/')) hitShowcase(ctx.ip);
      else limiter.hit(`ip:${ctx.ip ?? '?'}`, limits.anonymous);
      if (!PUBLIC_PATHS.has(c.req.path) && !isPublicPrefix(c.req.path)) throw new AppError('UNAUTHENTICATED');
    }
  };

  // A state-changing request: its body limit, then CSRF (it must come from our own origin), NUL
  // characters in the body, the session, and the Idempotency-Key.
  const change = (c: Context<AppEnv>, next: () => Promise<void>) => {
    const limit = c.req.path.endsWith('/import')
      ? importLimit
      : c.req.path === '/api/attachments' && c.req.method === 'POST'
        ? attachmentLimit
        : jsonLimit;
    return limit(c, async () => {
      if (c.req.method !== 'OPTIONS') {
        const origin = requestHeader(c, 'origin');
        const site = requestHeader(c, 'sec-fetch-site');
        const own = new URL(c.req.url).origin;
        const allowed =
          origin === undefined || origin === own || (opts.allowedOrigins ?? []).includes(origin);
        if (!allowed || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
          throw new AppError('FORBIDDEN', '跨站请求被拒绝（来源不符）');
        }
      }
      // PostgreSQL cannot store the NUL character: refuse it in any input, with a clear 400.
      if (c.req.url.includes('%00')) throw nulError();
      if (requestHeader(c, 'content-type')?.includes('application/json')) {
        let body: unknown;
        try {
          body = await c.req.json();
        } catch {
          body = undefined; // malformed JSON: the route's validator answers it
        }
        if (containsNul(body)) throw nulError();
      }
      await signIn(c);
      // A request sent again with its Idempotency-Key gets the stored answer, not a second effect.
      const replayed = await idempotent(c, next);
      if (replayed instanceof Response) c.res = replayed;
    });
  };

  // Every API request passes this one gate (one middleware, not six: each layer costs a promise
  // and a closure per request, decision 023). GET and HEAD carry no body to limit or check, and
  // looking for one would make @hono/node-server build a full Request.
  app.use('/api/*', async (c, next) => {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD') {
      if (c.req.url.includes('%00')) throw nulError();
      await signIn(c);
      await next();
    } else {
      await change(c, next);
    }
    await compressAnswer(c);
  });

  app.route('/', healthRoutes(opts.database.kind, version));
  app.route('/', authRoutes);
  app.route('/', orgRoutes);
  app.route('/', userRoutes);
  app.route('/', auditRoutes);
  app.route('/', registryRoutes());
  app.route('/', targetRoutes);
  app.route('/', sharingAppRoutes());
  app.route('/', zhuqiRoutes);
  app.route('/', challengeRoutes);
  app.route('/', evaluationRoutes);
  app.route('/', notificationRoutes);
  // Every registry record may carry evidence attachments.
  for (const def of REGISTRY_DEFS) {
    registerAttachmentOwner(def.key, {
      read: 'read:registry:subtree',
      manage: 'manage:registry:subtree',
      load: (ctx, id, forWrite) => recordPlace(ctx, def.key, id, forWrite),
    });
  }
  registerAchievementAttachments();
  registerReportAttachments();
  // A 揭榜 application's proposal documents: uploaded by the applicant while the call is open.
  registerAttachmentOwner('challenge-applications', {
    read: 'join:challenge:assigned',
    manage: 'join:challenge:assigned',
    load: applicationPlace,
    partiesOutsideTree: true,
    listInTree: 'join:challenge:assigned',
  });
  // 助企行: drawings, photos and documents of a demand (the enterprise, while it may edit the
  // demand) and of a service visit (its craftsman, while in service); read by the enterprise,
  // the unions in scope and the craftsmen offered or serving it.
  registerAttachmentOwner(DEMAND_OWNER_TYPE, {
    read: ['read:demand:subtree', 'serve:demand:assigned'],
    manage: 'post:demand:own-org',
    load: demandFilesPlace,
    partiesOutsideTree: true,
    listInTree: 'read:demand:subtree',
  });
  registerAttachmentOwner(SERVICE_RECORD_OWNER_TYPE, {
    read: ['read:demand:subtree', 'serve:demand:assigned'],
    manage: 'serve:demand:assigned',
    load: serviceRecordFilesPlace,
    partiesOutsideTree: true,
    listInTree: 'read:demand:subtree',
  });
  app.route('/', fileRoutes);
  app.route('/', docsRoutes);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: '匠心 Jiangxin API', version, description: '浙江省职工创新工作平台接口' },
  });

  // The public showcase's pages, rendered on the server: the first paint needs no script.
  const showcase = async (c: Context) => {
    const ctx: ServiceContext = {
      db: opts.database.db,
      actor: null,
      clock,
      ip: clientIp(c, trustProxy),
      requestId: randomToken(12),
      userAgent: c.req.header('user-agent') ?? null,
    };
    hitShowcase(ctx.ip);
    const page = await renderShowcase(ctx, new URL(c.req.url), showcaseTemplate(opts.webRoot));
    c.header('Cache-Control', 'no-cache');
    return c.html(page.html, page.status);
  };
  app.get('/share', showcase);
  app.get('/share/*', showcase);

  if (opts.webRoot) serveWeb(app, opts.webRoot);
  return app;
}

function containsNul(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return v.includes('\u0000');
  if (depth > 20 || v === null || typeof v !== 'object') return false;
  for (const [k, x] of Object.entries(v)) if (k.includes('\u0000') || containsNul(x, depth + 1)) return true;
  return false;
}

/** The built web app: files as they are, `index.html` for the app's own routes. */
function serveWeb(app: ReturnType<typeof createRouter>, root: string) {
  const pages = new Map<string, { mtimeMs: number; html: string }>();
  const pageHtml = (name: string) => {
    // Re-read after a rebuild, so a running server never serves a page whose assets are gone.
    const file = join(root, name);
    const { mtimeMs } = statSync(file);
    const cached = pages.get(name);
    if (cached && cached.mtimeMs === mtimeMs) return cached.html;
    const html = readFileSync(file, 'utf8');
    pages.set(name, { mtimeMs, html });
    return html;
  };
  // The public showcase (/share…) is rendered by its own routes; everything else is the staff app.
  const indexHtml = () => pageHtml('index.html');
  // Hashed assets: compressed (a phone on a slow network gets a third of the bytes) and cached.
  app.use('/assets/*', compress(), async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('/assets/*', serveStatic({ root }));
  app.get('/assets/*', (c) => c.text('Not found', 404)); // a missing asset is a 404, not the app page
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    const res = await serveStatic({ root })(c, async () => {});
    if (res) return res;
    c.header('Cache-Control', 'no-cache');
    return c.html(indexHtml());
  });
}

export type AppType = ReturnType<typeof createApp>;
