/**
 * Polly's throttling, retried within quota: the real Polly adapter (AWS SDK) aimed at the Polly
 * emulator over a socket, its faults set to answer ThrottlingException, behind the cache built
 * the way the service builds it (`guardedOrigin`). Every HTTP request that reaches the endpoint
 * must have taken an origin-guard token: the SDK's own retries are off, the cache's retry is the
 * only one, above the token bucket.
 */
import { fastify, type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AudioMetrics, createAudioCache, guardedOrigin, isAudioUnavailable, type AudioCache } from '../../../src/cache/index.js';
import type { AudioCacheConfig, SpeechConfig } from '../../../src/config.js';
import { registerPollyRoutes, type PollyEmulatorFaults } from '../../../src/gateway/http/polly-routes.js';
import { createSpeechSynthesizer } from '../../../src/speech/index.js';
import { localLexicons, localOrigin, readAll, warmLocal } from './cache-kit.js';

const faults: PollyEmulatorFaults = { throttle: 0, delayMs: 0, seen: [] };
let emulator: FastifyInstance;
let endpoint = '';
const caches: AudioCache[] = [];

beforeAll(async () => {
  await warmLocal();
  emulator = fastify();
  registerPollyRoutes(emulator, { synthesizer: localOrigin(), lexicons: localLexicons, faults });
  endpoint = await emulator.listen({ port: 0, host: '127.0.0.1' });
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
});
afterEach(() => {
  faults.throttle = 0;
  faults.seen = [];
});
afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.close()));
  vi.unstubAllEnvs();
  await emulator?.close();
});

/** Neural at 5 calls/s, burst 1: two origin calls can never be less than ~200 ms apart. */
const QUOTA = { ratePerSecond: 5, burst: 1 };
const cacheConfig: AudioCacheConfig = {
  memoryBytes: 1 << 22,
  store: 'none',
  dir: '',
  diskBytes: 0,
  s3: { prefix: 'audio/', region: 'us-east-1' },
  queue: 10,
  quotas: { standard: QUOTA, neural: QUOTA, 'long-form': QUOTA, generative: QUOTA },
  postLimit: { perMinute: 30, burst: 10 },
};

async function pollyCache(): Promise<AudioCache> {
  // The configured attempts (3) as the service reads PARLEY_POLLY_MAX_ATTEMPTS.
  const speech: SpeechConfig = { engine: 'polly', polly: { region: 'us-east-1', endpoint, timeoutMs: 10_000, maxAttempts: 3 } };
  const guarded = guardedOrigin(speech);
  const origin = await createSpeechSynthesizer(guarded.speech);
  const cache = await createAudioCache(cacheConfig, { origin, originId: 'polly', lexicons: new Map(), metrics: new AudioMetrics(), maxAttempts: guarded.maxAttempts });
  caches.push(cache);
  return cache;
}

const originCalls = async (cache: AudioCache): Promise<number> => Number(/parley_audio_origin_calls_total\{engine="neural"\} (\d+)/.exec(await cache.metrics.text())?.[1] ?? 0);

describe('Polly throttling behind the cache', () => {
  it('retries through the guard: every request to Polly took a token, spaced by the quota', async () => {
    const cache = await pollyCache();
    // One served request first, so the SDK's set-up and connection are not inside the first gap.
    await readAll((await cache.speech.synthesize({ text: 'Hello.', voiceId: 'Joanna', engine: 'neural', outputFormat: 'pcm' })).audio);
    faults.seen = [];
    faults.throttle = 2;
    const result = await cache.speech.synthesize({ text: 'Your fitting is booked.', voiceId: 'Joanna', engine: 'neural', outputFormat: 'pcm' });
    expect((await readAll(result.audio)).byteLength).toBeGreaterThan(8000);
    // Two throttled and one served: three requests reached the endpoint, three guard tokens taken.
    expect(faults.seen).toHaveLength(3);
    expect(await originCalls(cache)).toBe(faults.seen.length + 1);
    const gaps = faults.seen.slice(1).map((at, index) => at - (faults.seen[index] as number));
    // 5/s with burst 1 refills a token every 200 ms (a few ms of timer slack allowed).
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(190);
  });

  it('gives up after the configured attempts with PARLEY_SPEECH_THROTTLED, no hidden SDK retries', async () => {
    const cache = await pollyCache();
    faults.throttle = 100;
    const error = await cache.speech.synthesize({ text: 'Thanks for waiting.', voiceId: 'Joanna', engine: 'neural', outputFormat: 'pcm' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PARLEY_SPEECH_THROTTLED' });
    expect(isAudioUnavailable(error)).toBe(true);
    // With the SDK's retries on (3) under the cache's (3) this would be 9 requests, 6 of them unguarded.
    expect(faults.seen).toHaveLength(3);
    expect(await originCalls(cache)).toBe(3);
  });
});
