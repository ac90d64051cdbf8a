// Prints the SQL that creates the rollups of decision 020 (tables, trigger functions, triggers,
// first fill) from ROLLUPS: `npx tsx scripts/targets-rollups-sql.ts > drizzle/<custom migration>.sql`.
// A change of ROLLUPS needs a new custom migration with the changed sources' SQL.
import { rollupsMigrationSql } from '../src/server/features/targets/rollups.ts';

process.stdout.write(rollupsMigrationSql());
