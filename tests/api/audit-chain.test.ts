// The audit trail is append-only (the database refuses UPDATE, DELETE, TRUNCATE) and
// tamper-evident: a one-byte change to any field of any row is found by the verifier,
// in-process and through `npm run audit:verify`.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../../src/server/features/demo/factories.ts';
import { configureAuditKey, verifyAuditChain, writeAudit } from '../../src/server/lib/audit.ts';
import { systemClock } from '../../src/server/lib/clock.ts';
import { addUser, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { runScript } from '../helpers/processes.ts';

const KEY = 'audit-chain-test-key-0123456789abcdef';
let env: TestEnv;
let ids: number[] = [];

beforeAll(async () => {
  configureAuditKey(KEY);
  env = await createTestEnv();
  await addUser(env, 'audit.admin', '330000', ['province_admin']);
  const c = await signedIn(env, 'audit.admin');
  const tree = await c.get('/api/orgs/tree');
  const county = (function find(nodes: { code: string; id: number; children?: unknown[] }[]): number | null {
    for (const n of nodes) {
      if (n.code === '330127') return n.id;
      const inner = find((n.children ?? []) as never);
      if (inner) return inner;
    }
    return null;
  })(tree.body);
  expect(county).not.toBeNull();
  for (let i = 1; i <= 3; i++) {
    const res = await c.post('/api/orgs/enterprises', {
      countyId: county,
      name: `审计链测试企业${i}号有限公司`,
      uscc: makeUscc('330127', 700 + i),
      industryDivision: '34',
    });
    expect(res.status, res.text).toBe(201);
  }
  // And one written directly, with a detail object whose key order the database may change.
  await writeAudit(
    { db: env.db, actor: null, clock: systemClock, ip: '127.0.0.1', requestId: 'direct-1', userAgent: null },
    {
      event: 'test.direct',
      objectType: 'thing',
      objectId: 42,
      detail: { zeta: 1, alpha: ['二', 3], nested: { b: true, a: null } },
    },
  );
  ids = (await env.database.pool.query<{ id: number }>('select id from audit_log order by id')).rows.map(
    (r) => Number(r.id),
  );
}, 120_000);

afterAll(() => env?.close());

const dataDir = join(tmpdir(), 'jx-audit-verify-none');
const url = () =>
  (env.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;

/** What a superuser could do behind the application's back. */
async function tamper(id: number, setClause: string) {
  const pool = env.database.pool;
  await pool.query('alter table audit_log disable trigger audit_log_no_update');
  try {
    const r = await pool.query(`update audit_log set ${setClause} where id = $1`, [id]);
    expect(r.rowCount).toBe(1);
  } finally {
    await pool.query('alter table audit_log enable trigger audit_log_no_update');
  }
}

// Each changes one field by one byte (one bit of its last character) or by one unit;
// a missing value gets one. (`at` is hashed to the millisecond, as it is written.)
const flipLast = (col: string) =>
  `${col} = case when ${col} is null or ${col} = '' then 'x' ` +
  `else overlay(${col} placing chr(ascii(right(${col}, 1)) # 1) from char_length(${col}) for 1) end`;
const TAMPERS: Record<string, string> = {
  at: `at = at + interval '1 millisecond'`,
  user_id: 'user_id = coalesce(user_id, 0) # 1',
  username: flipLast('username'),
  org_id: 'org_id = coalesce(org_id, 0) # 1',
  ip: flipLast('ip'),
  event: flipLast('event'),
  object_type: flipLast('object_type'),
  object_id: flipLast('object_id'),
  result: flipLast('result'),
  request_id: flipLast('request_id'),
  detail: `detail = jsonb_set(coalesce(detail, '{}'::jsonb), '{tampered}', 'true'::jsonb)`,
  prev_hash: flipLast('prev_hash'),
  hash: flipLast('hash'),
};

describe('audit chain', () => {
  it('verifies a chain written through the API and directly', async () => {
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const r = await verifyAuditChain(env.db);
    expect(r).toEqual({ ok: true, checked: ids.length, firstBadId: null, reason: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    const pool = env.database.pool;
    await expect(pool.query(`update audit_log set event = 'x' where id = $1`, [ids[0]])).rejects.toThrow(
      /append-only/,
    );
    await expect(pool.query('delete from audit_log where id = $1', [ids[0]])).rejects.toThrow(/append-only/);
    await expect(pool.query('truncate audit_log')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(env.db)).ok).toBe(true);
    expect((await pool.query('select count(*)::int as n from audit_log')).rows[0].n).toBe(ids.length);
  });

  it('finds a one-byte change in any field of a row, and names the row', async () => {
    const pool = env.database.pool;
    for (const target of [ids[1], ids[ids.length - 1]]) {
      const original = (await pool.query('select * from audit_log where id = $1', [target])).rows[0];
      for (const [field, change] of Object.entries(TAMPERS)) {
        await tamper(target, change);
        const r = await verifyAuditChain(env.db);
        expect({ field, ok: r.ok, firstBadId: r.firstBadId }).toEqual({
          field,
          ok: false,
          firstBadId: target,
        });
        // Put the original back: the chain is whole again.
        await pool.query('alter table audit_log disable trigger audit_log_no_update');
        await pool.query(
          `update audit_log set at = $2, user_id = $3, username = $4, org_id = $5, ip = $6, event = $7, object_type = $8,
             object_id = $9, result = $10, request_id = $11, detail = $12, prev_hash = $13, hash = $14 where id = $1`,
          [
            target,
            original.at,
            original.user_id,
            original.username,
            original.org_id,
            original.ip,
            original.event,
            original.object_type,
            original.object_id,
            original.result,
            original.request_id,
            original.detail === null ? null : JSON.stringify(original.detail),
            original.prev_hash,
            original.hash,
          ],
        );
        await pool.query('alter table audit_log enable trigger audit_log_no_update');
        expect((await verifyAuditChain(env.db)).ok, `restored after ${field}`).toBe(true);
      }
    }
  });

  it('finds a deleted row in the middle of the chain', async () => {
    const pool = env.database.pool;
    const victim = ids[2];
    const row = (await pool.query('select * from audit_log where id = $1', [victim])).rows[0];
    await pool.query('alter table audit_log disable trigger audit_log_no_update');
    await pool.query('delete from audit_log where id = $1', [victim]);
    await pool.query('alter table audit_log enable trigger audit_log_no_update');
    const r = await verifyAuditChain(env.db);
    expect(r.ok).toBe(false);
    expect(r.firstBadId).toBe(ids[3]);
    await pool.query(
      `insert into audit_log (id, at, user_id, username, org_id, ip, event, object_type, object_id, result, request_id, detail, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        row.id,
        row.at,
        row.user_id,
        row.username,
        row.org_id,
        row.ip,
        row.event,
        row.object_type,
        row.object_id,
        row.result,
        row.request_id,
        row.detail === null ? null : JSON.stringify(row.detail),
        row.prev_hash,
        row.hash,
      ],
    );
    expect((await verifyAuditChain(env.db)).ok).toBe(true);
  });

  it('npm run audit:verify says intact (exit 0), then names the tampered row (exit 1)', async () => {
    const cli = () =>
      runScript('scripts/audit-verify.ts', [], {
        DATABASE_URL: url(),
        AUDIT_HMAC_KEY: KEY,
        DATA_DIR: dataDir,
      });
    const ok = await cli();
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`intact: ${ids.length} rows`));

    await tamper(ids[1], flipLast('event'));
    const bad = await cli();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`BROKEN at row id ${ids[1]}\\b`));

    // Without the key it refuses to guess rather than report every row as forged.
    const noKey = await runScript('scripts/audit-verify.ts', [], { DATABASE_URL: url(), DATA_DIR: dataDir });
    expect(noKey.status).toBe(1);
    expect(noKey.stderr).toMatch(/AUDIT_HMAC_KEY/);
  }, 240_000);
});
