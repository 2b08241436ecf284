/**
 * What the gateway and the CLI ask of the conversation pipeline: open (or resume) a session and
 * run one text turn through understanding, fulfilment and storage.
 */
import type { DialogAction, Message } from '../conversation/port.js';

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
}
