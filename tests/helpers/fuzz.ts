// An OpenAPI-driven fuzzer: every documented operation, each of its parameters and body
// fields in turn filled with hostile values (≥ 50 cases each). No response may be a 5xx or
// carry a stack trace, and a refused write must leave the business data as it was.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Client, TestEnv } from './app.ts';
import { doc, fillPath } from './openapi.ts';

export const RUNS = 50;

// Tables that only log (audit, sessions, stored responses) may change on a refused request.
const LOG_TABLES = new Set(['audit_log', 'login_log', 'sessions', 'idempotency_keys', 'import_results']);

let tablesSql: ReturnType<typeof sql.raw> | null = null;

/** One digest of every business table, in one round trip. */
async function checksum(env: TestEnv): Promise<string> {
  if (!tablesSql) {
    const tables = (
      await env.db.execute<{ t: string }>(
        sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`,
      )
    ).rows
      .map((r) => r.t)
      .filter((t) => !LOG_TABLES.has(t));
    tablesSql = sql.raw(
      tables
        .map(
          (t) =>
            `select '${t}' as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`,
        )
        .join(' union all '),
    );
  }
  const r = await env.db.execute<{ h: string }>(
    sql`select string_agg(h, ',' order by t) as h from (${tablesSql}) d`,
  );
  return r.rows[0].h;
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

/** Walks the documented operations whose path passes `include`; returns the failures seen. */
export async function fuzzApi(
  env: TestEnv,
  client: Client,
  username: string,
  include: (path: string) => boolean,
) {
  const spec = await doc(env);
  const resolve = (s: any) => (s?.$ref ? spec.components.schemas[s.$ref.split('/').pop()] : s);

  // A plausible value for a schema, so that the field under test is the one that fails.
  const plausible = (schema: any): fc.Arbitrary<unknown> => {
    schema = resolve(schema);
    if (!schema) return fc.constant(undefined);
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
  };

  let requests = 0;
  const failures: string[] = [];
  // Did a refused write change anything? Per request, the app's write tracking answers
  // (decision 013: a committed INSERT/UPDATE/DELETE to any business table counts); per field,
  // an independent digest of every business table, when none of its cases was an accepted write.
  const committedWrites = () => env.database.reads.gens.count(LOG_TABLES);
  for (const [path, ops] of Object.entries<any>(spec.paths)) {
    if (!include(path)) continue;
    for (const [method, op] of Object.entries<any>(ops)) {
      const params: any[] = op.parameters ?? [];
      const body = resolve(op.requestBody?.content?.['application/json']?.schema);
      const fields: { where: string; name: string }[] = [
        ...params.map((p) => ({ where: p.in, name: p.name })),
        ...Object.keys(body?.properties ?? {}).map((name) => ({ where: 'body', name })),
      ];
      if (body) fields.push({ where: 'body', name: '__whole__' });
      for (const field of fields) {
        const isWrite = method !== 'get';
        const digestBefore = isWrite ? await checksum(env) : '';
        let accepted = 0;
        await fc.assert(
          fc.asyncProperty(hostile, plausible(body), async (value, baseBody) => {
            const pathValues: Record<string, string> = { id: '1', year: '2025' };
            const query = new URLSearchParams();
            const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
            for (const p of params) {
              if (field.name !== p.name) continue;
              if (p.in === 'path') pathValues[p.name] = encodeURIComponent(text);
              else query.set(p.name, text);
            }
            let payload: unknown;
            if (body) {
              payload =
                field.name === '__whole__'
                  ? value
                  : { ...(baseBody as object), ...(field.where === 'body' ? { [field.name]: value } : {}) };
            }
            const url = `${fillPath(path, pathValues)}${query.size ? `?${query}` : ''}`;
            const writesBefore = committedWrites();
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
            if (isWrite && res.status >= 400 && committedWrites() !== writesBefore) {
              failures.push(`${method.toUpperCase()} ${url} refused (${res.status}) but committed a write`);
            } else if (isWrite && res.status < 400) {
              accepted++;
            }
            if (res.status === 401) {
              await client.login(username); // a fuzzed logout ended the session
              accepted++; // signing in touches the user row
            }
          }),
          { numRuns: RUNS },
        );
        if (isWrite && accepted === 0 && (await checksum(env)) !== digestBefore) {
          failures.push(`${method.toUpperCase()} ${path} (${field.name}): refused writes changed data`);
        }
      }
    }
  }
  return { requests, failures };
}
