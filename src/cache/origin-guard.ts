/**
 * Keeps calls to the origin within Polly's SynthesizeSpeech quotas: one token bucket per engine
 * with a bounded queue (see TokenBucket). A decorator of the speech port, so it stacks under the
 * cache and over retry or fallback the same way.
 */
import type { SpeechEngine, SpeechSynthesizer, SynthesisResult, SynthesizeRequest } from '../speech/index.js';
import type { AudioMetrics } from './metrics.js';
import { TokenBucket } from './token-bucket.js';

export interface EngineQuota {
  ratePerSecond: number;
  burst: number;
}

/** Polly's default per-account quotas (reference 1.12): generative states no burst, so none is assumed. */
export const POLLY_QUOTAS: Readonly<Record<SpeechEngine, EngineQuota>> = {
  standard: { ratePerSecond: 80, burst: 100 },
  neural: { ratePerSecond: 8, burst: 10 },
  'long-form': { ratePerSecond: 8, burst: 10 },
  generative: { ratePerSecond: 8, burst: 8 },
};

export interface OriginGuardOptions {
  quotas?: Partial<Record<SpeechEngine, EngineQuota>>;
  /** Most requests waiting per engine; more are refused with PARLEY_SPEECH_THROTTLED. */
  maxQueue: number;
  metrics?: AudioMetrics;
  now?: () => number;
}

export class OriginGuard implements SpeechSynthesizer {
  private readonly buckets = new Map<SpeechEngine, TokenBucket>();

  constructor(private readonly inner: SpeechSynthesizer, private readonly options: OriginGuardOptions) {}

  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    const engine = request.engine ?? 'standard';
    const metrics = this.options.metrics;
    try {
      await this.bucket(engine).take(signal);
    } catch (error) {
      if (signal?.aborted !== true) metrics?.throttles.inc({ engine });
      throw error;
    }
    metrics?.originCalls.inc({ engine });
    try {
      const result = await this.inner.synthesize(request, signal);
      metrics?.originCharacters.inc({ engine }, result.requestCharacters);
      return result;
    } catch (error) {
      metrics?.originFailures.inc({ engine });
      throw error;
    }
  }

  /** Requests waiting for a token on this engine. */
  queued(engine: SpeechEngine): number {
    return this.buckets.get(engine)?.queued ?? 0;
  }

  private bucket(engine: SpeechEngine): TokenBucket {
    let bucket = this.buckets.get(engine);
    if (bucket === undefined) {
      const quota = this.options.quotas?.[engine] ?? POLLY_QUOTAS[engine];
      bucket = new TokenBucket({
        ...quota,
        maxQueue: this.options.maxQueue,
        name: engine,
        ...(this.options.now === undefined ? {} : { now: this.options.now }),
        onQueueChange: (depth) => this.options.metrics?.queueDepth.set({ engine }, depth),
      });
      this.buckets.set(engine, bucket);
    }
    return bucket;
  }
}
