// An app over a test database, with a movable clock, cheap password hashing, and a
// client that keeps its session cookie like a browser.
import { createApp } from '../../src/server/app.ts';
import type { Db } from '../../src/server/db/client.ts';
import { configureKdf } from '../../src/server/features/auth/auth.service.ts';
import { DEMO_PASSWORD } from '../../src/server/features/demo/demo.seed.ts';
import { makeUser, orgByCodeOrThrow } from '../../src/server/features/demo/factories.ts';
import { ManualClock } from '../../src/server/lib/clock.ts';
import { TEST_KDF } from '../../src/server/lib/crypto.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../../src/server/lib/rate-limit.ts';
import type { Role } from '../../src/shared/roles.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const PASSWORD = DEMO_PASSWORD;
const generous = { max: 1_000_000, windowMs: 60_000 };
export const TEST_RATE_LIMITS: RateLimits = {
  loginPerIp: generous,
  loginPerAccount: generous,
  anonymous: generous,
  showcase: generous,
  signedIn: generous,
  exportsPerUser: generous,
};

export interface TestEnv {
  database: TestDatabase;
  db: Db;
  app: ReturnType<typeof createApp>;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function createTestEnv(
  opts: { rateLimits?: RateLimits; realLimits?: boolean } = {},
): Promise<TestEnv> {
  configureKdf(TEST_KDF);
  const database = await createTestDatabase();
  const clock = new ManualClock();
  const app = createApp({
    database,
    clock,
    rateLimits: opts.realLimits ? DEFAULT_RATE_LIMITS : (opts.rateLimits ?? TEST_RATE_LIMITS),
  });
  return { database, db: database.db, app, clock, close: () => database.destroy() };
}

/** A user at the organisation with that code (GB/T 2260 code, USCC or unit code). */
export async function addUser(
  env: TestEnv,
  username: string,
  orgCode: string,
  roles: Role[],
  extra: { phone?: string } = {},
) {
  const org = await orgByCodeOrThrow(env.db, orgCode);
  return makeUser(env.db, {
    orgId: org.id,
    username,
    roles,
    password: PASSWORD,
    kdf: TEST_KDF,
    phone: extra.phone,
  });
}

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A browser-like client: keeps the session cookie between requests. */
export class Client {
  cookie: string | null = null;
  constructor(
    private readonly env: Pick<TestEnv, 'app'>,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response<T>> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await this.env.app.request(path, { method, headers: h, body: payload });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = /jx_session=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `jx_session=${m[1]}` : null;
      if (/jx_session=;/.test(set) || /Max-Age=0/i.test(set)) this.cookie = null;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  async login(username: string, password = PASSWORD) {
    const res = await this.post('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.text}`);
    return this;
  }
}

export async function signedIn(env: TestEnv, username: string) {
  return new Client(env).login(username);
}
