/**
 * Session records <-> stored documents. A session is one immutable header document (`sessions`)
 * plus one document per turn (`session_turns`), because on FerretDB 1.24 an insert is cheap and an
 * update is not (docs/storage.md). Session attributes and context are maps whose keys a client can
 * influence; stored as keys they could contain '.' or a leading '$', which FerretDB rejects and
 * which could reach operators. So they are stored as arrays of {key, value} pairs.
 */
import type { SessionRecord, SessionTurn, StoredConversationState, TurnPlayback } from './port.js';

export interface KeyValue {
  key: string;
  value: string;
}

export type StoredSessionState = Omit<StoredConversationState, 'sessionAttributes'> & { sessionAttributes?: KeyValue[] };

/** The session as created; never updated. Its state/updatedAt/expiresAt hold until the first turn. */
export interface SessionHeaderDoc extends Omit<SessionRecord, 'state' | 'context' | 'turns'> {
  state: StoredSessionState;
  context: KeyValue[];
}

/**
 * One turn and the session's state after it. The turn's body and the state are JSON text, not
 * nested fields: FerretDB's CPU per inserted document grows with its field count, and a turn
 * document with ~50 nested fields cost it about 0.96 ms against 0.35 as two strings, in batches
 * of five (docs/storage.md, "Turn documents"; bench/turn-doc-layout.ts). Only what queries or the
 * index name stays a field. Keys inside the text may come from a client (session attributes):
 * as text they never become document keys.
 */
export interface SessionTurnDoc {
  sessionId: string;
  /** 1-based; turn n is the session's n-th. */
  seq: number;
  at: Date;
  /** The SessionTurn without `at` (and without playback, which is stored apart). */
  turnJson: string;
  /** The Lex session state after this turn, attributes as a plain map. */
  stateJson: string;
  updatedAt: Date;
  expiresAt: Date;
}

/** Turn documents written before the JSON text layout: the turn's fields and `state` as fields. */
export type LegacySessionTurnDoc = SessionTurn & Omit<SessionTurnDoc, 'turnJson' | 'stateJson'> & { state: StoredSessionState };

/** What a session's latest state is made of, read from its latest turn (or its header). */
export type LatestFields = Pick<SessionTurnDoc, 'updatedAt' | 'expiresAt'> & { stateJson?: string; state?: StoredSessionState };

/**
 * `<sessionId>:<seq, 6 digits>`. The unique `_id` is what makes two writers of one turn collide.
 * Ids are only ever looked up exactly, so a seq past 999999 (7 digits) stays correct.
 */
export function turnDocId(sessionId: string, seq: number): string {
  return `${sessionId}:${String(seq).padStart(6, '0')}`;
}

export function toPairs(map: Record<string, string>): KeyValue[] {
  return Object.entries(map).map(([key, value]) => ({ key, value }));
}

/** Object.fromEntries defines own properties, so a '__proto__' key stays data. */
export function fromPairs(pairs: readonly KeyValue[]): Record<string, string> {
  return Object.fromEntries(pairs.map((pair) => [pair.key, pair.value]));
}

export function encodeState(state: StoredConversationState): StoredSessionState {
  const { sessionAttributes, ...rest } = state;
  return sessionAttributes === undefined ? rest : { ...rest, sessionAttributes: toPairs(sessionAttributes) };
}

export function decodeState(stored: StoredSessionState): StoredConversationState {
  const { sessionAttributes, ...rest } = stored;
  return sessionAttributes === undefined ? rest : { ...rest, sessionAttributes: fromPairs(sessionAttributes) };
}

export function toHeaderDoc(record: SessionRecord): SessionHeaderDoc {
  const { turns, ...rest } = record;
  return { ...rest, context: toPairs(record.context), state: encodeState(record.state) };
}

/**
 * Picks the header's fields by name, so fields of older session documents (embedded `turns`,
 * `turnCount`) never leak into a record.
 */
export function fromHeaderDoc(doc: SessionHeaderDoc): Omit<SessionRecord, 'turns'> {
  return {
    sessionId: doc.sessionId,
    siteKey: doc.siteKey,
    userId: doc.userId,
    anonymous: doc.anonymous,
    botName: doc.botName,
    localeId: doc.localeId,
    context: fromPairs(doc.context),
    state: decodeState(doc.state),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    expiresAt: doc.expiresAt,
  };
}

export function toTurnDoc(sessionId: string, seq: number, turn: SessionTurn, latest: { state: StoredConversationState; updatedAt: Date; expiresAt: Date }): SessionTurnDoc {
  const { at, playback, ...body } = turn;
  return { sessionId, seq, at, turnJson: JSON.stringify(body), stateJson: JSON.stringify(latest.state), updatedAt: latest.updatedAt, expiresAt: latest.expiresAt };
}

/** Accepts a document read with or without `_id`, in either layout; returns exactly a SessionTurn. */
export function fromTurnDoc(doc: (SessionTurnDoc | LegacySessionTurnDoc) & { _id?: unknown }): SessionTurn {
  if ('turnJson' in doc) return { ...(JSON.parse(doc.turnJson) as Omit<SessionTurn, 'at'>), at: doc.at };
  const { _id, sessionId, seq, state, updatedAt, expiresAt, ...turn } = doc;
  return turn;
}

/** The record's latest state/updatedAt/expiresAt, decoded from either layout. */
export function latestOf(latest: LatestFields): Pick<SessionRecord, 'state' | 'updatedAt' | 'expiresAt'> {
  const state = latest.stateJson !== undefined ? (JSON.parse(latest.stateJson) as StoredConversationState) : decodeState(latest.state ?? {});
  return { state, updatedAt: latest.updatedAt, expiresAt: latest.expiresAt };
}

/** How much of one turn's spoken reply was heard: `_id` = playbackDocId(sessionId, turnId). */
export interface SessionPlaybackDoc extends TurnPlayback {
  sessionId: string;
  turnId: string;
}

export function playbackDocId(sessionId: string, turnId: string): string {
  return `${sessionId}:${turnId}`;
}

/** Each turn with its playback record, when one was stored. */
export function withPlayback(turns: SessionTurn[], docs: readonly SessionPlaybackDoc[]): SessionTurn[] {
  if (docs.length === 0) return turns;
  const byTurn = new Map(docs.map((doc) => [doc.turnId, doc]));
  return turns.map((turn) => {
    const doc = byTurn.get(turn.turnId);
    if (doc === undefined) return turn;
    const { segments, segmentsSent, segmentsHeard, audioMs, heardMs, outcome, characters, at } = doc;
    return { ...turn, playback: { segments, segmentsSent, segmentsHeard, audioMs, heardMs, outcome, ...(characters === undefined ? {} : { characters }), at } };
  });
}
