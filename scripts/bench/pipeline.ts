// In-process cost of one request through the whole server path (@hono/node-server's listener,
// every middleware, the route), without sockets: what the API spends per request, apart from the
// machine's network stack. Alternates with a bare Hono hello-world in small batches, so the two
// figures share the machine's momentary speed.
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';

export interface PipelineCase {
  method: string;
  url: string;
  headers: Record<string, string>;
}

type Listener = ReturnType<typeof getRequestListener>;

function fakeIncoming(c: PipelineCase) {
  const headers: Record<string, string> = { host: '127.0.0.1:3000', ...c.headers };
  const rawHeaders = Object.entries(headers).flat();
  return {
    method: c.method,
    url: c.url,
    headers,
    rawHeaders,
    socket: { remoteAddress: '127.0.0.1', remotePort: 50000, remoteFamily: 'IPv4', encrypted: false },
    on() {},
  };
}

/** Runs one request; resolves with the status once the response has ended. */
function once(listener: Listener, c: PipelineCase): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve) => {
    let status = 0;
    const outgoing = {
      writable: true,
      headersSent: false,
      writeHead(s: number) {
        status = s;
        this.headersSent = true;
      },
      setHeader() {},
      on() {},
      end(body?: string | Uint8Array) {
        resolve({
          status,
          bytes: body ? (typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength) : 0,
        });
      },
      destroy() {},
    };
    void listener(fakeIncoming(c) as never, outgoing as never);
  });
}

async function batch(listener: Listener, c: PipelineCase, n: number): Promise<number> {
  const t0 = performance.now();
  // 50 in flight at a time, as the load test's 50 connections.
  for (let i = 0; i < n; i += 50) {
    const all: Promise<unknown>[] = [];
    for (let k = 0; k < 50 && i + k < n; k++) all.push(once(listener, c));
    await Promise.all(all);
  }
  return ((performance.now() - t0) * 1000) / n;
}

/** µs per request of the app's case and of hello-world: the lowest of `rounds` alternating batches. */
export async function measurePipeline(
  fetch: (req: Request, env: unknown) => Response | Promise<Response>,
  c: PipelineCase,
  opts: { rounds?: number; batch?: number } = {},
): Promise<{ apiUs: number; helloUs: number; status: number; bytes: number }> {
  const api = getRequestListener(fetch as never);
  const hello = getRequestListener(new Hono().get('/', (x) => x.text('Hello, 匠心')).fetch);
  const helloCase: PipelineCase = { method: 'GET', url: '/', headers: c.headers };
  const first = await once(api, c);
  const n = opts.batch ?? 2000;
  await batch(api, c, n);
  await batch(hello, helloCase, n);
  let apiUs = Number.POSITIVE_INFINITY;
  let helloUs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < (opts.rounds ?? 15); r++) {
    apiUs = Math.min(apiUs, await batch(api, c, n));
    helloUs = Math.min(helloUs, await batch(hello, helloCase, n));
  }
  return { apiUs, helloUs, ...first };
}

/**
 * The authenticated list of `api-vs-hello` through the app in this process, on the benchmark's
 * database: µs per request, and hello-world's on the same path.
 */
export async function benchListPipeline(o: { dataDir: string; databaseUrl?: string }) {
  const [{ openDatabase }, { createApp }, { configureAuditKey }, { loadAuditKey }, { DEFAULT_RATE_LIMITS }] =
    await Promise.all([
      import('../../src/server/db/open.ts'),
      import('../../src/server/app.ts'),
      import('../../src/server/lib/audit.ts'),
      import('../../src/server/lib/secrets.ts'),
      import('../../src/server/lib/rate-limit.ts'),
    ]);
  configureAuditKey(loadAuditKey(o.dataDir, undefined));
  const database = await openDatabase({ dataDir: o.dataDir, databaseUrl: o.databaseUrl });
  try {
    const unlimited = Object.fromEntries(
      Object.entries(DEFAULT_RATE_LIMITS).map(([k, l]) => [k, { ...l, max: Number.MAX_SAFE_INTEGER }]),
    ) as typeof DEFAULT_RATE_LIMITS;
    const app = createApp({ database, webRoot: null, rateLimits: unlimited });
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'province.admin', password: 'Demo@2025' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .find((x) => x.startsWith('jx_session='))
      ?.split(';')[0];
    if (!cookie) throw new Error(`sign-in failed: ${login.status}`);
    const r = await measurePipeline(app.fetch, {
      method: 'GET',
      url: '/api/orgs?kind=enterprise&pageSize=20',
      headers: { cookie, 'accept-encoding': 'gzip, deflate, br, zstd', 'user-agent': 'bench' },
    });
    if (r.status !== 200) throw new Error(`the list answered ${r.status}`);
    return r;
  } finally {
    await database.shutdown();
  }
}
