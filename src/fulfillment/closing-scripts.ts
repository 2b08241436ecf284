/**
 * Replies the conversation engine closes with the bot's own words (intents without a fulfilment
 * hook, such as Greeting, Help, StoreHours and Goodbye, and the fallback) are said with the brand's
 * script for the intent when there is one, so designers tune them like every other reply and the
 * bandit learns which variant works. The variables on offer are the customer's first name (known
 * customers only) and, for the fallback, what was heard; a variant needing anything else cannot be
 * said, and when none can, the bot's words stay.
 */
import type { TemplateValue } from '../speech/index.js';
import type { Customer, CustomerRepository } from '../store/port.js';
import type { Identity } from './port.js';
import type { ScriptedReply } from './reply-variants.js';

export interface ClosingScriptsDeps {
  /** Intents with a brand script and no intent handler. */
  intents: Iterable<string>;
  /** The intent the engine falls back to; only its script gets `heard`. */
  fallbackIntent: string;
  customers?: Pick<CustomerRepository, 'get'>;
  /** A failed profile read: the script is still said, without the name. */
  onError?: (error: unknown, what: string) => void;
}

/** Longest utterance echoed back as `heard`: a longer one is not repeated to the customer. */
export const MAX_HEARD_CHARS = 60;
const MAX_HEARD_WORDS = 8;
/**
 * Words, spaces and the punctuation and symbols a voice reads naturally; markup, URLs, emoji and
 * the like are not read back (the template would escape them, but they make no sense spoken).
 */
const ECHOABLE = /^[\p{L}\p{N}][\p{L}\p{N}\p{Zs}'’,.?!&$%-]*$/u;

export class ClosingScripts {
  readonly #deps: ClosingScriptsDeps;
  readonly #intents: ReadonlySet<string>;

  constructor(deps: ClosingScriptsDeps) {
    this.#deps = deps;
    this.#intents = new Set(deps.intents);
  }

  /** The script to say an engine-closed intent with, or undefined when the intent has none. */
  async scriptFor(intent: string, turn: { identity: Identity; heard: string }): Promise<ScriptedReply | undefined> {
    if (!this.#intents.has(intent)) return undefined;
    const variables: Record<string, TemplateValue> = {};
    const customer = await this.#profile(turn.identity);
    const firstName = customer?.name.first.trim();
    if (firstName !== undefined && firstName !== '') variables['firstName'] = firstName;
    const heard = intent === this.#deps.fallbackIntent ? echoable(turn.heard) : undefined;
    if (heard !== undefined) variables['heard'] = heard;
    // The profile read here also serves the bandit's context for this reply.
    return customer === undefined ? { intent, variables } : { intent, variables, customer };
  }

  /** The customer's profile; null when there is none or it cannot be read, undefined when not looked up. */
  async #profile(identity: Identity): Promise<Customer | null | undefined> {
    if (identity.anonymous || this.#deps.customers === undefined) return undefined;
    try {
      return await this.#deps.customers.get(identity.userId);
    } catch (error) {
      this.#deps.onError?.(error, 'customer profile');
      return null;
    }
  }
}

/** The customer's words as they may be read back: short, plain, whitespace collapsed. */
export function echoable(heard: string): string | undefined {
  const text = heard.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (text === '' || text.length > MAX_HEARD_CHARS || text.split(' ').length > MAX_HEARD_WORDS) return undefined;
  return ECHOABLE.test(text) ? text : undefined;
}
