/**
 * An intent handler fulfils one intent once the dialog has every slot it needs (Lex's
 * ReadyForFulfillment): it looks things up and says the answer. Handlers never see the socket.
 */
import type { Intent, Message } from '../conversation/port.js';
import type { ClientContext, Identity, ItemCard } from './port.js';
import type { ScriptedReply } from './reply-variants.js';

export interface FulfillmentRequest {
  intent: Intent;
  /** Slot name -> interpreted value (null when unfilled). */
  slots: Record<string, string | null>;
  identity: Identity;
  sessionId: string;
  context: ClientContext;
  now: Date;
}

export interface FulfillmentResult {
  state: 'Fulfilled' | 'Failed';
  messages: Message[];
  cards?: ItemCard[];
  /** Values to keep in the session's attributes for later turns (string -> string, as in Lex). */
  sessionAttributes?: Record<string, string>;
  /** The same answer as script variables: when a variant is chosen, its rendering replaces `messages`. */
  script?: ScriptedReply;
}

export type IntentHandler = (request: FulfillmentRequest) => Promise<FulfillmentResult>;

export function plainText(content: string): Message {
  return { contentType: 'PlainText', content };
}
