// An OpenAPI-driven fuzzer: every documented operation, each of its parameters and body
// fields in turn filled with hostile values (≥ 50 cases each). No response may be a 5xx or
// carry a stack trace, and a refused write must leave the business data as it was.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { doc, fillPath } from '../helpers/openapi.ts';

const RUNS = 50;
const BUSINESS_TABLES = [
  'studios',
  'workstations',
  'academies',
  'training_sessions',
  'record_history',
  'organizations',
  'users',
  'user_roles',
  'mountain_island_lists',
  'mountain_island_members',
  'password_history',
];

let env: TestEnv;
let client: Client;
let spec: any;

async function checksum(): Promise<string> {
  const parts = await Promise.all(
    BUSINESS_TABLES.map(async (t) => {
      const r = await env.db.execute<{ h: string }>(
        sql.raw(`select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${t} x`),
      );
      return r.rows[0].h;
    }),
  );
  return parts.join(',');
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '"; drop table users; --',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '9'.repeat(400),
    '1e309',
    '-1',
    '0',
    'NaN',
    '{"a":1}',
    '２０２５',
    '浙江省总工会'.repeat(50),
    '=cmd|" /C calc"!A0',
  ),
);
const hostile = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything(), { maxKeys: 4 }),
  fc.bigInt().map((b) => b.toString()),
);

/** A plausible value for a schema, so that the field under test is the one that fails. */
function plausible(schema: any): fc.Arbitrary<unknown> {
  if (!schema) return fc.constant(undefined);
  if (schema.$ref) return plausible(spec.components.schemas[schema.$ref.split('/').pop()]);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(plausible));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
      return fc.integer({ min: 1, max: 300 });
    case 'number':
      return fc.double({ min: 0, max: 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausible(schema.items), { maxLength: 2 });
    case 'object': {
      const props = schema.properties ?? {};
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, plausible(v)])), {
        requiredKeys: schema.required ?? [],
      });
    }
    default:
      return fc.string({ maxLength: 20 });
  }
}

function bodySchema(op: any) {
  const s = op.requestBody?.content?.['application/json']?.schema;
  if (!s) return null;
  return s.$ref ? spec.components.schemas[s.$ref.split('/').pop()] : s;
}

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 1; i <= 3; i++) await makeEnterprise(env.db, { countyCode: '330127', seq: i });
  await addUser(env, 'fz.admin', '330000', ['province_admin']);
  client = await signedIn(env, 'fz.admin');
  spec = await doc(env);
});
afterAll(() => env.close());

describe('fuzzing every operation', () => {
  it('answers hostile input with 4xx and a message, never a 5xx or a stack trace, and loses nothing', async () => {
    let requests = 0;
    let known: string | null = null; // checksum of the business data as last measured
    const failures: string[] = [];
    for (const [path, ops] of Object.entries<any>(spec.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const params: any[] = op.parameters ?? [];
        const body = bodySchema(op);
        const fields: { where: 'path' | 'query' | 'body'; name: string; schema: any }[] = [
          ...params.map((p) => ({ where: p.in, name: p.name, schema: p.schema })),
          ...Object.entries<any>(body?.properties ?? {}).map(([name, schema]) => ({
            where: 'body' as const,
            name,
            schema,
          })),
        ];
        if (body) fields.push({ where: 'body', name: '__whole__', schema: null });
        for (const field of fields) {
          await fc.assert(
            fc.asyncProperty(hostile, plausible(body), async (value, baseBody) => {
              const pathValues: Record<string, unknown> = { id: 1, year: 2025 };
              const query = new URLSearchParams();
              for (const p of params) {
                if (p.in === 'query' && field.name !== p.name) continue;
                if (p.in === 'path' && field.name !== p.name) continue;
                const v = typeof value === 'string' ? value : JSON.stringify(value);
                if (p.in === 'path') pathValues[p.name] = encodeURIComponent(v ?? '');
                else query.set(p.name, v ?? '');
              }
              let payload: unknown;
              if (body) {
                payload =
                  field.name === '__whole__'
                    ? value
                    : { ...(baseBody as object), ...(field.where === 'body' ? { [field.name]: value } : {}) };
              }
              const url = `${fillPath(path, pathValues as Record<string, string>)}${query.size ? `?${query}` : ''}`;
              const isWrite = method !== 'get';
              if (isWrite && known === null) known = await checksum();
              const before = isWrite ? known : '';
              const res = await client.request(
                method.toUpperCase(),
                url,
                isWrite ? (payload ?? {}) : undefined,
              );
              requests++;
              if (res.status >= 500 || /\bat .+\.(ts|js):\d+/.test(res.text)) {
                failures.push(
                  `${method.toUpperCase()} ${url} ${JSON.stringify(payload)?.slice(0, 200)} → ${res.status} ${res.text.slice(0, 200)}`,
                );
              }
              if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
                expect(typeof res.body.error?.message).toBe('string');
              }
              if (isWrite && res.status >= 400) {
                const after = await checksum();
                if (after !== before) {
                  failures.push(`${method.toUpperCase()} ${url} refused (${res.status}) but changed data`);
                }
                known = after;
              } else if (isWrite) {
                known = null; // an accepted write changes the data: measure afresh next time
              }
              if (res.status === 401) {
                await client.login('fz.admin'); // a fuzzed logout ended the session
                known = null; // signing in touches the user row
              }
            }),
            { numRuns: RUNS },
          );
        }
      }
    }
    if (failures.length) console.error(failures.slice(0, 10).join('\n'));
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  }, 600_000);

  it('refuses malformed JSON, wrong content types and arrays in place of objects', async () => {
    const u = (await client.get('/api/users?pageSize=1')).body.items[0];
    for (const raw of ['{', '[]', '"text"', 'null', '{"version":1,"displayName":"x"}}']) {
      const res = await client.request('PATCH', `/api/users/${u.id}`, raw);
      expect(res.status, raw).toBeGreaterThanOrEqual(400);
      expect(res.status, raw).toBeLessThan(500);
    }
    const form = await client.request('POST', '/api/users', 'a=1', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(form.status).toBeLessThan(500);
  });
});
