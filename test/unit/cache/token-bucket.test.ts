import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src/cache/index.js';

describe('TokenBucket', () => {
  it('allows the burst at once, then the steady rate, and refuses past the queue', async () => {
    const depths: number[] = [];
    const bucket = new TokenBucket({ ratePerSecond: 50, burst: 3, maxQueue: 2, name: 'neural', onQueueChange: (depth) => depths.push(depth) });
    const started = performance.now();
    const granted: number[] = [];
    const takes = Array.from({ length: 5 }, () => bucket.take().then(() => granted.push(performance.now() - started)));
    await expect(bucket.take()).rejects.toMatchObject({ code: 'PARLEY_SPEECH_THROTTLED', retryable: true, details: { reason: 'origin-queue-full', engine: 'neural' } });
    await Promise.all(takes);
    // the burst is granted before any wait (no wall-clock upper bound: the machine may be loaded)
    expect(granted.slice(0, 3).every((ms) => ms <= (granted[3] as number))).toBe(true);
    // two more at 50/s: no earlier than 20 ms and 40 ms after the burst
    expect(granted[3]).toBeGreaterThanOrEqual(18);
    expect(granted[4]).toBeGreaterThanOrEqual(38);
    expect(Math.max(...depths)).toBe(2);
    expect(depths.at(-1)).toBe(0);
  });

  it('lets a waiter leave the queue when its request is cancelled', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, maxQueue: 1, name: 'neural' });
    await bucket.take();
    const controller = new AbortController();
    const waiting = bucket.take(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'PARLEY_SPEECH_ABORTED' });
    expect(bucket.queued).toBe(0);
  });

  it('never grants more than burst + rate x elapsed (injected clock)', async () => {
    let now = 0;
    const bucket = new TokenBucket({ ratePerSecond: 8, burst: 10, maxQueue: 0, name: 'neural', now: () => now });
    let granted = 0;
    for (let step = 0; step < 400; step += 1) {
      now += 25; // 10 s in 25 ms steps, asking 3 times a step
      for (let i = 0; i < 3; i += 1) {
        try {
          await bucket.take();
          granted += 1;
        } catch {
          // refused: queue of 0
        }
      }
      expect(granted).toBeLessThanOrEqual(10 + (8 * now) / 1000);
    }
    expect(granted).toBeGreaterThanOrEqual(10 + 8 * 10 - 1);
  });
});
