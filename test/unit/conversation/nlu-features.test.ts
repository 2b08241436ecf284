import { describe, expect, it } from 'vitest';
import { FeatureHasher } from '../../../src/conversation/local/nlu-features.js';
import { hashString } from '../../../src/conversation/local/seeded-random.js';

const dense = (v: { indices: Int32Array; values: Float32Array }): Map<number, number> => new Map([...v.indices].map((index, i) => [index, v.values[i] as number]));

describe('FeatureHasher', () => {
  it('gives each text the same unit vector whatever was extracted before (the accumulator is emptied)', () => {
    const hasher = new FeatureHasher();
    const alone = new FeatureHasher().extract(['find', 'running', 'shoes'], ['find', 'slot_category'], [false, false, false], ['find {}'], 5);
    hasher.extract(['play', 'some', 'jazz', 'shoes'], null);
    const after = hasher.extract(['find', 'running', 'shoes'], ['find', 'slot_category'], [false, false, false], ['find {}'], 5);
    expect([...after.indices]).toEqual([...alone.indices]);
    expect([...after.values]).toEqual([...alone.values]);
    const norm = [...after.values].reduce((sum, v) => sum + v * v, 0);
    expect(norm).toBeCloseTo(1, 5);
  });

  it('hashes a character n-gram as the string "c:" + n-gram, signed by the hash\'s top bit', () => {
    const hasher = new FeatureHasher({ dimension: 1 << 17, minCharGram: 3, maxCharGram: 3 });
    // "ab" padded is "<ab>": char 3-grams "<ab" and "ab>"; word features w1:ab, w2:<s> ab, w2:ab </s>.
    const features = dense(hasher.extract(['ab'], null));
    const expected = new Map<number, number>();
    const add = (feature: string, weight: number): void => {
      const hash = hashString(feature);
      const index = hash & ((1 << 17) - 1);
      expected.set(index, (expected.get(index) ?? 0) + (hash & 0x80000000 ? -weight : weight));
    };
    for (const f of ['w1:ab', 'w2:<s> ab', 'w2:ab </s>']) add(f, 1);
    for (const f of ['c:<ab', 'c:ab>']) add(f, 0.5);
    const norm = Math.sqrt([...expected.values()].reduce((sum, v) => sum + v * v, 0));
    expect(features.size).toBe(expected.size);
    for (const [index, value] of expected) expect(features.get(index)).toBeCloseTo(value / norm, 6);
  });
});
