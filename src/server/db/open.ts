// Opens the platform's database: the embedded PGlite under DATA_DIR, or the PostgreSQL
// server of DATABASE_URL; applies the migrations and the province's reference data.
import { sql } from 'drizzle-orm';
import { ensureReferenceData } from '../features/orgs/reference-data.ts';
import { ensureCourseCatalogue } from '../features/registries/courses.seed.ts';
import { connect, type Database, migrateDatabase } from './client.ts';
import { startEmbeddedDatabase } from './embedded.ts';

export interface OpenedDatabase extends Database {
  /** Closes the pool and, in embedded mode, the database process. */
  shutdown(): Promise<void>;
}

export async function openDatabase(opts: {
  dataDir: string;
  databaseUrl?: string;
  production?: boolean;
  log?: (message: string) => void;
}): Promise<OpenedDatabase> {
  const log = opts.log ?? (() => {});
  let database: Database;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (opts.databaseUrl) {
    database = connect(opts.databaseUrl, 'postgres');
    const fsync = (await database.db.execute<{ fsync: string }>(sql`show fsync`)).rows[0]?.fsync;
    if (fsync === 'off') {
      if (opts.production) {
        await database.close();
        throw new Error(
          'PostgreSQL 的 fsync 已关闭，生产环境拒绝启动 / refusing to start in production with fsync=off',
        );
      }
      log('警告：PostgreSQL 的 fsync 已关闭，断电可能丢失数据 / warning: fsync is off');
    }
  } else {
    const embedded = await startEmbeddedDatabase(opts.dataDir, log);
    database = connect(embedded.url, 'pglite');
    stopEmbedded = embedded.stop;
  }
  log('正在应用数据库迁移… / applying migrations…');
  await migrateDatabase(database.db);
  await ensureReferenceData(database.db);
  await ensureCourseCatalogue(database.db);
  return {
    ...database,
    async shutdown() {
      await database.close();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
