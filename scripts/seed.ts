// `npm run seed -- --scale N [--records U] [--data-dir D]`: grows the demo province for benchmarks to
// 5 × N enterprises per county (90 counties), with the demo accounts, and the registries to
// U units of records (≈ 1,100 each; 2,800 ≈ 3,000,000 records). Idempotent: a database
// already seeded at a smaller scale gets only the missing enterprises.
import { parseArgs } from 'node:util';
import { inArray, sql } from 'drizzle-orm';
import { DIVISIONS } from '#shared/orgs.ts';
import type { Db } from '../src/server/db/client.ts';
import { organizations } from '../src/server/db/schema/orgs.ts';
import { seedDemo } from '../src/server/features/demo/demo.seed.ts';
import { makeEnterprise, makeUscc } from '../src/server/features/demo/factories.ts';
import { RECORDS_PER_UNIT, seedRecords } from '../src/server/features/demo/records.seed.ts';
import { openFromEnv, progressBar, run, say } from './lib/cli.ts';

async function topUp(db: Db, perCounty: number, progress: (done: number, total: number) => void) {
  const counties = DIVISIONS.filter((d) => d.level === 'county');
  const total = counties.length * perCounty;
  let done = 0;
  let added = 0;
  for (const c of counties) {
    const wanted = Array.from({ length: perCounty }, (_, i) => ({
      seq: i + 1,
      uscc: makeUscc(c.code, i + 1),
    }));
    const have = new Set(
      (
        await db
          .select({ code: organizations.code })
          .from(organizations)
          .where(
            inArray(
              organizations.code,
              wanted.map((w) => w.uscc),
            ),
          )
      ).map((r) => r.code),
    );
    const missing = wanted.filter((w) => !have.has(w.uscc));
    if (missing.length) {
      await db.transaction(async (tx) => {
        for (const w of missing)
          await makeEnterprise(tx as unknown as Db, { countyCode: c.code, seq: w.seq });
      });
      added += missing.length;
    }
    done += perCounty;
    progress(done, total);
  }
  return added;
}

/** Grows the registries to `units` × RECORDS_PER_UNIT (≈ 1,100 records a unit). */
async function topUpRecords(db: Db, units: number) {
  const [{ n }] = (await db.execute(sql`select count(*)::int as n from training_sessions`)).rows as {
    n: number;
  }[];
  const have = n / RECORDS_PER_UNIT.training_sessions;
  if (have >= units * 0.95)
    return say(`台账记录已足够（约 ${Math.round(have)} 单位）/ records already there`);
  const missing = Math.round(units - have);
  say(
    `正在生成台账记录：${missing} 单位（约 ${(missing * 1060).toLocaleString()} 条）… / generating registry records…`,
  );
  const t = performance.now();
  // In chunks, so the progress shows and no single statement holds everything: 50 units are
  // 20,000 training sessions, whose insert and rollup (decision 020) stay well within
  // PostgreSQL's 5 s statement timeout on a loaded machine (100 units came close to it).
  const chunk = 50;
  for (let done = 0; done < missing; done += chunk) {
    await seedRecords(db, { scale: Math.min(chunk, missing - done) });
    say(
      `  ${Math.min(done + chunk, missing)} / ${missing}（${((performance.now() - t) / 1000).toFixed(0)} s）`,
    );
  }
  await db.execute(sql`analyze`);
}

run(async () => {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', short: 's' },
      records: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const scale = Number(values.scale ?? '1');
  if (values.help || !Number.isInteger(scale) || scale < 1 || scale > 10_000) {
    console.log(
      '用法 / usage: npm run seed -- --scale N [--records U] [--data-dir DIR]   (N ≥ 1: 每县 5×N 家企业 / 5×N enterprises per county; U: 台账记录单位数，每单位约 1,100 条 / registry records in units of ≈ 1,100)',
    );
    return values.help ? 0 : 2;
  }
  const { database } = await openFromEnv({ dataDir: values['data-dir'] });
  try {
    const started = performance.now();
    const bar = progressBar('企业 / enterprises');
    const created = await seedDemo(database.db, { scale, log: say, progress: bar });
    const added = created ? 0 : await topUp(database.db, 5 * scale, bar);
    const records = Number(values.records ?? '0');
    if (records > 0) await topUpRecords(database.db, records);
    const [{ n }] = (
      await database.pool.query<{ n: number }>(
        `select count(*)::int as n from organizations where kind = 'enterprise'`,
      )
    ).rows;
    say(
      `${created ? '已创建演示数据' : `已补充 ${added} 家企业`}，共 ${n} 家企业，用时 ${((performance.now() - started) / 1000).toFixed(1)} s / ` +
        `${created ? 'seeded' : `added ${added}`}; ${n} enterprises`,
    );
  } finally {
    await database.shutdown();
  }
});
