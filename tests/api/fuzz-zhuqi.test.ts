// The fuzzer over 劳模工匠助企行 and notifications (their own file, so the fuzz files run side
// by side), with a little data in place so that ids 1… exist: a craftsman, a team, demands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeCraftsman,
  makeDemand,
  makeEnterprise,
  makeServiceTeam,
} from '../../src/server/features/demo/factories.ts';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';
import { fuzzApi } from '../helpers/fuzz.ts';

let env: TestEnv;
let client: Client;

beforeAll(async () => {
  env = await createTestEnv();
  const e1 = await makeEnterprise(env.db, { countyCode: '330127', seq: 1 });
  await makeEnterprise(env.db, { countyCode: '330127', seq: 2 });
  await addUser(env, 'fz.admin', '330000', ['province_admin']);
  const c = await makeCraftsman(env.db, { countyCode: '330127', name: '模糊测试工匠' });
  await makeServiceTeam(env.db, { orgCode: '330127', name: '模糊测试服务队', leaderId: c.id });
  for (const state of ['submitted', 'published', 'in_service', 'closed'] as const)
    await makeDemand(env.db, {
      enterpriseId: e1.id,
      title: `模糊测试需求 ${state}`,
      description: '测试',
      category: '节能降耗',
      state,
      server: { craftsmanId: c.id },
    });
  client = await signedIn(env, 'fz.admin');
});
afterAll(() => env.close());

describe('fuzzing 劳模工匠助企行 and notifications', () => {
  it('answers hostile input with 4xx and a message, never a 5xx or a stack trace, and loses nothing', async () => {
    const { requests, failures } = await fuzzApi(
      env,
      client,
      'fz.admin',
      // 揭榜挂帅 has its own fuzz file (fuzz-challenges.test.ts).
      (p) =>
        (p.startsWith('/api/zhuqi/') && !p.startsWith('/api/zhuqi/challenge')) ||
        p.startsWith('/api/notifications'),
    );
    if (failures.length) console.error(failures.slice(0, 10).join('\n'));
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  }, 1_500_000);
});
