/**
 * The cache over the real local synthesizer: single flight, tiers, faults (store down, corrupt
 * file, reader leaving mid-stream), private entries, the origin guard and the metrics.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioMetrics, CachedSynthesizer, DiskStore, MemoryTier, OriginGuard, isAudioUnavailable } from '../../../src/cache/index.js';
import type { SynthesizeRequest } from '../../../src/speech/index.js';
import { CountingSynthesizer, localOrigin, readAll } from './cache-kit.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-cache-'));
  await readAll((await localOrigin().synthesize({ text: 'Warm up.', voiceId: 'Joanna', outputFormat: 'pcm' })).audio);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request = (text: string, extra: Partial<SynthesizeRequest> = {}): SynthesizeRequest => ({ text, voiceId: 'Joanna', engine: 'neural', outputFormat: 'pcm', ...extra });

function build(options: { store?: DiskStore; memoryBytes?: number } = {}): { cache: CachedSynthesizer; origin: CountingSynthesizer; metrics: AudioMetrics; memory: MemoryTier } {
  const metrics = new AudioMetrics();
  const origin = new CountingSynthesizer(localOrigin());
  const memory = new MemoryTier(options.memoryBytes ?? 16 << 20);
  const cache = new CachedSynthesizer({ origin: new OriginGuard(origin, { maxQueue: 100, metrics }), originId: 'local', lexicons: new Map(), memory, metrics, ...(options.store === undefined ? {} : { store: options.store }) });
  return { cache, origin, metrics, memory };
}

describe('single flight', () => {
  it('turns 50 concurrent identical misses into one synthesis that all 50 stream', async () => {
    const { cache, origin } = build({ store: new DiskStore({ dir: path.join(dir, 'flight'), maxBytes: 1 << 30 }) });
    const text = 'Fifty customers asked for this sentence at the same moment.';
    const bodies = await Promise.all(Array.from({ length: 50 }, async () => {
      const result = await cache.synthesize(request(text));
      const chunks: Uint8Array[] = [];
      for await (const chunk of result.audio) {
        chunks.push(chunk);
      }
      return { body: Buffer.concat(chunks), chunks: chunks.length };
    }));
    await cache.idle();
    expect(origin.calls).toBe(1);
    const first = bodies[0]?.body;
    expect(first?.byteLength).toBeGreaterThan(16_000);
    for (const { body } of bodies) expect(body.equals(first as Buffer)).toBe(true);
    // streamed as it arrived: readers in flight got eSpeak's chunks one by one, not one joined body
    expect(bodies.filter((b) => b.chunks > 1).length).toBeGreaterThan(25);
    // and a later ask is a hit
    await readAll((await cache.synthesize(request(text))).audio);
    expect(origin.calls).toBe(1);
  });
});

describe('tiers', () => {
  it('serves from memory, then from disk after a restart, without the origin', async () => {
    const store = new DiskStore({ dir: path.join(dir, 'tiers'), maxBytes: 1 << 30 });
    const one = build({ store });
    const text = 'Your fitting is booked for Tuesday.';
    const body = await readAll((await one.cache.synthesize(request(text))).audio);
    await one.cache.idle();
    expect((await one.cache.synthesizeWithKey(request(text))).source).toBe('memory');
    const restarted = build({ store: new DiskStore({ dir: path.join(dir, 'tiers'), maxBytes: 1 << 30 }) });
    const again = await restarted.cache.synthesizeWithKey(request(text));
    expect(again.source).toBe('store');
    expect((await readAll(again.result.audio)).equals(body)).toBe(true);
    expect(restarted.origin.calls).toBe(0);
    const metrics = await restarted.metrics.text();
    expect(metrics).toMatch(/parley_audio_cache_hits_total\{tier="store"\} 1/);
    expect(metrics).toMatch(/parley_audio_cache_misses_total\{tier="memory"\} 1/);
    expect(metrics).toMatch(/parley_audio_characters_saved_total\{engine="neural"\} 35/);
  });

  it('serves from the origin when the store is down', async () => {
    const notADir = path.join(dir, 'plain-file');
    await writeFile(notADir, 'this is a file, so the store cannot make folders under it');
    const storeErrors: string[] = [];
    const metrics = new AudioMetrics();
    const origin = new CountingSynthesizer(localOrigin());
    const cache = new CachedSynthesizer({ origin, originId: 'local', lexicons: new Map(), memory: new MemoryTier(1 << 20), store: new DiskStore({ dir: path.join(notADir, 'audio'), maxBytes: 1 << 30 }), metrics, onStoreError: (op) => storeErrors.push(op) });
    const body = await readAll((await cache.synthesize(request('The store is down today.'))).audio);
    await cache.idle();
    expect(body.byteLength).toBeGreaterThan(1000);
    expect(origin.calls).toBe(1);
    expect(storeErrors).toContain('put');
    expect(await metrics.text()).toMatch(/parley_audio_store_errors_total\{operation="put"\} 1/);
  });

  it('detects a corrupt file, removes it and synthesizes it again', async () => {
    const storeDir = path.join(dir, 'corrupt');
    const first = build({ store: new DiskStore({ dir: storeDir, maxBytes: 1 << 30 }) });
    const text = 'This file will be damaged.';
    const { name } = await first.cache.synthesizeWithKey(request(text)).then(async (r) => ({ ...r, body: await readAll(r.result.audio) }));
    await first.cache.idle();
    const file = path.join(storeDir, name.slice(0, 2), name);
    const raw = await readFile(file);
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 0x55, raw.length - 1);
    await writeFile(file, raw);
    const second = build({ store: new DiskStore({ dir: storeDir, maxBytes: 1 << 30, onCorrupt: () => second.metrics.corrupt.inc() }) });
    const again = await second.cache.synthesizeWithKey(request(text));
    expect(again.source).toBe('origin');
    await readAll(again.result.audio);
    await second.cache.idle();
    expect(second.origin.calls).toBe(1);
    expect(await second.metrics.text()).toMatch(/parley_audio_cache_corrupt_total 1/);
    // rewritten whole: a third process reads it from disk
    expect((await build({ store: new DiskStore({ dir: storeDir, maxBytes: 1 << 30 }) }).cache.synthesizeWithKey(request(text))).source).toBe('store');
  });

  it('completes a synthesis into the cache when its only reader leaves mid-stream', async () => {
    const storeDir = path.join(dir, 'leave');
    const { cache, origin } = build({ store: new DiskStore({ dir: storeDir, maxBytes: 1 << 30 }) });
    const text = 'A customer interrupted this long sentence before it finished playing, but the audio is still kept.';
    const controller = new AbortController();
    const { result, name } = await cache.synthesizeWithKey(request(text), controller.signal);
    const iterator = result.audio[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await expect(iterator.next()).rejects.toMatchObject({ code: 'PARLEY_SPEECH_ABORTED' });
    await cache.idle();
    const stored = await new DiskStore({ dir: storeDir, maxBytes: 1 << 30 }).get(name);
    expect(stored?.body.byteLength).toBeGreaterThan(16_000);
    expect((await cache.synthesizeWithKey(request(text))).source).toBe('memory');
    expect(origin.calls).toBe(1);
  });

  it('keeps private audio out of the persistent tier and off URLs', async () => {
    const storeDir = path.join(dir, 'private');
    const { cache } = build({ store: new DiskStore({ dir: storeDir, maxBytes: 1 << 30 }) });
    const { name, result } = await cache.synthesizeWithKey({ ...request('Hello Ada Lovelace, your order is on its way.'), cachePolicy: 'private' });
    await readAll(result.audio);
    await cache.idle();
    expect(await readdir(storeDir).catch(() => [])).toEqual([]);
    expect(await cache.lookup(name)).toBeUndefined();
    expect((await cache.synthesizeWithKey({ ...request('Hello Ada Lovelace, your order is on its way.'), cachePolicy: 'private' })).source).toBe('memory');
  });
});

describe('origin guard', () => {
  it('answers PARLEY_SPEECH_THROTTLED at once when the queue is full, so the turn can answer as text', async () => {
    const metrics = new AudioMetrics();
    const origin = new CountingSynthesizer(localOrigin());
    const guard = new OriginGuard(origin, { maxQueue: 1, metrics, quotas: { neural: { ratePerSecond: 5, burst: 1 } } });
    const cache = new CachedSynthesizer({ origin: guard, originId: 'local', lexicons: new Map(), memory: new MemoryTier(1 << 20), metrics });
    const asks = ['One.', 'Two.', 'Three.'].map((text) => cache.synthesize(request(text)).then((r) => readAll(r.audio)));
    const settled = await Promise.allSettled(asks);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const refused = (settled[2] as PromiseRejectedResult).reason;
    expect(refused).toMatchObject({ code: 'PARLEY_SPEECH_THROTTLED', status: 429 });
    expect(isAudioUnavailable(refused)).toBe(true);
    expect(origin.calls).toBe(2);
    const text = await metrics.text();
    expect(text).toMatch(/parley_audio_origin_throttled_total\{engine="neural"\} 1/);
    expect(text).toMatch(/parley_audio_origin_calls_total\{engine="neural"\} 2/);
  });
});
