/** The AudioStore contract, run on every store (disk, S3 against a real S3-compatible server). */
import { describe, expect, it } from 'vitest';
import type { AudioEntry, AudioStore } from '../../src/cache/index.js';

export interface StoreFixture {
  store: () => AudioStore;
  /** Damages an entry's stored bytes behind the store's back (the fault a test must cause). */
  corrupt: (name: string) => Promise<void>;
  corruptions: () => number;
}

const name = (n: number, ext = 'mp3'): string => `${String(n).padStart(2, '0')}${'Bq_-'.repeat(10)}x.${ext}`;
const entry = (bytes: number, seed: number): AudioEntry => ({
  body: Uint8Array.from({ length: bytes }, (_, i) => (i * 31 + seed) & 0xff),
  contentType: 'audio/mpeg',
  requestCharacters: 42,
});

export function audioStoreContract(label: string, fixture: StoreFixture): void {
  describe(`AudioStore contract: ${label}`, () => {
    it('puts, gets, heads and deletes entries byte for byte', async () => {
      const store = fixture.store();
      const written = entry(70_000, 3);
      await store.put(name(1), written);
      const read = await store.get(name(1));
      expect(Buffer.from(read?.body ?? []).equals(Buffer.from(written.body))).toBe(true);
      expect(read).toMatchObject({ contentType: 'audio/mpeg', requestCharacters: 42 });
      expect(await store.head(name(1))).toMatchObject({ bytes: 70_000, contentType: 'audio/mpeg', requestCharacters: 42 });
      await store.delete(name(1));
      expect(await store.get(name(1))).toBeUndefined();
      expect(await store.head(name(1))).toBeUndefined();
      await store.delete(name(1)); // deleting an absent entry is not an error
    });

    it('reports an absent entry as undefined', async () => {
      expect(await fixture.store().get(name(2, 'pcm'))).toBeUndefined();
    });

    it('overwrites an entry whole', async () => {
      const store = fixture.store();
      await store.put(name(3), entry(1000, 1));
      await store.put(name(3), entry(500, 2));
      expect((await store.get(name(3)))?.body).toEqual(entry(500, 2).body);
    });

    it('detects a corrupt entry, removes it and reports it absent', async () => {
      const store = fixture.store();
      await store.put(name(4), entry(4000, 9));
      const before = fixture.corruptions();
      await fixture.corrupt(name(4));
      expect(await store.get(name(4))).toBeUndefined();
      expect(fixture.corruptions()).toBe(before + 1);
      expect(await store.head(name(4))).toBeUndefined();
    });

    it('refuses names that are not entry names', async () => {
      await expect(fixture.store().get('../secrets.mp3')).rejects.toMatchObject({ code: 'PARLEY_CACHE_INVALID_KEY' });
    });
  });
}
