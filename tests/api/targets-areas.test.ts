// The cockpit's map endpoint: one metric for every city and county below an organisation,
// in the caller's scope only; numbers move when records are added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, type Client, createTestEnv, signedIn, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let province: Client;
let hangzhou: Client;
let chunan: Client;
const END = '2025-12-31';

type Area = { org: { code: string; kind: string }; parentCode: string | null; actual: number | null };

async function areas(client: Client, key: string, org?: string) {
  const q = new URLSearchParams({ asOf: END });
  if (org) q.set('org', org);
  return client.get(`/api/plans/2025/metrics/${key}/areas?${q}`);
}

beforeAll(async () => {
  env = await createTestEnv();
  await addUser(env, 'p.admin', '330000', ['province_admin']);
  await addUser(env, 'hz.admin', '330100', ['city_admin']);
  await addUser(env, 'ca.admin', '330127', ['county_admin']);
  province = await signedIn(env, 'p.admin');
  hangzhou = await signedIn(env, 'hz.admin');
  chunan = await signedIn(env, 'ca.admin');
});
afterAll(() => env.close());

describe('GET /api/plans/{year}/metrics/{key}/areas', () => {
  it('gives the province every city and county, each county with its city', async () => {
    const res = await areas(province, 'county_academy_coverage');
    expect(res.status, res.text).toBe(200);
    const items = res.body.items as Area[];
    expect(items.filter((i) => i.org.kind === 'city')).toHaveLength(11);
    const counties = items.filter((i) => i.org.kind === 'county');
    expect(counties).toHaveLength(90);
    expect(counties.find((c) => c.org.code === '330127')?.parentCode).toBe('330100');
    expect(res.body.metric).toMatchObject({ key: 'county_academy_coverage', kind: 'coverage' });
  });

  it('colours a county once a record makes its number', async () => {
    const before = (await areas(province, 'county_academy_coverage')).body.items as Area[];
    expect(before.find((c) => c.org.code === '330127')?.actual).toBe(0);
    const academy = await chunan.post('/api/registries/academies', {
      name: '淳安县工匠学院（地图）',
      kind: 'academy',
      level: 'county',
      yearEstablished: 2024,
    });
    expect(academy.status, academy.text).toBe(201);
    const after = (await areas(province, 'county_academy_coverage')).body.items as Area[];
    expect(after.find((c) => c.org.code === '330127')?.actual).toBe(1);
    expect(after.find((c) => c.org.code === '330106')?.actual).toBe(0);
    expect(after.find((c) => c.org.code === '330100')?.actual).toBeCloseTo(1 / 13);
  });

  it('keeps a city to its own counties and a county to itself', async () => {
    const hz = (await areas(hangzhou, 'exchange_activity_coverage')).body.items as Area[];
    expect(hz.filter((i) => i.org.kind === 'city').map((i) => i.org.code)).toEqual(['330100']);
    expect(hz.filter((i) => i.org.kind === 'county')).toHaveLength(13);
    expect(hz.filter((i) => i.org.kind === 'county').every((i) => i.parentCode === '330100')).toBe(true);
    expect(hz.every((i) => i.org.code.startsWith('3301'))).toBe(true);
    const ca = (await areas(chunan, 'exchange_activity_coverage')).body.items as Area[];
    expect(ca.map((i) => i.org.code)).toEqual(['330127']);
    // Another scope's organisation answers 404, as everywhere.
    expect((await areas(chunan, 'exchange_activity_coverage', '330100')).status).toBe(404);
    expect((await areas(hangzhou, 'exchange_activity_coverage', '330200')).status).toBe(404);
  });

  it('answers 404 for an unknown metric and 400 for a date outside the year', async () => {
    expect((await areas(province, 'no_such_metric')).status).toBe(404);
    const bad = await province.get('/api/plans/2025/metrics/service_teams/areas?asOf=2024-12-31');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('2025');
  });
});
