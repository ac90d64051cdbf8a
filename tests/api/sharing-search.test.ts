// Search quality: the written queries (each names an achievement's subject in other words than
// its title) against the corpus among generated distractors of the same vocabulary.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnterprise } from '../../src/server/features/demo/factories.ts';
import { SEARCH_QUERIES } from '../../src/server/features/sharing/sharing.corpus.ts';
import { makeAchievement } from '../../src/server/features/sharing/sharing.factories.ts';
import { loadAchievements, top5HitRate } from '../../src/server/features/sharing/sharing.search-bench.ts';
import { queryGroups, searchVector, tokenize } from '../../src/server/features/sharing/sharing.search.ts';
import { Client, createTestEnv, type TestEnv } from '../helpers/app.ts';

let env: TestEnv;
let ids: Map<string, number>;

beforeAll(async () => {
  env = await createTestEnv();
  const orgs: number[] = [];
  for (const code of ['330127', '330106'])
    for (let s = 1; s <= 3; s++) orgs.push((await makeEnterprise(env.db, { countyCode: code, seq: s })).id);
  ids = await loadAchievements(env.db, 5000, orgs);
});
afterAll(() => env.close());

describe('Chinese search', () => {
  it('keeps domain words whole and drops noise', () => {
    expect(tokenize('数控车床主轴热变形补偿装置')).toEqual(
      expect.arrayContaining(['数控车床', '主轴', '热变形']),
    );
    expect(tokenize('一种用于焊接的装置')).not.toContain('一种');
    expect(searchVector('焊接机器人', '')).toMatch(/'焊接机器人':\d+A/);
    expect(queryGroups('机床发热').flat()).toEqual(expect.arrayContaining(['温升', '热变形']));
  });

  it(`finds the right achievement in the top 5 for ≥ 85 % of ${SEARCH_QUERIES.length} queries in other words`, async () => {
    expect(SEARCH_QUERIES.length).toBeGreaterThanOrEqual(30);
    const { rate, misses } = await top5HitRate(env.db, ids);
    console.log(`search_top5_hit_rate (5,000 rows) = ${rate.toFixed(3)}; misses: ${misses.join('; ')}`);
    expect(rate).toBeGreaterThanOrEqual(0.85);
  });

  it('lexeme frequencies follow inserts (trigger), and the public search finds a new achievement at once', async () => {
    const before = Number(
      (await env.db.execute<{ df: number }>(sql`select df from achievement_lexemes where lexeme = '#docs'`))
        .rows[0].df,
    );
    const [org] = (
      await env.db.execute<{ id: number }>(
        sql`select id from organizations where kind = 'enterprise' limit 1`,
      )
    ).rows;
    const a = await makeAchievement(env.db, {
      enterpriseId: Number(org.id),
      item: {
        key: 'x',
        title: '茶园除草机器人',
        category: 'wx-invention',
        description: '履带底盘沿茶垄行走，旋耕刀去除杂草。',
        benefit: 3,
      },
    });
    const after = Number(
      (await env.db.execute<{ df: number }>(sql`select df from achievement_lexemes where lexeme = '#docs'`))
        .rows[0].df,
    );
    expect(after).toBe(before + 1);
    const res = await new Client(env).get(
      `/api/public/achievements?q=${encodeURIComponent('茶叶种植园杂草清除')}`,
    );
    expect(res.body.items[0].id).toBe(a.id);
  });

  it('answers a query of nothing searchable with an empty page, not an error', async () => {
    const res = await new Client(env).get(`/api/public/achievements?q=${encodeURIComponent('的了和')}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    // tsquery syntax and quotes in a query are words, never operators.
    for (const q of ["焊接' | '", "\\' & !(", 'a:*B <-> 焊接']) {
      const r = await new Client(env).get(`/api/public/achievements?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
    }
  });
});
