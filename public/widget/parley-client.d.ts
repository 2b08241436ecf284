/**
 * Types of parley-client.js (plain JS served as it is, so its types live beside it). They mirror
 * docs/protocol.schema.json for what the client reads; the schema stays the authority.
 */

export declare const PROTOCOL_VERSION: 1;

export type DeviceKind = 'mobile' | 'tablet' | 'desktop';

export interface BrowserEnv {
  userAgent?: string;
  width?: number;
  coarsePointer?: boolean;
  language?: string;
  timeZone?: string;
}

export interface HelloContext {
  device: string;
  locale?: string;
  timeZone?: string;
}

export interface Limits {
  maxMessageBytes: number;
  maxTextChars: number;
  messagesPerSecond: number;
  messageBurst: number;
  maxPendingTurns: number;
}

export interface SessionReady {
  type: 'session.ready';
  id?: string;
  v: 1;
  sessionId: string;
  resumed: boolean;
  turnCount: number;
  pending?: { intent: string; dialogAction: { type: string; slotToElicit?: string } };
  userId: string;
  anonymous: boolean;
  resumeToken?: string;
  limits: Limits;
}

export interface ReplyButton {
  text: string;
  value: string;
}

export interface ReplyMessage {
  contentType: 'PlainText' | 'SSML' | 'CustomPayload' | 'ImageResponseCard';
  content?: string;
  imageResponseCard?: { title: string; subtitle?: string; imageUrl?: string; buttons?: ReplyButton[] };
}

export interface ItemCard {
  itemId: string;
  title: string;
  price: number;
  currency: string;
  brand: string;
  category: string;
  imageUrl?: string;
  recommendationId?: string;
}

export interface TurnReply {
  type: 'turn.reply';
  id?: string;
  sessionId: string;
  turnId: string;
  text: string;
  messages: ReplyMessage[];
  intent: { name: string; state: string; confidence: number };
  slots: Record<string, string | null>;
  dialogAction: { type: string; slotToElicit?: string };
  cards: ItemCard[];
  latencyMs: number;
  /** Present when a contextual bandit chose the reply's wording: reward it with client.reward(decision.eventId, value). */
  decision?: ReplyDecision;
}

/** The bandit decision behind a reply (docs/bandit.md). */
export interface ReplyDecision {
  eventId: string;
  /** The script variant said. */
  variant: string;
  probability: number;
}

/** reward.send's answer: 'applied' (learned) or 'duplicate' (a reward was already applied; recorded only). */
export interface RewardAck {
  type: 'reward.ack';
  id?: string;
  eventId: string;
  outcome: 'applied' | 'duplicate';
}

export interface ErrorMessage {
  type: 'error';
  id?: string;
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
  path?: string;
}

export type ServerMessage =
  | SessionReady
  | TurnReply
  | RewardAck
  | ErrorMessage
  | { type: 'pong'; id?: string }
  | { type: 'server.shutdown'; reconnectAfterMs: number }
  | AudioBegin
  | AudioSegment
  | AudioEnd
  | AudioError;

export type AudioFormat = 'mp3' | 'ogg_vorbis' | 'pcm';

/** session.hello `audio`. */
export interface AudioRequest {
  enabled: boolean;
  format?: AudioFormat;
  sampleRate?: number;
  mode?: 'stream' | 'url';
}

export interface AudioBegin {
  type: 'audio.begin';
  turnId: string;
  format: AudioFormat;
  sampleRate: number;
  contentType: string;
  mode: 'stream' | 'url';
  segments: number;
}

export interface AudioSegment {
  type: 'audio.segment';
  turnId: string;
  index: number;
  text: string;
  marks: Array<{ time: number; type: 'sentence' | 'word' | 'ssml' | 'viseme'; value: string }>;
  url?: string;
}

export interface AudioEnd {
  type: 'audio.end';
  id?: string;
  turnId: string;
  segments: number;
  audioMs: number;
  outcome: 'completed' | 'interrupted' | 'superseded';
}

export interface AudioError {
  type: 'audio.error';
  turnId: string;
  code: string;
  message: string;
  retryable: boolean;
  segments: number;
}

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
}

