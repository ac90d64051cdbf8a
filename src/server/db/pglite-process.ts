// Child process that owns the embedded database: it takes the data-directory lock, opens
// PGlite and serves the PostgreSQL wire protocol on loopback, so the app's event loop is
// never blocked by a query and the app speaks to PGlite and PostgreSQL with one driver.
import { join } from 'node:path';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock.ts';
import { openPglite } from './pglite.ts';

export type ChildMessage =
  | { type: 'progress'; message: string }
  | { type: 'ready'; port: number }
  | { type: 'error'; code: 'LOCKED' | 'FAILED'; message: string };

const send = (m: ChildMessage) => process.send?.(m);

async function main() {
  const dataDir = process.env.JX_DATA_DIR;
  const ownerPid = Number(process.env.JX_OWNER_PID || process.ppid);
  if (!dataDir) throw new Error('JX_DATA_DIR is not set');
  let release: () => void;
  try {
    release = acquireDataDirLock(dataDir, ownerPid);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      send({ type: 'error', code: 'LOCKED', message: err.message });
      process.exit(3);
    }
    throw err;
  }
  const pgdata = join(dataDir, 'pgdata');
  send({
    type: 'progress',
    message: '正在打开嵌入式数据库（首次启动需初始化，约需十余秒）… / Opening the embedded database…',
  });
  const db = await openPglite(pgdata);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  send({ type: 'ready', port });

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    try {
      await server.stop();
      await db.close();
    } finally {
      release();
      process.exit(0);
    }
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
  // The app is gone (even by kill -9): close cleanly rather than linger holding the lock.
  process.on('disconnect', close);
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'close') void close();
  });
}

main().catch((err) => {
  send({ type: 'error', code: 'FAILED', message: String(err?.stack ?? err) });
  process.exit(1);
});
