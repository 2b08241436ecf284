/**
 * SpeechCacheOdds: the share of a variant's billed characters the audio cache served, over recent
 * replies, with a prior that keeps one short lucky reply from making a variant look free.
 */
import { describe, expect, it } from 'vitest';
import { SpeechCacheOdds } from '../../../src/fulfillment/speech-cache-odds.js';

describe('SpeechCacheOdds', () => {
  it('starts every variant at 0 and learns the cached share of its characters, behind a 100-character prior', () => {
    const odds = new SpeechCacheOdds();
    expect(odds.likelihood('Greeting', 'warm')).toBe(0);
    odds.observe('Greeting', 'warm', { synthesized: 0, cached: 300 });
    expect(odds.likelihood('Greeting', 'warm')).toBeCloseTo(300 / 400, 12);
    // Other variants, and the same variant id under another intent, are apart.
    expect(odds.likelihood('Greeting', 'short')).toBe(0);
    expect(odds.likelihood('Farewell', 'warm')).toBe(0);
    // A short fully cached reply is not taken as proof that the variant is free.
    const short = new SpeechCacheOdds();
    short.observe('Greeting', 'warm', { synthesized: 0, cached: 10 });
    expect(short.likelihood('Greeting', 'warm')).toBeLessThan(0.1);
  });

  it('weighs recent replies more: each observation decays the past', () => {
    const odds = new SpeechCacheOdds({ decay: 0.5 });
    odds.observe('I', 'v', { synthesized: 0, cached: 400 });
    odds.observe('I', 'v', { synthesized: 400, cached: 0 });
    // cached 400 * 0.5 = 200 of 200 + 400 = 600 characters.
    expect(odds.likelihood('I', 'v')).toBeCloseTo(200 / 700, 12);
    const steady = new SpeechCacheOdds();
    for (let i = 0; i < 200; i += 1) steady.observe('I', 'v', { synthesized: 50, cached: 150 });
    expect(steady.likelihood('I', 'v')).toBeGreaterThan(0.7);
    expect(steady.likelihood('I', 'v')).toBeLessThan(0.75);
  });

  it('ignores counts that are negative, not finite or empty', () => {
    const odds = new SpeechCacheOdds();
    for (const bad of [{ synthesized: -1, cached: 50 }, { synthesized: 0, cached: Number.NaN }, { synthesized: Number.POSITIVE_INFINITY, cached: 0 }, { synthesized: 0, cached: 0 }]) {
      odds.observe('I', 'v', bad);
    }
    expect(odds.likelihood('I', 'v')).toBe(0);
  });

  it('forgets the least recently observed variant beyond its bound', () => {
    const odds = new SpeechCacheOdds({ maxVariants: 2 });
    odds.observe('I', 'a', { synthesized: 0, cached: 100 });
    odds.observe('I', 'b', { synthesized: 0, cached: 100 });
    odds.observe('I', 'a', { synthesized: 0, cached: 100 });
    odds.observe('I', 'c', { synthesized: 0, cached: 100 });
    expect(odds.likelihood('I', 'b')).toBe(0);
    expect(odds.likelihood('I', 'a')).toBeGreaterThan(0);
    expect(odds.likelihood('I', 'c')).toBeGreaterThan(0);
  });

  it('refuses options out of range', () => {
    expect(() => new SpeechCacheOdds({ decay: 0 })).toThrow(RangeError);
    expect(() => new SpeechCacheOdds({ decay: 1.5 })).toThrow(RangeError);
    expect(() => new SpeechCacheOdds({ maxVariants: 0 })).toThrow(RangeError);
    expect(() => new SpeechCacheOdds({ maxVariants: 2.5 })).toThrow(RangeError);
  });
});
