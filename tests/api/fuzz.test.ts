// The fuzzer over the platform's own operations (registries have their own file, so that
// the two run side by side).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { fuzzApi } from '../helpers/fuzz.ts';

let env: TestEnv;
let client: Client;

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 1; i <= 3; i++) await makeEnterprise(env.db, { countyCode: '330127', seq: i });
  await addUser(env, 'fz.admin', '330000', ['province_admin']);
  client = await signedIn(env, 'fz.admin');
});
afterAll(() => env.close());

describe('fuzzing every operation but the registries', () => {
  it('answers hostile input with 4xx and a message, never a 5xx or a stack trace, and loses nothing', async () => {
    const { requests, failures } = await fuzzApi(
      env,
      client,
      'fz.admin',
      // Registries and 劳模工匠助企行 have their own files, run side by side.
      (p) =>
        !p.startsWith('/api/registries/') &&
        !p.startsWith('/api/zhuqi/') &&
        !p.startsWith('/api/notifications'),
    );
    if (failures.length) console.error(failures.slice(0, 10).join('\n'));
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  }, 900_000);

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
