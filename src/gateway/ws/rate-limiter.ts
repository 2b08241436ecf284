/**
 * Token bucket per connection. Each frame costs one token; the bucket holds `burst` tokens and
 * refills at `perSecond`. Refused frames also fill an "excess" bucket draining at the same rate:
 * a client that keeps pushing after being told to wait is abusive and gets disconnected.
 */

export interface RateLimiterOptions {
  perSecond: number;
  burst: number;
  /** Excess (refused frames, net of draining) tolerated before the connection is dropped. */
  abuseThreshold: number;
  /** Monotonic milliseconds. */
  now: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; abusive: boolean };

export class RateLimiter {
  #tokens: number;
  #excess = 0;
  #last: number;

  constructor(private readonly options: RateLimiterOptions) {
    this.#tokens = options.burst;
    this.#last = options.now();
  }

  take(): RateDecision {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { allowed: true };
    }
    this.#excess += 1;
    const retryAfterMs = Math.ceil(((1 - this.#tokens) * 1000) / this.options.perSecond);
    return { allowed: false, retryAfterMs, abusive: this.#excess > this.options.abuseThreshold };
  }

  #refill(): void {
    const now = this.options.now();
    const elapsedMs = Math.max(0, now - this.#last);
    this.#last = now;
    const earned = (elapsedMs * this.options.perSecond) / 1000;
    this.#tokens = Math.min(this.options.burst, this.#tokens + earned);
    this.#excess = Math.max(0, this.#excess - earned);
  }
}
