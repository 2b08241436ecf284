/**
 * Session records <-> stored documents. Session attributes and context are maps whose keys a
 * client can influence; stored as keys they could contain '.' or a leading '$', which FerretDB
 * rejects and which could reach operators. So they are stored as arrays of {key, value} pairs.
 * `turnCount` mirrors `turns.length` for the optimistic-concurrency filter.
 */
import type { SessionState } from '../conversation/port.js';
import type { SessionRecord } from './port.js';

export interface KeyValue {
  key: string;
  value: string;
}

export type StoredSessionState = Omit<SessionState, 'sessionAttributes'> & { sessionAttributes?: KeyValue[] };

export interface SessionDoc extends Omit<SessionRecord, 'state' | 'context'> {
  state: StoredSessionState;
  context: KeyValue[];
  turnCount: number;
}

export function toPairs(map: Record<string, string>): KeyValue[] {
  return Object.entries(map).map(([key, value]) => ({ key, value }));
}

/** Object.fromEntries defines own properties, so a '__proto__' key stays data. */
export function fromPairs(pairs: readonly KeyValue[]): Record<string, string> {
  return Object.fromEntries(pairs.map((pair) => [pair.key, pair.value]));
}

export function encodeState(state: SessionState): StoredSessionState {
  const { sessionAttributes, ...rest } = state;
  return sessionAttributes === undefined ? rest : { ...rest, sessionAttributes: toPairs(sessionAttributes) };
}

export function decodeState(stored: StoredSessionState): SessionState {
  const { sessionAttributes, ...rest } = stored;
  return sessionAttributes === undefined ? rest : { ...rest, sessionAttributes: fromPairs(sessionAttributes) };
}

export function toSessionDoc(record: SessionRecord): SessionDoc {
  return {
    ...record,
    context: toPairs(record.context),
    state: encodeState(record.state),
    turnCount: record.turns.length,
  };
}

/** Accepts a document read with or without `_id`; returns exactly a SessionRecord. */
export function fromSessionDoc(doc: SessionDoc & { _id?: unknown }): SessionRecord {
  const { _id, turnCount, context, state, ...rest } = doc;
  return { ...rest, context: fromPairs(context), state: decodeState(state) };
}
