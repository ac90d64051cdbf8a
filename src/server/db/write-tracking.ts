// Which tables have been written since a cached read was made (decision 013).
//
// Every statement the app sends goes through a node-postgres client; `trackWrites` looks at
// each one, finds the tables an INSERT / UPDATE / DELETE / TRUNCATE / MERGE / COPY names, and
// bumps their generation once the write is committed (at COMMIT inside a transaction, on
// completion outside one). Anything it cannot read (DDL, DO blocks, function calls that might
// write) bumps every table. A cached read records the generations of the tables it reads
// before it runs, and is served only while they are unchanged — so a cached answer is never
// older than the last committed write of this process.
//
// Other processes on the same PostgreSQL server learn of writes by LISTEN/NOTIFY
// (`listenForWrites`); while that channel is down nothing is served from cache. The embedded
// PGlite has one process by construction (the data-directory lock).
import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** Marks a statement whose write no cached read depends on (the session's last-seen time). */
export const UNTRACKED_WRITE = '/* jx:untracked */';

const NOTIFY_CHANNEL = 'jx_writes';
/** `rollup_<table>` is kept by triggers on `<table>` (decision 020). */
export const ROLLUP_PREFIX = 'rollup_';
const EVERYTHING = '*';

/**
 * The tables a statement writes: `null` for a read, `'*'` when it cannot tell.
 * Over-reporting is harmless (a cache miss); under-reporting would serve stale data, so the
 * patterns lean to '*'.
 */
export function writtenTables(text: string): string[] | typeof EVERYTHING | null {
  const s = text.trimStart();
  if (s.startsWith(UNTRACKED_WRITE)) return null;
  const head = /^(?:\/\*[\s\S]*?\*\/\s*)*([a-z]+)/i.exec(s)?.[1]?.toLowerCase() ?? '';
  if (
    ['begin', 'start', 'commit', 'end', 'rollback', 'savepoint', 'release', 'show', 'set', 'reset'].includes(
      head,
    )
  )
    return null;
  if (
    ['select', 'with', 'insert', 'update', 'delete', 'merge', 'truncate', 'copy', 'values', 'table'].includes(
      head,
    )
  ) {
    // Function calls in a SELECT could write (pg_notify does not); the app writes through
    // INSERT/UPDATE/DELETE only, so a select reads unless it names a writing keyword.
    const tables = new Set<string>();
    const re =
      /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|merge\s+into|copy)\s+(?:only\s+)?(?:"?([a-z_][a-z0-9_]*)"?\.)?"?([a-z_][a-z0-9_$]*)"?/gi;
    // `select … for update` locks and `on conflict … do update` writes the INSERT's table.
    const body = s.replace(/\b(?:for\s+(?:no\s+key\s+)?|do\s+)update\b/gi, ' ');
    for (const m of body.matchAll(re)) tables.add(m[2].toLowerCase());
    if (tables.size > 0) return [...tables];
    if (head === 'select' || head === 'with' || head === 'values' || head === 'table') return null;
    return EVERYTHING;
  }
  if (
    head === 'explain' ||
    // Statistics and space, not data: what a cached read returns cannot change.
    head === 'analyze' ||
    head === 'vacuum' ||
    head === 'fetch' ||
    head === 'declare' ||
    head === 'close' ||
    head === 'listen' ||
    head === 'unlisten' ||
    head === 'notify'
  )
    return null;
  return EVERYTHING; // DDL, DO, CALL, LOCK, …: assume the worst
}

/** Write generations per table, for this process. */
export class WriteGenerations {
  /** Who announces this process's writes (NOTIFY payloads start with it). */
  readonly origin = randomUUID();
  private readonly gens = new Map<string, number>();
  private everything = 0;
  /** False while writes of other processes could go unseen (the NOTIFY channel is down). */
  trusted = true;

  bump(tables: readonly string[] | typeof EVERYTHING): void {
    if (tables === EVERYTHING) {
      this.everything++;
      return;
    }
    for (const t of tables) this.gens.set(t, (this.gens.get(t) ?? 0) + 1);
  }

  /** How many writes were committed, to any table but `except` (tests: did a refused request write?). */
  count(except: ReadonlySet<string> = new Set()): number {
    let n = this.everything;
    for (const [t, g] of this.gens) if (!except.has(t)) n += g;
    return n;
  }

  /**
   * A token that changes whenever one of `tables` is written. A rollup (`rollup_<table>`,
   * decision 020) is written by the triggers of its table, which no statement names: it
   * changes with that table too.
   */
  snapshot(tables: readonly string[]): string {
    let s = String(this.everything);
    for (const t of tables) {
      s += `,${this.gens.get(t) ?? 0}`;
      if (t.startsWith(ROLLUP_PREFIX)) s += `:${this.gens.get(t.slice(ROLLUP_PREFIX.length)) ?? 0}`;
    }
    return s;
  }
}

type QueryArg = string | { text?: string };
interface TrackedClient extends pg.PoolClient {
  __jxTracked?: boolean;
}

/**
 * Watches every statement of the pool's clients. With `notify`, committed writes are also
 * announced to the other processes (NOTIFY is delivered at commit, with the transaction).
 */
