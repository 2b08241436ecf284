import { describe, expect, it } from 'vitest';
import { lastPresent } from '../../../src/store/gallop.js';

describe('lastPresent (galloping search)', () => {
  it.each([0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 100, 1000])('finds %i with about 2·log2(n) + 1 probes', async (n) => {
    const probes: number[] = [];
    const found = await lastPresent((k) => {
      probes.push(k);
      return Promise.resolve(k <= n);
    });
    expect(found).toBe(n);
    expect(probes.length).toBeLessThanOrEqual(2 * Math.floor(Math.log2(Math.max(n, 1))) + 2);
    expect(new Set(probes).size).toBe(probes.length);
  });

  it('passes a failing probe on', async () => {
    await expect(lastPresent((k) => (k < 4 ? Promise.resolve(true) : Promise.reject(new Error('down'))))).rejects.toThrow('down');
  });
});
