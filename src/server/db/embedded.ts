// Starts the embedded database child process and waits until it serves on loopback.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TS_RUNTIME } from '../node-flags.ts';
import { assertDataDirFree } from './data-dir-lock.ts';
import type { ChildMessage } from './pglite-process.ts';

export interface EmbeddedDatabase {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export class EmbeddedStartError extends Error {
  constructor(
    message: string,
    public readonly code: 'LOCKED' | 'FAILED',
  ) {
    super(message);
  }
}

export function startEmbeddedDatabase(
  dataDir: string,
  onProgress: (message: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  try {
    // Fail before paying for a child process when another server holds the directory.
    assertDataDirFree(dataDir);
  } catch (err) {
    return Promise.reject(new EmbeddedStartError((err as Error).message, 'LOCKED'));
  }
  const entry = fileURLToPath(new URL('./pglite-process.ts', import.meta.url));
  const child = fork(entry, [], {
    execArgv: ['--import', TS_RUNTIME],
    env: { ...process.env, JX_DATA_DIR: dataDir, JX_OWNER_PID: String(process.pid) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(
        new EmbeddedStartError(
          `嵌入式数据库进程意外退出（${code}） / embedded database exited (${code})`,
          'FAILED',
        ),
      );
    child.once('exit', onExit);
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'progress') onProgress(m.message);
      else if (m.type === 'error') {
        child.off('exit', onExit);
        reject(new EmbeddedStartError(m.message, m.code));
      } else if (m.type === 'ready') {
        child.off('exit', onExit);
        resolve({
          url: `postgres://postgres:postgres@127.0.0.1:${m.port}/postgres`,
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.send({ type: 'close' });
              // A database that will not close in 10 s is stopped the hard way; PGlite survives it.
              setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
            }),
        });
      }
    });
  });
}