export function trackWrites(pool: pg.Pool, gens: WriteGenerations, opts: { notify: boolean }): void {
  pool.on('connect', (raw) => {
    const client = raw as TrackedClient;
    if (client.__jxTracked) return;
    client.__jxTracked = true;
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    let inTransaction = false;
    let pending = new Set<string>();
    let pendingEverything = false;
    // The payload names this process, so that its own listener does not take its writes again.
    const announce = (tables: string[] | typeof EVERYTHING) =>
      original('select pg_notify($1, $2)', [
        NOTIFY_CHANNEL,
        `${gens.origin}:${tables === EVERYTHING ? EVERYTHING : tables.join(',')}`,
      ]);

    // Runs one statement with `after` on completion (success or failure), in either calling
    // style of node-postgres: pg-pool's own `pool.query` passes a callback.
    const run = (
      args: unknown[],
      after?: (error?: unknown) => void,
      before?: () => Promise<unknown>,
    ): unknown => {
      const cb =
        typeof args[args.length - 1] === 'function'
          ? (args.pop() as (e: unknown, r?: unknown) => void)
          : null;
      const p = (async () => {
        if (before) await before();
        let result: unknown;
        try {
          result = await (original(...args) as Promise<unknown>);
        } catch (error) {
          after?.(error ?? new Error('query failed'));
          throw error;
        }
        after?.();
        return result;
      })();
      if (!cb) return p;
      p.then(
        (r) => cb(null, r),
        (e) => cb(e),
      );
      return undefined;
    };

    client.query = ((...args: unknown[]) => {
      const first = args[0] as QueryArg & { submit?: unknown };
      if (first && typeof first === 'object' && typeof first.submit === 'function') return original(...args);
      const text = typeof first === 'string' ? first : (first?.text ?? '');
      const lower = text.trimStart().slice(0, 20).toLowerCase();
      if (/^(begin|start\s+transaction)\b/.test(lower)) {
        inTransaction = true;
        pending = new Set();
        pendingEverything = false;
        return original(...args);
      }
      if (/^(commit|end)\b/.test(lower) && inTransaction) {
        const tables = pendingEverything ? EVERYTHING : [...pending];
        const dirty = pendingEverything || pending.size > 0;
        inTransaction = false;
        pending = new Set();
        pendingEverything = false;
        if (!dirty) return original(...args);
        return run(
          args,
          () => gens.bump(tables),
          opts.notify ? () => announce(tables) as Promise<unknown> : undefined,
        );
      }
      if (/^rollback\b/.test(lower) && !/^rollback\s+to\b/.test(lower)) {
        inTransaction = false;
        pending = new Set();
        pendingEverything = false;
        return original(...args);
      }
      const written = writtenTables(text);
      if (written === null) return original(...args);
      if (inTransaction) {
        if (written === EVERYTHING) pendingEverything = true;
        else for (const t of written) pending.add(t);
        return original(...args);
      }
      // Autocommit: the write is committed when the statement completes. An error the server
      // answered (it has a SQLSTATE) rolled the statement back; any other failure (a dropped
      // connection) leaves it unknown, so it counts.
      return run(args, (error) => {
        if (error && typeof (error as { code?: unknown }).code === 'string') return;
        gens.bump(written);
        if (opts.notify) (announce(written) as Promise<unknown>).catch(() => {});
      });
    }) as typeof client.query;
  });
}

/**
 * Listens for other processes' writes on a PostgreSQL server. While the connection is down
 * `gens.trusted` is false (caches stand aside); it reconnects every few seconds.
 */
export function listenForWrites(url: string, gens: WriteGenerations): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  const down = () => {
    gens.trusted = false;
    gens.bump(EVERYTHING);
    client = null;
    if (!closed && !timer) timer = setTimeout(connect, 2000).unref();
  };
  const connect = async () => {
    timer = null;
    if (closed) return;
    const c = new pg.Client({ connectionString: url });
    c.on('error', () => {});
    c.on('end', () => {
      if (client === c) down();
    });
    c.on('notification', (msg) => {
      if (msg.channel !== NOTIFY_CHANNEL) return;
      const payload = msg.payload ?? EVERYTHING;
      const colon = payload.indexOf(':');
      if (colon >= 0 && payload.slice(0, colon) === gens.origin) return; // our own, already counted
      const tables = colon >= 0 ? payload.slice(colon + 1) : payload;
      gens.bump(tables === EVERYTHING ? EVERYTHING : tables.split(','));
    });
    try {
      await c.connect();
      await c.query(`listen ${NOTIFY_CHANNEL}`);
      client = c;
      gens.bump(EVERYTHING); // anything written while we were not listening
      gens.trusted = true;
    } catch {
      await c.end().catch(() => {});
      down();
    }
  };
  gens.trusted = false;
  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}

/** A bounded map of cached reads, each valid while the tables it read are unwritten. */
export class ReadCache {
  private readonly entries = new Map<string, { snap: string; value: unknown; at: number }>();

  constructor(
    readonly gens: WriteGenerations,
    private readonly opts: { maxEntries: number; ttlMs: number } = { maxEntries: 2000, ttlMs: 60_000 },
  ) {}

  /** The cached value of `key` if none of `tables` was written since it was read, else `load()`. */
  async read<T>(
    key: string,
    tables: readonly string[],
    load: () => Promise<T>,
    keep: (value: T) => boolean = () => true,
  ): Promise<T> {
    if (!this.gens.trusted) return load();
    const snap = this.gens.snapshot(tables);
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && hit.snap === snap && now - hit.at < this.opts.ttlMs) return hit.value as T;
    const value = await load();
    // Stored under the generations seen before the read: a write during it makes it stale.
    if (this.gens.trusted && keep(value)) {
      this.entries.delete(key);
      this.entries.set(key, { snap, value, at: now });
      if (this.entries.size > this.opts.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return value;
  }

  /** Forgets one entry (e.g. a session this process just ended). */
  forget(key: string): void {
    this.entries.delete(key);
  }
}
