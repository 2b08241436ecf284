import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../../src/store/file-lock.js';

describe('file lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parley-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs holders one at a time', async () => {
    const lock = path.join(dir, 'x.lock');
    const order: string[] = [];
    const holder = (name: string) =>
      withFileLock(lock, { timeoutMs: 5000, pollMs: 10 }, async () => {
        order.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`${name}-`);
      });
    await Promise.all([holder('a'), holder('b')]);
    expect(order.join(' ')).toMatch(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/);
  });

  it('takes over a lock left by a dead process and releases it after', async () => {
    const lock = path.join(dir, 'x.lock');
    await writeFile(lock, '2147483646'); // no such pid
    const seen = await withFileLock(lock, { timeoutMs: 1000, pollMs: 10 }, () => readFile(lock, 'utf8'));
    expect(seen).toBe(String(process.pid));
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('gives up after its timeout while a live process holds it', async () => {
    const lock = path.join(dir, 'x.lock');
    await writeFile(lock, String(process.pid));
    await expect(withFileLock(lock, { timeoutMs: 50, pollMs: 10 }, async () => 1)).rejects.toThrow(/timed out/);
  });
});
