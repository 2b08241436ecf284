/**
 * TypeScript shapes of protocol v1 messages. docs/protocol.schema.json is the authority; these
 * types mirror it (a test validates every server message type against the schema).
 */
import type { ClientContext, ItemCard, OpenedSession, TurnReply } from '../../fulfillment/port.js';
import type { AudioHello, AudioMessage, AudioReady } from './audio-messages.js';
import type { TurnAudioBegin, TurnAudioEnd } from './audio-input.js';

export const PROTOCOL_VERSION = 1;

interface Correlated {
  /** Client correlation id (1-64 chars), echoed in the answer. */
  id?: string;
}

export interface SessionHello extends Correlated {
  type: 'session.hello';
  v: 1;
  siteKey: string;
  token?: string;
  sessionId?: string;
  resumeToken?: string;
  context: ClientContext;
  audio?: AudioHello;
}

export interface TurnText extends Correlated {
  type: 'turn.text';
  text: string;
}

export interface TurnInterrupt extends Correlated {
  type: 'turn.interrupt';
  /** How much of the playing reply the client played (ms); the server estimates it otherwise. */
  heardMs?: number;
}

export type EventKind = 'click' | 'add-to-cart' | 'purchase' | 'thumbs-up' | 'thumbs-down';

export interface EventSend extends Correlated {
  type: 'event.send';
  event: { kind: EventKind; itemId?: string; eventId?: string; value?: number; recommendationId?: string };
}

/** A reward (0..1) for the bandit decision behind a reply (`turn.reply.decision.eventId`). */
export interface RewardSend extends Correlated {
  type: 'reward.send';
  eventId: string;
  value: number;
}

export interface Ping extends Correlated {
  type: 'ping';
}

export type ClientMessage = SessionHello | TurnText | TurnInterrupt | EventSend | RewardSend | Ping | TurnAudioBegin | TurnAudioEnd;

/** Limits the server enforces on this connection, announced in session.ready. */
export interface ConnectionLimits {
  maxMessageBytes: number;
  maxTextChars: number;
  messagesPerSecond: number;
  messageBurst: number;
  /** Turns accepted ahead of their reply (the one being answered included). */
  maxPendingTurns: number;
  /** One spoken turn's caps (turn.audio.begin ... end). */
  maxAudioMs?: number;
  maxAudioBytes?: number;
  /** An open spoken turn with no frame for this long is closed (PARLEY_GATEWAY_AUDIO_IDLE). */
  audioIdleMs?: number;
}

export interface SessionReady extends Correlated {
  type: 'session.ready';
  v: 1;
  sessionId: string;
  resumed: boolean;
  turnCount: number;
  pending?: OpenedSession['pending'];
  userId: string;
  anonymous: boolean;
  resumeToken?: string;
  limits: ConnectionLimits;
  /** Present when the hello asked about audio: what the client will get. */
  audio?: AudioReady;
}

export interface TurnReplyMessage extends Correlated, TurnReply {
  type: 'turn.reply';
}

export interface ErrorMessage extends Correlated {
  type: 'error';
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
  /** JSON Pointer of the offending field. */
  path?: string;
}

export interface Pong extends Correlated {
  type: 'pong';
}

/** The event is stored; `realTime` false when the recommender will only see it at its next training. */
export interface EventAckMessage extends Correlated {
  type: 'event.ack';
  interactionId: string;
  realTime: boolean;
}

/** The reward is joined to its decision: 'applied' (learned) or 'duplicate' (recorded only). */
export interface RewardAckMessage extends Correlated {
  type: 'reward.ack';
  eventId: string;
  outcome: 'applied' | 'duplicate';
}

export interface ServerShutdown {
  type: 'server.shutdown';
  reconnectAfterMs: number;
}

export type ServerMessage = SessionReady | TurnReplyMessage | ErrorMessage | Pong | ServerShutdown | EventAckMessage | RewardAckMessage | AudioMessage;

export type { ItemCard };
