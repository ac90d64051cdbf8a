// One process per embedded data directory: PGlite takes no lock of its own, and two
// processes on one directory silently lose writes. The lock file names its holder.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  ownerPid: number;
  startedAt: string;
  command: string;
}

export class DataDirLockedError extends Error {
  constructor(
    public readonly dir: string,
    public readonly holder: LockInfo,
  ) {
    super(
      `数据目录 ${dir} 正被进程 ${holder.ownerPid}（数据库进程 ${holder.pid}，启动于 ${holder.startedAt}）使用；` +
        `请先停止它，或用 DATA_DIR 指定另一个目录。 / The data directory ${dir} is in use by process ` +
        `${holder.ownerPid} (database process ${holder.pid}, started ${holder.startedAt}, "${holder.command}"). ` +
        'Stop it first, or set DATA_DIR to another directory.',
    );
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Throws DataDirLockedError when a live process holds the lock; cheap, so a second start fails fast. */
export function assertDataDirFree(dir: string): void {
  let holder: LockInfo | null = null;
  try {
    holder = JSON.parse(readFileSync(join(dir, 'jiangxin.lock'), 'utf8')) as LockInfo;
  } catch {
    return; // no lock file, or one being written: the child's acquire decides
  }
  if (holder && isAlive(holder.pid)) throw new DataDirLockedError(dir, holder);
}

/** Takes the lock for this process, or throws DataDirLockedError naming the live holder. */
export function acquireDataDirLock(dir: string, ownerPid: number = process.pid): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'jiangxin.lock');
  const info: LockInfo = {
    pid: process.pid,
    ownerPid,
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {}
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: LockInfo | null = null;
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
      } catch {}
      if (holder && isAlive(holder.pid)) throw new DataDirLockedError(dir, holder);
      // The holder is gone (killed without cleaning up): the lock is stale.
      try {
        unlinkSync(file);
      } catch {}
    }
  }
  throw new Error(`Could not take the lock on ${dir}`);
}
