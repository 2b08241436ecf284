import { describe, expect, it } from 'vitest';
import { buildItemFilter, itemLimit, MAX_ITEM_LIMIT } from '../../../src/store/item-query.js';
import type { ItemQuery } from '../../../src/store/port.js';

describe('item query filter', () => {
  it('maps each field to an exact match, $lte or $all', () => {
    expect(buildItemFilter({ category: 'shoes', brand: 'Acme', maxPrice: 50, keywords: ['red', 'trail'], limit: 5 })).toEqual({
      category: 'shoes',
      brand: 'Acme',
      price: { $lte: 50 },
      keywords: { $all: ['red', 'trail'] },
    });
  });

  it('is empty for an empty query and ignores empty keywords', () => {
    expect(buildItemFilter({ limit: 5, keywords: [] })).toEqual({});
  });

  it('rejects operator objects smuggled in as values', () => {
    const smuggled = { category: { $ne: '' }, limit: 5 } as unknown as ItemQuery;
    expect(() => buildItemFilter(smuggled)).toThrow(expect.objectContaining({ code: 'PARLEY_STORE_INVALID_QUERY' }));
    const badWord = { keywords: [{ $gt: '' }], limit: 5 } as unknown as ItemQuery;
    expect(() => buildItemFilter(badWord)).toThrow(expect.objectContaining({ code: 'PARLEY_STORE_INVALID_QUERY' }));
    expect(() => buildItemFilter({ maxPrice: Number.NaN, limit: 5 })).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('bounds the limit', () => {
    expect(itemLimit(3)).toBe(3);
    expect(itemLimit(10 ** 9)).toBe(MAX_ITEM_LIMIT);
    expect(() => itemLimit(0)).toThrow(expect.objectContaining({ code: 'PARLEY_STORE_INVALID_QUERY' }));
    expect(() => itemLimit(1.5)).toThrow(expect.objectContaining({ code: 'PARLEY_STORE_INVALID_QUERY' }));
  });
});
