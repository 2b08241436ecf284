/**
 * A Polly that throttles: retried with backoff, every attempt through the origin guard (so within
 * quota), then given up with PARLEY_SPEECH_THROTTLED for the turn to answer as text. The throttling
 * is a fault decorator over the real local synthesizer (Polly's throttling cannot be caused here).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { AudioMetrics, CachedSynthesizer, MemoryTier, OriginGuard, RetryingSynthesizer, isAudioUnavailable } from '../../../src/cache/index.js';
import { speechError, type SpeechSynthesizer, type SynthesisResult, type SynthesizeRequest } from '../../../src/speech/index.js';
import { localOrigin, readAll, warmLocal } from './cache-kit.js';

beforeAll(warmLocal);

class ThrottlingOrigin implements SpeechSynthesizer {
  attempts: number[] = [];
  constructor(private failures: number) {}
  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    this.attempts.push(performance.now());
    if (this.failures > 0) {
      this.failures -= 1;
      throw speechError('PARLEY_SPEECH_THROTTLED', 'rate exceeded');
    }
    return localOrigin().synthesize(request, signal);
  }
}

const request: SynthesizeRequest = { text: 'Thanks for waiting.', voiceId: 'Joanna', engine: 'neural', outputFormat: 'pcm' };

describe('RetryingSynthesizer over the origin guard', () => {
  it('retries a throttled call with backoff, each attempt taking a guard token', async () => {
    const origin = new ThrottlingOrigin(2);
    const metrics = new AudioMetrics();
    const guard = new OriginGuard(origin, { maxQueue: 10, metrics, quotas: { neural: { ratePerSecond: 20, burst: 1 } } });
    const retries: number[] = [];
    const cache = new CachedSynthesizer({ origin: new RetryingSynthesizer(guard, { maxAttempts: 3, baseDelayMs: 10, random: () => 0, onRetry: (n) => retries.push(n) }), originId: 'local', lexicons: new Map(), memory: new MemoryTier(1 << 20), metrics });
    const body = await readAll((await cache.synthesize(request)).audio);
    expect(body.byteLength).toBeGreaterThan(8000);
    expect(retries).toEqual([1, 2]);
    expect(origin.attempts).toHaveLength(3);
    // burst 1 at 20/s: attempts at least ~50 ms apart whatever the backoff says
    expect((origin.attempts[2] as number) - (origin.attempts[0] as number)).toBeGreaterThanOrEqual(95);
    expect(await metrics.text()).toMatch(/parley_audio_origin_calls_total\{engine="neural"\} 3/);
  });

  it('gives up after its attempts with PARLEY_SPEECH_THROTTLED, and never retries a full queue', async () => {
    const origin = new ThrottlingOrigin(10);
    const guard = new OriginGuard(origin, { maxQueue: 0, quotas: { neural: { ratePerSecond: 1000, burst: 1000 } } });
    const retrying = new RetryingSynthesizer(guard, { maxAttempts: 3, baseDelayMs: 1 });
    const error = await retrying.synthesize(request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PARLEY_SPEECH_THROTTLED' });
    expect(isAudioUnavailable(error)).toBe(true);
    expect(origin.attempts).toHaveLength(3);

    const busy = new ThrottlingOrigin(0);
    const tight = new OriginGuard(busy, { maxQueue: 0, quotas: { neural: { ratePerSecond: 0.001, burst: 1 } } });
    const onRetry: number[] = [];
    const again = new RetryingSynthesizer(tight, { maxAttempts: 5, baseDelayMs: 1, onRetry: (n) => onRetry.push(n) });
    await readAll((await again.synthesize(request)).audio);
    await expect(again.synthesize(request)).rejects.toMatchObject({ code: 'PARLEY_SPEECH_THROTTLED', details: { reason: 'origin-queue-full' } });
    expect(onRetry).toEqual([]);
  });

  it('does not retry a bad request', async () => {
    let calls = 0;
    const origin: SpeechSynthesizer = { synthesize: async (r, s) => { calls += 1; return localOrigin().synthesize(r, s); } };
    const retrying = new RetryingSynthesizer(origin, { maxAttempts: 3, baseDelayMs: 1 });
    await expect(retrying.synthesize({ ...request, voiceId: 'Nobody' })).rejects.toMatchObject({ code: 'PARLEY_SPEECH_UNKNOWN_VOICE' });
    expect(calls).toBe(1);
  });
});
