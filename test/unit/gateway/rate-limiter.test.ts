import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/gateway/ws/rate-limiter.js';

function limiter(perSecond: number, burst: number, abuseThreshold = 1000) {
  const clock = { ms: 0 };
  const rl = new RateLimiter({ perSecond, burst, abuseThreshold, now: () => clock.ms });
  return { rl, clock };
}

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the wait until the next token', () => {
    const { rl } = limiter(10, 3);
    expect([rl.take(), rl.take(), rl.take()].every((d) => d.allowed)).toBe(true);
    expect(rl.take()).toEqual({ allowed: false, retryAfterMs: 100, abusive: false });
  });

  it('refills at the configured rate, never above the burst', () => {
    const { rl, clock } = limiter(10, 2);
    rl.take();
    rl.take();
    clock.ms += 100;
    expect(rl.take().allowed).toBe(true);
    expect(rl.take().allowed).toBe(false);
    clock.ms += 60_000;
    expect([rl.take(), rl.take(), rl.take()].map((d) => d.allowed)).toEqual([true, true, false]);
  });

  it('reports a partial wait', () => {
    const { rl, clock } = limiter(4, 1);
    rl.take();
    clock.ms += 100;
    expect(rl.take()).toMatchObject({ allowed: false, retryAfterMs: 150 });
  });

  it('flags sustained excess as abusive', () => {
    const { rl } = limiter(1, 2, 6);
    rl.take();
    rl.take();
    const refused = Array.from({ length: 7 }, () => rl.take());
    expect(refused.slice(0, 6).every((d) => !d.allowed && !d.abusive)).toBe(true);
    expect(refused[6]).toMatchObject({ allowed: false, abusive: true });
  });

  it('forgives excess over time', () => {
    const { rl, clock } = limiter(10, 1, 3);
    rl.take();
    for (let i = 0; i < 3; i += 1) rl.take();
    clock.ms += 1000;
    rl.take();
    for (let i = 0; i < 3; i += 1) expect(rl.take()).toMatchObject({ abusive: false });
  });

  it('ignores a clock that goes backwards', () => {
    const { rl, clock } = limiter(10, 1);
    rl.take();
    clock.ms -= 5000;
    expect(rl.take().allowed).toBe(false);
  });
});
