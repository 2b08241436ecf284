/**
 * What the gateway and the CLI ask of the conversation pipeline: open (or resume) a session and
 * run one text turn through understanding, fulfilment and storage.
 */
import type { DialogAction, Message } from '../conversation/port.js';
import type { SynthesizeRequest } from '../speech/port.js';
import type { TurnPlayback } from '../store/port.js';

/** Who is talking, as established by the gateway (site key + optional verified token). */
export interface Identity {
  siteKey: string;
  /** The verified `sub` of the user token, or an anonymous id issued by Parley. */
  userId: string;
  anonymous: boolean;
}

/** What the client said about itself in its hello; every field already validated. */
export interface ClientContext {
  device?: 'mobile' | 'desktop' | 'tablet' | 'kiosk';
  /** ISO 3166-1 alpha-2 country, optional region. */
  geo?: { country: string; region?: string };
  /** Referrer promotion code, e.g. spring-sale. */
  promo?: string;
  /** BCP 47, e.g. en-US. */
  locale?: string;
  /** IANA time zone, e.g. Europe/Paris. */
  timeZone?: string;
}

export interface OpenSessionRequest {
  identity: Identity;
  /** Resume this session; it must belong to the same site and user. */
  sessionId?: string;
  context: ClientContext;
}

export interface OpenedSession {
  sessionId: string;
  resumed: boolean;
  /** Turns already in the session (0 for a new one). */
  turnCount: number;
  /** The slot the bot is waiting for, when resuming mid-dialog. */
  pending?: { intent: string; dialogAction: DialogAction };
}

/** A product card in a reply. */
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
  sessionId: string;
  turnId: string;
  /** All plain-text messages joined, what a text client shows. */
  text: string;
  messages: Message[];
  intent: { name: string; state: string; confidence: number };
  /** Slot name -> interpreted value (null when not yet filled). */
  slots: Record<string, string | null>;
  dialogAction: DialogAction;
  cards: ItemCard[];
  latencyMs: number;
  /** Present when the configured engine was unavailable and a fallback engine answered. */
  fallback?: { engine: string; reason: string };
  /** What a kiosk said, as the recognizer heard it (audio turns only). */
  transcript?: string;
  /** The reply as brand-voice SSML, ready to speak (present when a script rendered it). */
  speech?: ReplySpeech;
  /** The bandit decision that chose this reply's variant; rewards join to it by eventId. */
  decision?: ReplyDecision;
}

export interface ReplySpeech {
  /** A complete <speak> document, every inserted value escaped. */
  ssml: string;
  /** Voice profile name from ssml/voices. */
  voiceProfile: string;
}

export interface ReplyDecision {
  eventId: string;
  /** Script variant id chosen. */
  variant: string;
  /** Probability the policy gave the chosen variant. */
  probability: number;
}

export interface TextTurnRequest {
  identity: Identity;
  sessionId: string;
  text: string;
}

/** One spoken utterance: raw PCM, signed 16-bit little-endian, 16 kHz, mono. */
export interface AudioTurnRequest {
  identity: Identity;
  sessionId: string;
  pcm: Uint8Array;
}

/** What the client reports having done: `event.send` on the wire. */
export type EventKind = 'click' | 'add-to-cart' | 'purchase' | 'thumbs-up' | 'thumbs-down';

export interface EventRequest {
  identity: Identity;
  sessionId: string;
  event: {
    kind: EventKind;
    /** Required for click, add-to-cart and purchase; optional for thumbs (then about the reply). */
    itemId?: string;
    /** The client's id of what the event is about (e.g. the reply's turn id). */
    eventId?: string;
    /** Non-negative, e.g. a purchase amount. */
    value?: number;
    /** From the card the event is about, to attribute it to that list of recommendations. */
    recommendationId?: string;
  };
}

export interface EventAck {
  /** The stored interaction's id. */
  interactionId: string;
  /** False when the recommender could not take the event now (it is stored and counts at the next training). */
  realTime: boolean;
}

/** A reward for a bandit-chosen reply: `reward.send` on the wire. */
export interface RewardRequest {
  identity: Identity;
  sessionId: string;
  /** The reply's `decision.eventId`. */
  eventId: string;
  /** 0..1, as the client scores the reply. */
  value: number;
}

export interface RewardAck {
  /** 'duplicate': a reward was already applied to this decision; this one is recorded, not learned. */
  outcome: 'applied' | 'duplicate';
}

