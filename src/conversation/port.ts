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

export interface SessionState {
  dialogAction?: DialogAction;
  intent?: Intent;
  /** string -> string, as in Lex. */
  sessionAttributes?: Record<string, string>;
  originatingRequestId?: string;
}

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
