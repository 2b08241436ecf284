import { describe, expect, it } from 'vitest';
import type { SessionRecord, SessionTurn } from '../../../src/store/port.js';
import {
  decodeState,
  encodeState,
  fromHeaderDoc,
  fromPairs,
  fromTurnDoc,
  latestOf,
  toHeaderDoc,
  toTurnDoc,
  turnDocId,
} from '../../../src/store/session-codec.js';

const AT = new Date('2025-01-02T03:04:05Z');

function session(): SessionRecord {
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
    createdAt: AT,
    updatedAt: AT,
    expiresAt: AT,
  };
}

const TURN: SessionTurn = {
  turnId: 't-1',
  at: AT,
  input: { kind: 'text', text: 'hi' },
  slots: [{ name: 'OrderNumber', value: null }],
  replyText: 'Hello!',
  latencyMs: 3,
};

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
    const header = toHeaderDoc(session());
    const turn = toTurnDoc('s-1', 1, TURN, { state: session().state, updatedAt: AT, expiresAt: AT });
    for (const doc of [header, turn]) expect(keysOf(doc).filter((key) => key.includes('.') || key.startsWith('$'))).toEqual([]);
    expect(header.state.sessionAttributes).toContainEqual({ key: 'a.b', value: '1' });
    // In a turn document the state is JSON text: its keys are data, never document keys.
    expect(JSON.parse(turn.stateJson)).toEqual(session().state);
    expect(header).not.toHaveProperty('turns');
  });

  it('stores a turn as a few fields and two JSON texts (FerretDB pays per field)', () => {
    const doc = toTurnDoc('s-1', 2, TURN, { state: session().state, updatedAt: AT, expiresAt: AT });
    expect(Object.keys(doc).sort()).toEqual(['at', 'expiresAt', 'seq', 'sessionId', 'stateJson', 'turnJson', 'updatedAt']);
    expect(latestOf(doc)).toEqual({ state: session().state, updatedAt: AT, expiresAt: AT });
  });

  it('reads turn documents of the layout before the JSON texts', () => {
    const legacy = { _id: turnDocId('s-1', 1), ...TURN, sessionId: 's-1', seq: 1, state: encodeState(session().state), updatedAt: AT, expiresAt: AT };
    expect(fromTurnDoc(legacy)).toEqual(TURN);
    expect(latestOf(legacy)).toEqual({ state: session().state, updatedAt: AT, expiresAt: AT });
  });

  it('round-trips a header exactly, dropping _id and fields of older session documents', () => {
    const { turns, ...record } = session();
    const doc = { _id: 'mongo-id', ...toHeaderDoc(session()), turns: [TURN], turnCount: 1 };
    expect(fromHeaderDoc(doc)).toEqual(record);
  });

  it('round-trips a turn exactly, dropping _id, seq and the state stored with it', () => {
    const doc = { _id: turnDocId('s-1', 1), ...toTurnDoc('s-1', 1, TURN, { state: {}, updatedAt: AT, expiresAt: AT }) };
    expect(doc).toMatchObject({ sessionId: 's-1', seq: 1, stateJson: '{}' });
    expect(fromTurnDoc(doc)).toEqual(TURN);
    // Playback is stored apart (session_playback), never inside the turn's text.
    const heard = { segments: 1, segmentsSent: 1, segmentsHeard: 1, audioMs: 900, heardMs: 900, outcome: 'completed' as const, at: AT };
    expect(fromTurnDoc(toTurnDoc('s-1', 1, { ...TURN, playback: heard }, { state: {}, updatedAt: AT, expiresAt: AT }))).toEqual(TURN);
  });

  it('keys turns by session id and a zero-padded seq', () => {
    expect(turnDocId('s-1', 1)).toBe('s-1:000001');
    expect(turnDocId('s-1', 123456)).toBe('s-1:123456');
    expect(turnDocId('s-1', 1234567)).toBe('s-1:1234567');
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