export interface TurnRunner {
  openSession(request: OpenSessionRequest): Promise<OpenedSession>;
  /**
   * Errors: PARLEY_SESSION_NOT_FOUND (unknown, expired or another user's session),
   * PARLEY_CONVERSATION_TEXT_INVALID, PARLEY_STORE_UNAVAILABLE (retryable).
   */
  handleText(request: TextTurnRequest): Promise<TurnReply>;
  /**
   * Stores an interaction of the session's user and tells the recommender at once. Optional: a
   * runner without it answers event.send with PARLEY_GATEWAY_NOT_IMPLEMENTED. Errors:
   * PARLEY_SESSION_NOT_FOUND, PARLEY_EVENT_ITEM_REQUIRED, PARLEY_EVENT_ITEM_UNKNOWN,
   * PARLEY_STORE_UNAVAILABLE (retryable).
   */
  handleEvent?(request: EventRequest): Promise<EventAck>;
  /**
   * Rewards the bandit decision behind one of the session's replies. Optional: a runner without
   * bandit replies answers reward.send with PARLEY_GATEWAY_NOT_IMPLEMENTED. Errors:
   * PARLEY_SESSION_NOT_FOUND, PARLEY_BANDIT_EVENT_UNKNOWN (404: unknown, or another session's),
   * PARLEY_BANDIT_EVENT_EXPIRED (410), PARLEY_BANDIT_REWARD_INVALID (not a number in 0..1).
   */
  handleReward?(request: RewardRequest): Promise<RewardAck>;
  /**
   * A spoken turn: recognized (locally or by Lex), then run as a text turn; the reply carries the
   * `transcript`. Optional: a runner without it answers audio with PARLEY_GATEWAY_NOT_IMPLEMENTED.
   * Errors: those of handleText, PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE,
   * PARLEY_CONVERSATION_AUDIO_NO_SPEECH, PARLEY_CONVERSATION_AUDIO_INVALID.
   */
  handleAudio?(request: AudioTurnRequest): Promise<TurnReply>;
}

/** Audio formats a client may ask for in its hello (Polly's, minus the telephony ones). */
export type ReplyAudioFormat = 'mp3' | 'ogg_vorbis' | 'pcm';

/**
 * How replies reach the client: `stream` sends the audio as binary WebSocket frames; `url` sends
 * `/v1/audio/<key>.<ext>` URLs of cached audio to fetch (through a CDN).
 */
export type ReplyAudioMode = 'stream' | 'url';

/** What the client asked for in `session.hello.audio` (schema-checked, not yet resolved). */
export interface ReplyAudioRequest {
  format?: ReplyAudioFormat;
  /** Hertz; checked against the format's rates. */
  sampleRate?: number;
  mode?: ReplyAudioMode;
}

/** What the client will get, echoed in `session.ready.audio`. */
export interface ReplyAudioDelivery {
  format: ReplyAudioFormat;
  sampleRate: number;
  mode: ReplyAudioMode;
  /** MIME type of the audio (audio/mpeg, audio/ogg, audio/pcm: signed 16-bit little-endian mono). */
  contentType: string;
}

/** One sentence of a reply to speak, in order. `request` is opaque to the gateway. */
export interface SpokenSentence {
  index: number;
  /** The sentence's words (what a caption shows). */
  text: string;
  request: SynthesizeRequest;
}

/** A speech mark as a client sees it: milliseconds from the start of its sentence's audio. */
export interface ReplySpeechMark {
  time: number;
  type: 'sentence' | 'word' | 'ssml' | 'viseme';
  value: string;
}

/**
 * How much of a reply's audio the client heard, as the store keeps it with the turn (TurnPlayback:
 * sentences planned, sent and begun; ms sent and heard; the outcome; billed characters made and
 * served from the cache), stamped by the store.
 */
export interface TurnPlaybackRecord extends Omit<TurnPlayback, 'at'> {
  sessionId: string;
  turnId: string;
  /** The bandit's choice the reply spoke (not stored with the playback: it teaches the variant's cache odds). */
  decision?: { intent: string; variant: string };
}

/**
 * Speaks replies for the gateway's audio stream: resolves a hello's audio request, cuts a reply
 * into sentences, synthesizes each sentence's marks and audio, and stores what was heard.
 */
export interface ReplyVoice {
  /** The SSML a reply is spoken from: its own (a bandit variant), else its text, escaped. */
  speechOf(reply: TurnReply): ReplySpeech | undefined;
  /** Throws a ValidationError (PARLEY_GATEWAY_AUDIO_UNSUPPORTED) for a rate the format lacks. */
  deliveryFor(request: ReplyAudioRequest): ReplyAudioDelivery;
  /** Throws PARLEY_SPEECH_* errors when the reply's SSML cannot be spoken. */
  sentencesOf(reply: TurnReply, delivery: ReplyAudioDelivery): SpokenSentence[];
  marks(sentence: SpokenSentence, signal: AbortSignal): Promise<ReplySpeechMark[]>;
  audio(sentence: SpokenSentence, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>>;
  /**
   * URL mode (present only with an audio cache): the URL path of the sentence's cached audio,
   * `/v1/audio/<key>.<ext>`. Read the sentence's audio() through first, so the cache holds it.
   * Undefined for a sentence holding personal data (its audio is never served by URL): send it inline.
   */
  audioUrl?(sentence: SpokenSentence): string | undefined;
  /** Billed characters of the audio given to a stream (its signal) so far: made by the engine, served from the cache. */
  charactersSpoken?(signal: AbortSignal): { synthesized: number; cached: number } | undefined;
  recordPlayback(record: TurnPlaybackRecord): Promise<void>;
}