export interface SessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Method syntax makes the parameter bivariant, so handlers typed for the DOM's or `ws`'s events both fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The parts of the browser WebSocket the client uses (the `ws` package's WebSocket fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<unknown> | null;
  onerror: Handler<unknown> | null;
  binaryType?: string;
  send(data: string): void;
  close(code?: number): void;
}

export interface ParleyClientOptions {
  /** ws:// or wss:// URL of /v1/chat. */
  url: string;
  siteKey: string;
  /** A JWT the site signed for a signed-in customer. */
  token?: string;
  /** Defaults to helloContext(browserEnv()). */
  context?: HelloContext;
  /** Defaults to sessionStorage, or memory where that is unavailable. */
  storage?: SessionStorageLike;
  /** Defaults to globalThis.WebSocket. */
  WebSocket?: new (url: string) => WebSocketLike;
  backoff?: BackoffOptions;
  random?: () => number;
  /** 0 disables the heartbeat. Default 25 s. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** Ask for spoken replies in the hello. */
  audio?: AudioRequest;
}

export type ClientState = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'stopped';

export interface ClientEvents {
  status: { state: ClientState; delayMs?: number };
  ready: SessionReady;
  reply: TurnReply;
  'turn-error': { id: string; text: string; code: string; message: string; retryable: boolean };
  /** The server answered this turn, but the reply was lost with the connection. */
  'turn-lost': { id: string; text: string };
  notice: { code: string; message: string };
  'session-reset': { code: string };
  shutdown: { reconnectAfterMs: number };
  fatal: { code: string; message: string };
  pending: { count: number };
  'audio.begin': AudioBegin;
  'audio.segment': AudioSegment;
  'audio.end': AudioEnd;
  'audio.error': AudioError;
  /** A binary frame: audio of the last audio.segment. */
  'audio-chunk': ArrayBuffer;
  /** A reward sent with client.reward() was joined to its decision. */
  reward: { id: string; eventId: string; value: number; outcome: RewardAck['outcome'] };
  /** A reward was refused (unknown or expired eventId, bandit replies off, ...); `message` is for people. */
  'reward-error': { id: string; eventId: string; value: number; code: string; message: string; retryable: boolean };
}

/** What each customer signal about a bandit-chosen reply is worth (0..1). */
export declare const REPLY_REWARDS: Readonly<{ 'thumbs-up': 1; click: 0.5; 'thumbs-down': 0 }>;

export declare function backoffDelay(attempt: number, options?: BackoffOptions, random?: () => number): number;
export declare function guessDevice(env: Pick<BrowserEnv, 'userAgent' | 'width' | 'coarsePointer'>): DeviceKind;
export declare function helloContext(env: BrowserEnv): HelloContext;
export declare function browserEnv(): BrowserEnv;
export declare function codePointLength(text: string): number;
export declare function quickReplies(reply: Pick<TurnReply, 'messages' | 'dialogAction'>): ReplyButton[];
export declare function politeError(error: { code: string; retryAfterMs?: number }, limits?: Partial<Limits>): string;

export declare class ParleyClient {
  constructor(options: ParleyClientOptions);
  readonly state: ClientState;
  readonly limits: Limits | undefined;
  readonly session: { sessionId: string; resumeToken?: string } | undefined;
  readonly sessionId: string | undefined;
  readonly pendingCount: number;
  /** Rewards queued or sent and not yet answered. */
  readonly pendingRewards: number;
  on<K extends keyof ClientEvents>(type: K, listener: (detail: ClientEvents[K]) => void): () => void;
  start(): void;
  stop(): void;
  forgetSession(): void;
  reconnectNow(): void;
  send(text: string): { id: string } | { error: { code: string; message: string } };
  /** Barge-in: stop the reply audio; heardMs is how much the client played. */
  interrupt(heardMs?: number): void;
  /**
   * Rewards the decision behind a reply (`reply.decision.eventId`) with 0 (bad) to 1 (good), e.g.
   * REPLY_REWARDS['thumbs-up']; answered by a `reward` or `reward-error` event. Errors returned at
   * once: PARLEY_CLIENT_EVENT_ID_INVALID, PARLEY_BANDIT_REWARD_INVALID (not a number in 0..1).
   */
  reward(eventId: string, value: number): { id: string } | { error: { code: string; message: string } };
}
