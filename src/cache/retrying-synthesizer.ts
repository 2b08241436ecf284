/**
 * Retries a synthesis that failed before any audio with a retryable error (Polly's throttling or
 * service failure), with exponential backoff and jitter. Placed above the origin guard, every
 * attempt takes a token, so retries stay within the quota. The guard's own refusal (its queue is
 * full) is not retried: the turn answers as text at once.
 */
import { SPEECH_ERROR_CODES, speechError } from '../speech/index.js';
import type { SpeechSynthesizer, SynthesisResult, SynthesizeRequest } from '../speech/index.js';
import { ParleyError } from '../shared/errors.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff; doubled each retry, with up to the same again at random. */
  baseDelayMs?: number;
  random?: () => number;
  onRetry?: (attempt: number, error: unknown) => void;
}

export class RetryingSynthesizer implements SpeechSynthesizer {
  constructor(private readonly inner: SpeechSynthesizer, private readonly options: RetryOptions) {}

  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.inner.synthesize(request, signal);
      } catch (error) {
        if (attempt >= this.options.maxAttempts || !isRetryable(error) || signal?.aborted === true) throw error;
        this.options.onRetry?.(attempt, error);
        await sleep(this.delayMs(attempt), signal);
      }
    }
  }

  private delayMs(attempt: number): number {
    const base = (this.options.baseDelayMs ?? 100) * 2 ** (attempt - 1);
    return base + Math.floor(base * (this.options.random ?? Math.random)());
  }
}

function isRetryable(error: unknown): boolean {
  if (!(error instanceof ParleyError) || !error.retryable) return false;
  return error.details?.reason !== 'origin-queue-full';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled while waiting to retry'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
