import { describe, expect, it } from 'vitest';
import { COLLECTIONS, INDEXES } from '../../../src/store/indexes.js';

describe('index specs', () => {
  it('cover every collection, with unique names and only FerretDB-supported options', () => {
    for (const name of Object.values(COLLECTIONS)) {
      const specs = INDEXES[name];
      expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
      for (const spec of specs) expect(Object.keys(spec).every((k) => ['name', 'keys', 'unique'].includes(k))).toBe(true);
    }
  });

  it('make each natural key unique', () => {
    const unique = (name: keyof typeof INDEXES): string[] =>
      INDEXES[name].filter((s) => s.unique === true).flatMap((s) => Object.keys(s.keys));
    expect(unique('customers')).toEqual(['customerId']);
    expect(unique('items')).toEqual(['itemId']);
    expect(unique('orders')).toEqual(['orderNumber']);
    expect(unique('sessions')).toEqual(['sessionId']);
    expect(unique('interactions')).toEqual(['interactionId']);
    expect(unique('decisions')).toEqual(['eventId']);
  });
});
