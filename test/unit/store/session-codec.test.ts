import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../src/store/port.js';
import { decodeState, encodeState, fromPairs, fromSessionDoc, toSessionDoc } from '../../../src/store/session-codec.js';

function session(): SessionRecord {
  const at = new Date('2025-01-02T03:04:05Z');
  return {
    sessionId: 's-1',
    siteKey: 'demo-site',
    userId: 'u-1',
    anonymous: true,
    botName: 'ParleyStore',
    localeId: 'en_US',
    context: { device: 'kiosk', 'utm.source': 'mail', $where: 'x' },
    state: {
      intent: { name: 'OrderStatus', slots: { OrderNumber: null }, state: 'InProgress' },
      sessionAttributes: { 'a.b': '1', $gt: '2', plain: '3' },
    },
    turns: [],
    createdAt: at,
    updatedAt: at,
    expiresAt: at,
  };
}

function keysOf(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into));
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, inner] of Object.entries(value)) {
      into.push(key);
      keysOf(inner, into);
    }
  }
  return into;
}

describe('session codec', () => {
  it('stores client-influenced maps as key/value pairs, so no key has a dot or leading $', () => {
    const doc = toSessionDoc(session());
    expect(keysOf(doc).filter((key) => key.includes('.') || key.startsWith('$'))).toEqual([]);
    expect(doc.state.sessionAttributes).toContainEqual({ key: 'a.b', value: '1' });
    expect(doc.turnCount).toBe(0);
  });

  it('round-trips a record exactly, dropping _id and turnCount', () => {
    const record = session();
    const doc = { _id: 'mongo-id', ...toSessionDoc(record) };
    expect(fromSessionDoc(doc)).toEqual(record);
    expect(fromSessionDoc(doc)).not.toHaveProperty('_id');
    expect(fromSessionDoc(doc)).not.toHaveProperty('turnCount');
  });

  it('leaves a state without session attributes without them', () => {
    expect(decodeState(encodeState({ dialogAction: { type: 'Close' } }))).toEqual({ dialogAction: { type: 'Close' } });
  });

  it('keeps a __proto__ key as data', () => {
    const map = fromPairs([{ key: '__proto__', value: 'x' }]);
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(Object.keys(map)).toEqual(['__proto__']);
  });
});
