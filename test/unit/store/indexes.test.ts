import { describe, expect, it } from 'vitest';
import { COLLECTIONS, INDEXES, NATURAL_KEYS } from '../../../src/store/indexes.js';

describe('index specs', () => {
  it('cover every collection, with unique names and only FerretDB-supported options', () => {
    for (const name of Object.values(COLLECTIONS)) {
      const specs = INDEXES[name];
      expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
      for (const spec of specs) expect(Object.keys(spec).every((k) => ['name', 'keys', 'unique'].includes(k))).toBe(true);
    }
  });

  it('never repeat the natural key, which is the unique _id', () => {
    expect(NATURAL_KEYS).toEqual({
      customers: 'customerId',
      items: 'itemId',
      interactions: 'interactionId',
      orders: 'orderNumber',
      sessions: 'sessionId',
      appointments: 'appointmentId',
      decisions: 'eventId',
    });
    for (const [name, key] of Object.entries(NATURAL_KEYS)) {
      const leading = INDEXES[name as keyof typeof NATURAL_KEYS].map((s) => Object.keys(s.keys));
      expect(leading).not.toContainEqual([key]);
    }
  });
});
