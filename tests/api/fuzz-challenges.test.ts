// The fuzzer over 揭榜挂帅 (its own file, so the fuzz files run side by side), with a draft, an
// open call with an application, and open demands for the clusters, so that ids 1… exist.
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
  const e2 = await makeEnterprise(env.db, { countyCode: '330127', seq: 2 });
  await addUser(env, 'fc.admin', '330000', ['province_admin']);
  const u = await addUser(env, 'fc.craftsman', e2.uscc!, ['craftsman']);
  const c = await makeCraftsman(env.db, {
    countyCode: '330127',
    name: '模糊测试工匠',
    employerId: e2.id,
    userId: u.id,
  });
  const team = await makeServiceTeam(env.db, { orgCode: '330127', name: '模糊测试服务队', leaderId: c.id });
  for (const title of ['注塑件缩痕', '注塑件缩痕气泡'])
    await makeDemand(env.db, {
      enterpriseId: e1.id,
      title,
      description: '注塑件表面缩痕，需要优化注塑工艺',
      category: '工艺设计质量',
      state: 'published',
    });
  client = await signedIn(env, 'fc.admin');
  const craftsman = await signedIn(env, 'fc.craftsman');
  for (const publish of [false, true]) {
    const ch = await client.post('/api/zhuqi/challenges', {
      title: `模糊测试榜单 ${publish}`,
      problem: '测试',
      fundYuan: 100000,
      applyBy: '2099-06-30',
      completeBy: '2099-12-31',
    });
    expect(ch.status).toBe(201);
    if (!publish) continue;
    await client.post(`/api/zhuqi/challenges/${ch.body.id}/publish`, { version: ch.body.version });
    const a = await craftsman.post(`/api/zhuqi/challenges/${ch.body.id}/applications`, {
      applicantType: 'team',
      applicantId: team.id,
      proposal: '测试方案',
      milestones: [{ title: '一次性', amountYuan: 100000 }],
    });
    expect(a.status).toBe(201);
  }
});
afterAll(() => env.close());

describe('fuzzing 揭榜挂帅', () => {
  it('answers hostile input with 4xx and a message, never a 5xx or a stack trace, and loses nothing', async () => {
    const { requests, failures } = await fuzzApi(env, client, 'fc.admin', (p) =>
      p.startsWith('/api/zhuqi/challenge'),
    );
    if (failures.length) console.error(failures.slice(0, 10).join('\n'));
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(300);
  }, 1_500_000);
});
