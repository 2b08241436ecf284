import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiskStore, type AudioEntry } from '../../../src/cache/index.js';

const name = (n: number, ext = 'mp3'): string => `${String(n).padStart(2, '0')}${'A'.repeat(41)}.${ext}`;
const entry = (bytes: number, fill = 7): AudioEntry => ({ body: new Uint8Array(bytes).fill(fill), contentType: 'audio/mpeg', requestCharacters: 12 });

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-disk-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DiskStore', () => {
  it('writes, reads, heads and deletes an entry', async () => {
    const store = new DiskStore({ dir, maxBytes: 1 << 20 });
    await store.put(name(1), entry(1000));
    const read = await store.get(name(1));
    expect(read?.body).toEqual(entry(1000).body);
    expect(read).toMatchObject({ contentType: 'audio/mpeg', requestCharacters: 12 });
    expect(await store.head(name(1))).toMatchObject({ bytes: 1000, contentType: 'audio/mpeg', requestCharacters: 12 });
    await store.delete(name(1));
    expect(await store.get(name(1))).toBeUndefined();
    expect(await store.head(name(1))).toBeUndefined();
  });

  it('detects a corrupt file, removes it and reports it absent', async () => {
    const corrupt: string[] = [];
    const store = new DiskStore({ dir, maxBytes: 1 << 20, onCorrupt: (n) => corrupt.push(n) });
    await store.put(name(2), entry(500));
    const file = path.join(dir, name(2).slice(0, 2), name(2));
    const raw = await readFile(file);
    raw.writeUInt8(raw.readUInt8(raw.length - 10) ^ 0xff, raw.length - 10); // one flipped byte in the body
    await writeFile(file, raw);
    expect(await store.get(name(2))).toBeUndefined();
    expect(corrupt).toEqual([name(2)]);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    // a truncated file and a file without a header are corrupt too
    await store.put(name(3), entry(500));
    const file3 = path.join(dir, name(3).slice(0, 2), name(3));
    await writeFile(file3, (await readFile(file3)).subarray(0, 300));
    expect(await store.get(name(3))).toBeUndefined();
    await store.put(name(4), entry(10));
    await writeFile(path.join(dir, name(4).slice(0, 2), name(4)), 'garbage');
    expect(await store.get(name(4))).toBeUndefined();
    expect(corrupt).toHaveLength(3);
  });

  it('leaves no temporary files and evicts the least recently used over its cap', async () => {
    const store = new DiskStore({ dir, maxBytes: 3500 });
    for (const n of [1, 2, 3]) await store.put(name(n), entry(1000));
    await store.get(name(1)); // 1 is now more recent than 2
    await store.put(name(4), entry(1000));
    expect(store.bytes).toBeLessThanOrEqual(3500);
    expect(await store.get(name(2))).toBeUndefined();
    expect(await store.get(name(1))).toBeDefined();
    expect(await store.get(name(4))).toBeDefined();
    const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.tmp'));
    expect(files).toEqual([]);
  });

  it('indexes what an earlier process left, removing stale temporary files', async () => {
    const first = new DiskStore({ dir, maxBytes: 1 << 20 });
    await first.put(name(5), entry(800));
    const stale = path.join(dir, name(5).slice(0, 2), `${name(5)}.123.abc.tmp`);
    await writeFile(stale, 'half');
    const second = new DiskStore({ dir, maxBytes: 1 << 20 });
    expect((await second.get(name(5)))?.body.byteLength).toBe(800);
    expect(second.bytes).toBeGreaterThan(800);
    await expect(readFile(stale)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses names that are not entry names before touching the disk', async () => {
    const store = new DiskStore({ dir, maxBytes: 1 << 20 });
    for (const bad of ['../../etc/passwd', 'x.mp3', `${'A'.repeat(43)}.sh`]) {
      await expect(store.get(bad)).rejects.toMatchObject({ code: 'PARLEY_CACHE_INVALID_KEY' });
      await expect(store.put(bad, entry(1))).rejects.toMatchObject({ code: 'PARLEY_CACHE_INVALID_KEY' });
    }
  });
});
