import { describe, expect, it } from 'vitest';
import { MemoryTier, type MemoryEntry } from '../../../src/cache/index.js';

const entry = (bytes: number): MemoryEntry => ({ body: new Uint8Array(bytes), contentType: 'audio/mpeg', requestCharacters: 1, policy: 'shared' });

describe('MemoryTier', () => {
  it('keeps the total under its bound by dropping the least recently used', () => {
    const tier = new MemoryTier(3 * (1000 + 128));
    tier.set('a', entry(1000));
    tier.set('b', entry(1000));
    tier.set('c', entry(1000));
    expect(tier.get('a')).toBeDefined(); // a is now the most recent
    expect(tier.set('d', entry(1000))).toEqual(['b']);
    expect(tier.get('b')).toBeUndefined();
    expect(tier.size).toBe(3);
    expect(tier.bytes).toBeLessThanOrEqual(tier.maxBytes);
  });

  it('does not keep an entry larger than the whole tier', () => {
    const tier = new MemoryTier(500);
    tier.set('big', entry(1000));
    expect(tier.get('big')).toBeUndefined();
    expect(tier.bytes).toBe(0);
  });

  it('replaces an entry without counting it twice', () => {
    const tier = new MemoryTier(10_000);
    tier.set('a', entry(1000));
    tier.set('a', entry(2000));
    expect(tier.bytes).toBe(2000 + 128);
    tier.delete('a');
    expect(tier.bytes).toBe(0);
  });
});
