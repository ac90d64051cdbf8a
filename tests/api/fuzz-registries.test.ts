// The fuzzer over every registry's operations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { fuzzApi } from '../helpers/fuzz.ts';
import { createOneOfEach } from '../helpers/registries.ts';

let env: TestEnv;
let client: Client;

beforeAll(async () => {
  env = await createTestEnv();
  const e = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  await addUser(env, 'fz.admin', '330000', ['province_admin']);
  client = await signedIn(env, 'fz.admin');
  await createOneOfEach(client, e.id); // records for the {id} routes to find
});
afterAll(() => env.close());

describe('fuzzing every registry operation', () => {
  it('answers hostile input with 4xx and a message, never a 5xx or a stack trace, and loses nothing', async () => {
    const { requests, failures } = await fuzzApi(env, client, 'fz.admin', (p) =>
      p.startsWith('/api/registries/'),
    );
    if (failures.length) console.error(failures.slice(0, 10).join('\n'));
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(5000);
  }, 900_000);
});
