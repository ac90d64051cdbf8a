// Hono plumbing shared by every feature: the app's environment type, the route factory
// whose validation failures become INVALID_INPUT, and small helpers for handlers.
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { acceptsGzip, COMPRESS_MIN_BYTES, gzipOnce, markCompressed } from './compress.ts';
import type { AuthedContext, ServiceContext } from './context.ts';
import { nodeResponse } from './node-http.ts';
import { AppError } from './errors.ts';
import type { RateLimiter, RateLimits } from './rate-limit.ts';

export interface AppEnv {
  Variables: {
    ctx: ServiceContext;
    limiter: RateLimiter;
    limits: RateLimits;
    secureCookies: boolean;
  };
}

function zodIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** A feature's router: zod failures answer 400 with every issue listed. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = zodIssues(result.error as z.ZodError);
        const first = issues[0];
        throw new AppError(
          'INVALID_INPUT',
          first ? `输入有误：${first.path || '请求'} — ${first.message}` : '输入有误',
          issues,
        );
      }
    },
  });
}

/** The service context of a signed-in request, or 401. */
export function authed(c: Context<AppEnv>): AuthedContext {
  const ctx = c.get('ctx');
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED');
  return ctx as AuthedContext;
}

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

/** The error responses every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: { description: '输入有误', content: { 'application/json': { schema: errorSchema } } },
  401: { description: '未登录', content: { 'application/json': { schema: errorSchema } } },
  403: { description: '无权限', content: { 'application/json': { schema: errorSchema } } },
  404: { description: '不存在或无权访问', content: { 'application/json': { schema: errorSchema } } },
  409: { description: '冲突', content: { 'application/json': { schema: errorSchema } } },
  429: { description: '请求过于频繁', content: { 'application/json': { schema: errorSchema } } },
} as const;

export function jsonContent<T extends z.ZodTypeAny>(schema: T, description = '成功') {
  return { description, content: { 'application/json': { schema } } };
}

export const idParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 52)
    .openapi({ param: { name: 'id', in: 'path' }, description: '记录编号' }),
});

/** A file download: the bytes, their type, and a UTF-8 file name for the browser. */
export function fileResponse(c: Context, body: Buffer | Uint8Array, fileName: string, contentType: string) {
  return c.body(new Uint8Array(body), 200, {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  }) as never;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const binaryContent = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: z.string().openapi({ format: 'binary' }) } },
});

// The JSON text of values that are served many times over (cached reads, decision 013): the
// cache hands back the same object, so it is serialised once.
const serialised = new WeakMap<object, { text: string; gzip?: Uint8Array<ArrayBuffer> }>();

/**
 * `c.json(value)`, serialising each object once for as long as it lives (a cached read answers
 * many requests with the same object), and compressing it once for the clients that take gzip.
 */
export function jsonOnce<T extends object>(c: Context, value: T) {
  let entry = serialised.get(value);
  if (entry === undefined) {
    entry = { text: JSON.stringify(value) };
    serialised.set(value, entry);
  }
  type Answer = ReturnType<typeof c.json<T, 200>>;
  const gzip = entry.text.length >= COMPRESS_MIN_BYTES && acceptsGzip(c);
  if (gzip) entry.gzip ??= new Uint8Array(gzipOnce(entry.text));
  const body = gzip ? (entry.gzip as Uint8Array<ArrayBuffer>) : entry.text;
  // A fresh object each time: @hono/node-server adds Content-Length to it.
  const headers: Record<string, string> = gzip
    ? { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'accept-encoding' }
    : { 'content-type': 'application/json' };
  // On Node, a Response made with a plain header object reaches the socket as it is; Hono's
  // c.body() turns more than one header into a Fetch Headers object, which @hono/node-server
  // turns back (decision 024). The headers preset for the request (node-http.ts) are on Node's
  // response already; in app.request() they are on the context, which c.body() applies. So a
  // route that answers with jsonOnce sets any header of its own with presetHeader, not c.header().
  const res = nodeResponse(c) ? new Response(body, { status: 200, headers }) : c.body(body, 200, headers);
  return markCompressed(res) as unknown as Answer;
}
