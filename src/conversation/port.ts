/**
 * The conversation port. Request and response follow Amazon Lex V2 RecognizeText
 * (lex-runtime-v2 2020-08-07), so the Lex adapter is a translation and the local engine can be
 * served at Lex's own REST paths.
 */

export type DialogActionType = 'Close' | 'ConfirmIntent' | 'Delegate' | 'ElicitIntent' | 'ElicitSlot' | 'None';
export type IntentState =
  | 'Failed'
  | 'Fulfilled'
  | 'InProgress'
  | 'ReadyForFulfillment'
  | 'Waiting'
  | 'FulfillmentInProgress';
export type ConfirmationState = 'Confirmed' | 'Denied' | 'None';

export interface DialogAction {
  type: DialogActionType;
  slotToElicit?: string;
  slotElicitationStyle?: 'Default' | 'SpellByLetter' | 'SpellByWord';
}

export interface SlotValue {
  originalValue?: string;
  /** Required by Lex: the value the bot works with. */
  interpretedValue: string;
  resolvedValues?: string[];
}

export interface Slot {
  shape?: 'Scalar' | 'List' | 'Composite';
  value?: SlotValue;
  values?: Slot[];
}

export interface Intent {
  name: string;
  /** Unfilled slots are present with a null value, as Lex returns them. */
  slots?: Record<string, Slot | null>;
  state?: IntentState;
  confirmationState?: ConfirmationState;
}

// A type alias rather than an interface, so it fits the store's open StoredConversationState.
export type SessionState = {
  dialogAction?: DialogAction;
  intent?: Intent;
  /** string -> string, as in Lex. */
  sessionAttributes?: Record<string, string>;
  originatingRequestId?: string;
};

export interface Interpretation {
  intent: Intent;
  nluConfidence?: { score: number };
  interpretationSource?: 'Lex' | 'Bedrock';
}

export interface ImageResponseCard {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  buttons?: Array<{ text: string; value: string }>;
}

export interface Message {
  contentType: 'PlainText' | 'SSML' | 'CustomPayload' | 'ImageResponseCard';
  content?: string;
  imageResponseCard?: ImageResponseCard;
}

export interface RecognizeTextRequest {
  /** 2-100 chars of [0-9a-zA-Z._:-]. */
  sessionId: string;
  /** 1-1,024 characters. */
  text: string;
  /** The session as it stood after the previous turn; absent for a new session. */
  sessionState?: SessionState;
  requestAttributes?: Record<string, string>;
  /** e.g. en_US. Defaults to the bot's first locale. */
  localeId?: string;
  /** IANA time zone used to resolve relative dates and times. */
  timeZone?: string;
}

export interface RecognizeTextResponse {
  sessionId: string;
  messages: Message[];
  sessionState: SessionState;
  /** Sorted by confidence, at most 5. */
  interpretations: Interpretation[];
  requestAttributes?: Record<string, string>;
  /** Present only when a fallback engine answered instead of the configured one. */
  fallback?: FallbackMark;
}

/**
 * Understands one utterance and advances the dialog. Stateless with respect to storage: the
 * caller passes the previous `sessionState` and keeps the returned one.
 *
 * Errors: ValidationError (PARLEY_CONVERSATION_*) for bad input; UpstreamError when a remote
 * engine is unavailable.
 */
export interface ConversationEngine {
  readonly name: string;
  recognizeText(request: RecognizeTextRequest): Promise<RecognizeTextResponse>;
}

/**
 * Marks a response answered by a fallback engine instead of the configured one. Set by
 * FallbackConversationEngine; absent on normal answers. The same fact is in
 * `requestAttributes['x-parley-fallback']` (the fallback engine's name) for Lex-shaped readers.
 */
export interface FallbackMark {
  /** The engine that answered (e.g. 'local'). */
  engine: string;
  /** The code of the primary engine's error (e.g. PARLEY_CONVERSATION_LEX_UNAVAILABLE). */
  reason: string;
}

/** The request attribute that carries the fallback engine's name on a fallback answer. */
export const FALLBACK_ATTRIBUTE = 'x-parley-fallback';

/** Identifies one stored session of the engine. */
export interface SessionKey {
  /** 2-100 chars of [0-9a-zA-Z._:-]. */
  sessionId: string;
  /** e.g. en_US; defaults to the engine's locale. */
  localeId?: string;
}

/** Lex V2 PutSession: replaces the stored session state. */
export interface PutSessionRequest extends SessionKey {
  sessionState: SessionState;
  /** Messages for the client to show next (Lex returns them back). */
  messages?: Message[];
  requestAttributes?: Record<string, string>;
}

export interface PutSessionResponse {
  sessionId: string;
  sessionState: SessionState;
  messages: Message[];
  requestAttributes?: Record<string, string>;
}

/** Lex V2 GetSession: the session as the engine stores it after the last turn. */
export interface GetSessionResponse {
  sessionId: string;
  sessionState: SessionState;
  messages: Message[];
  interpretations: Interpretation[];
}

/**
 * Optional capability of engines that keep sessions themselves (Amazon Lex does; the local
 * engine does not, the turn runner stores its state). Check with `hasConversationSessions`.
 *
 * Errors: NotFoundError (PARLEY_CONVERSATION_SESSION_NOT_FOUND) when the session does not exist
 * or expired; ValidationError for bad ids; UpstreamError when a remote engine is unavailable.
 */
export interface ConversationSessions {
  putSession(request: PutSessionRequest): Promise<PutSessionResponse>;
  getSession(key: SessionKey): Promise<GetSessionResponse>;
  /** Idempotent from the caller's view: NotFoundError means there was nothing to delete. */
  deleteSession(key: SessionKey): Promise<void>;
}

/** True when the engine also manages stored sessions (PutSession / GetSession / DeleteSession). */
export function hasConversationSessions<T extends ConversationEngine>(engine: T): engine is T & ConversationSessions {
  const candidate = engine as Partial<ConversationSessions>;
  return typeof candidate.putSession === 'function' && typeof candidate.getSession === 'function' && typeof candidate.deleteSession === 'function';
}
