/**
 * A cross-process lock on a file, so two Parley processes never build FerretDB at once.
 * Node has no flock(2); an exclusive create ('wx') holding the owner's pid is enough here, and a
 * lock left by a dead process is taken over.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FileLockOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  pollMs?: number;
  /** Called once when the lock is held by another live process and we start waiting. */
  onWait?: () => void;
}

/** Runs `work` while holding the lock at `lockPath`. Throws if the lock cannot be had in time. */
export async function withFileLock<T>(lockPath: string, options: FileLockOptions, work: () => Promise<T>): Promise<T> {
  await acquire(lockPath, options);
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<void> {
  await mkdir(path.dirname(lockPath), { recursive: true });
  const deadline = Date.now() + options.timeoutMs;
  let hasWaited = false;
  for (;;) {
    if (await tryCreate(lockPath)) return;
    if (!(await isOwnerAlive(lockPath))) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (!hasWaited) {
      hasWaited = true;
      options.onWait?.();
    }
    if (Date.now() >= deadline) throw new Error(`timed out waiting for lock ${lockPath}`);
    await sleep(options.pollMs ?? 500);
  }
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const handle = await open(lockPath, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function isOwnerAlive(lockPath: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch {
    return true; // released or being written right now: look again on the next poll
  }
  const pid = Number(text.trim());
  // An empty file is a lock being written this instant.
  if (!Number.isInteger(pid) || pid <= 0) return text.trim() === '';
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
