import { SPEECH_ERROR_CODES, speechError } from '../speech/index.js';
import { originThrottled } from './errors.js';

export interface TokenBucketOptions {
  /** Tokens added per second (the quota's steady rate). */
  ratePerSecond: number;
  /** Most tokens held at once (the quota's burst); the bucket starts full. */
  burst: number;
  /** Most callers waiting for a token; one more is refused at once. */
  maxQueue: number;
  /** Label for errors and metrics. */
  name: string;
  now?: () => number;
  onQueueChange?: (depth: number) => void;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A token bucket with a bounded FIFO queue: callers take a token at once while the burst lasts,
 * then wait their turn at the steady rate; when `maxQueue` are already waiting the caller gets
 * PARLEY_SPEECH_THROTTLED immediately rather than waiting without bound.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? (() => performance.now());
    this.tokens = options.burst;
    this.updatedAt = this.now();
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Resolves when a token is taken; rejects when the queue is full or `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void> {
    this.refill();
    if (this.queue.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(originThrottled(this.options.name, this.queue.length));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: () => this.abandon(waiter) };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.options.onQueueChange?.(this.queue.length);
      this.schedule();
    });
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.options.ratePerSecond);
    this.updatedAt = now;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    const waitMs = Math.max(0, ((1 - this.tokens) / this.options.ratePerSecond) * 1000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, Math.ceil(waitMs));
  }

  private drain(): void {
    this.refill();
    while (this.queue.length > 0 && this.tokens >= 1) {
      const waiter = this.queue.shift() as Waiter;
      this.tokens -= 1;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.options.onQueueChange?.(this.queue.length);
    this.schedule();
  }

  private abandon(waiter: Waiter): void {
    const at = this.queue.indexOf(waiter);
    if (at < 0) return;
    this.queue.splice(at, 1);
    this.options.onQueueChange?.(this.queue.length);
    waiter.reject(speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled while waiting for the origin'));
  }
}
