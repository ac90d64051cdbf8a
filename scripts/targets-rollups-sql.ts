// Prints the SQL that creates the rollups of decision 020 (tables, trigger functions, triggers,
// first fill) from ROLLUPS: `npx tsx scripts/targets-rollups-sql.ts > drizzle/<custom migration>.sql`.
// A change of ROLLUPS needs a new custom migration with the changed sources' SQL.
// With `--refill`: the statements that refill every rollup from its records, in the platform's
// time zone (migration 0020, decision 026).
import { PLATFORM_TIME_ZONE } from '../src/server/db/time-zone.ts';
import { rollupsMigrationSql, rollupsRefillSql } from '../src/server/features/targets/rollups.ts';

if (process.argv.includes('--refill')) {
  const statements = [
    'SET LOCAL statement_timeout = 0',
    `SET LOCAL TIME ZONE '${PLATFORM_TIME_ZONE}'`,
    ...rollupsRefillSql(),
  ];
  process.stdout.write(`${statements.join(';\n--> statement-breakpoint\n')};\n`);
} else {
  process.stdout.write(rollupsMigrationSql());
}
