/**
 * Lex V2 dialog semantics over SessionState: elicit required slots in priority order with retries,
 * confirm, then hand over for fulfilment (ReadyForFulfillment) or close with the closing response.
 * Stateless: everything a later turn needs is in the returned sessionState.
 */
import type { BotLocaleDefinition, IntentDefinition, MessageGroup, SlotDefinition } from './bot-model.js';
import { findConfirmation } from './confirmation-parse.js';
import { CONFIRMATION_KEY, readInternal, writeInternal, type InternalState } from './dialog-internal-state.js';
import { plainText, renderGroups, renderPrompt, type MessageContext } from './dialog-messages.js';
import type { IntentRecognition, IntentRecognizer } from './intent-recognizer.js';
import { settleByReading } from './intent-reading.js';
import type { SlotFiller } from './slot-filler.js';
import type { Token } from './text-normalize.js';
import type { LocalNow } from './zoned-clock.js';
import type { DialogAction, Intent, Interpretation, Message, SessionState, Slot } from '../port.js';

export interface TurnInput {
  sessionId: string;
  text: string;
  tokens: readonly Token[];
  now: LocalNow;
  previous: SessionState | undefined;
}

export interface TurnResult {
  messages: Message[];
  sessionState: SessionState;
  interpretations: Interpretation[];
}

export const DEFAULT_FALLBACK_MESSAGE = "Sorry, I didn't get that. Could you say it another way?";
export const DEFAULT_SLOT_FAILURE_MESSAGE = "Sorry, I'm having trouble understanding. Let's start over.";
export const DEFAULT_DECLINATION_MESSAGE = "Okay, I won't do that.";
/** A different intent must be at least this confident to interrupt a slot or confirmation. */
const SWITCH_CONFIDENCE = 0.6;
const DEFAULT_MAX_RETRIES = 2;

interface Turn {
  input: TurnInput;
  internal: InternalState;
  recognition: IntentRecognition;
  attributes: Record<string, string>;
}

interface Outcome {
  intent: Intent;
  dialogAction: DialogAction;
  messages: Message[];
}

export class DialogManager {
  private readonly intents: Map<string, IntentDefinition>;
  private readonly recognizer: IntentRecognizer;
  private readonly filler: SlotFiller;
  private readonly seed: string;

  constructor(locale: BotLocaleDefinition, recognizer: IntentRecognizer, filler: SlotFiller, seed: string) {
    this.intents = new Map(locale.intents.map((i) => [i.name, i]));
    this.recognizer = recognizer;
    this.filler = filler;
    this.seed = seed;
  }

  turn(input: TurnInput): TurnResult {
    const previous = input.previous;
    const internal = readInternal(previous?.sessionAttributes);
    internal.turn += 1;
    const recognition = settleByReading(this.recognizer.recognize(input.tokens), this.recognizer.fallbackIntentName, (intent) => this.filler.readingScore(input.tokens, intent));
    const turn: Turn = { input, internal, recognition, attributes: previous?.sessionAttributes ?? {} };
    const outcome = this.decide(turn);
    const sessionState: SessionState = {
      dialogAction: outcome.dialogAction,
      intent: outcome.intent,
      sessionAttributes: writeInternal(previous?.sessionAttributes, internal),
      ...(previous?.originatingRequestId === undefined ? {} : { originatingRequestId: previous.originatingRequestId }),
    };
    return { messages: outcome.messages, sessionState, interpretations: this.interpretations(turn.recognition, outcome.intent) };
  }

  private decide(turn: Turn): Outcome {
    const previous = turn.input.previous;
    const active = previous?.intent;
    const action = previous?.dialogAction;
    const definition = active ? this.intents.get(active.name) : undefined;
    if (active && definition && active.state === 'InProgress') {
      if (action?.type === 'ElicitSlot' && action.slotToElicit) return this.onSlotAnswer(turn, definition, active, action.slotToElicit);
      if (action?.type === 'ConfirmIntent') return this.onConfirmationAnswer(turn, definition, active);
    }
    return this.onNewUtterance(turn);
  }

  private onNewUtterance(turn: Turn): Outcome {
    const definition = this.intents.get(turn.recognition.intentName);
    if (turn.recognition.isFallback || !definition) return this.fallback(turn);
    return this.startIntent(turn, definition);
  }

  private startIntent(turn: Turn, definition: IntentDefinition): Outcome {
    turn.internal.retries = {};
    const found = this.filler.fill(definition.name, this.fillInput(turn));
    const intent: Intent = { name: definition.name, slots: { ...emptySlots(definition), ...found }, state: 'InProgress', confirmationState: 'None' };
    const initial = renderGroups(definition.initialResponse, this.context(turn, intent, 'initial'));
    return this.advance(turn, definition, intent, initial);
  }

  private onSlotAnswer(turn: Turn, definition: IntentDefinition, active: Intent, slotName: string): Outcome {
    // The elicited slot is tried on the whole utterance before the intent is reconsidered.
    const found = this.filler.fill(definition.name, this.fillInput(turn, slotName));
    const intent: Intent = { ...active, slots: { ...emptySlots(definition), ...active.slots, ...found } };
    if (found[slotName]) {
      delete turn.internal.retries[slotName];
      return this.advance(turn, definition, intent, []);
    }
    const switched = this.switchTarget(turn, definition.name);
    if (switched) return this.startIntent(turn, switched);
    const slot = definition.slots.find((s) => s.name === slotName);
    const attempts = (turn.internal.retries[slotName] ?? 0) + 1;
    if (!slot || attempts > (slot.prompt?.maxRetries ?? DEFAULT_MAX_RETRIES)) {
      turn.internal.retries = {};
      return this.fail(turn, intent, slot?.failureResponse, DEFAULT_SLOT_FAILURE_MESSAGE);
    }
    turn.internal.retries[slotName] = attempts;
    return this.elicit(turn, intent, slot, attempts, []);
  }

  private onConfirmationAnswer(turn: Turn, definition: IntentDefinition, active: Intent): Outcome {
    const answer = findConfirmation(turn.input.tokens)?.value;
    const confirmation = definition.confirmation;
    if (answer === 'Yes' || !confirmation) {
      delete turn.internal.retries[CONFIRMATION_KEY];
      return this.fulfil(turn, definition, { ...active, confirmationState: 'Confirmed' }, []);
    }
    if (answer === 'No') {
      turn.internal.retries = {};
      const denied: Intent = { ...active, confirmationState: 'Denied', state: 'Failed' };
      const messages = renderGroups(confirmation.declinationResponse, this.context(turn, denied, 'declination'));
      return { intent: denied, dialogAction: { type: 'Close' }, messages: messages.length > 0 ? messages : [plainText(DEFAULT_DECLINATION_MESSAGE)] };
    }
    const switched = this.switchTarget(turn, definition.name);
    if (switched) return this.startIntent(turn, switched);
    const attempts = (turn.internal.retries[CONFIRMATION_KEY] ?? 0) + 1;
    if (attempts > confirmation.prompt.maxRetries) {
      turn.internal.retries = {};
      return this.fail(turn, active, confirmation.failureResponse, DEFAULT_SLOT_FAILURE_MESSAGE);
    }
    turn.internal.retries[CONFIRMATION_KEY] = attempts;
    return this.confirm(turn, definition, active, attempts, []);
  }

  /** The intent to switch to when the user clearly asked for something else, else undefined. */
  private switchTarget(turn: Turn, activeName: string): IntentDefinition | undefined {
    const { recognition } = turn;
    const best = recognition.ranked[0];
    if (recognition.isFallback || !best || recognition.intentName === activeName) return undefined;
    if (best.score < Math.max(SWITCH_CONFIDENCE, this.recognizer.threshold)) return undefined;
    return this.intents.get(recognition.intentName);
  }

  private advance(turn: Turn, definition: IntentDefinition, intent: Intent, before: Message[]): Outcome {
    const missing = [...definition.slots]
      .filter((s) => s.required && !intent.slots?.[s.name])
      .sort((a, b) => a.priority - b.priority)[0];
    if (missing) return this.elicit(turn, intent, missing, turn.internal.retries[missing.name] ?? 0, before);
    if (definition.confirmation && intent.confirmationState !== 'Confirmed') {
      return this.confirm(turn, definition, intent, turn.internal.retries[CONFIRMATION_KEY] ?? 0, before);
    }
    return this.fulfil(turn, definition, intent, before);
  }

  private elicit(turn: Turn, intent: Intent, slot: SlotDefinition, attempt: number, before: Message[]): Outcome {
    const prompt = slot.prompt
      ? renderPrompt(slot.prompt, attempt, this.context(turn, intent, `elicit:${slot.name}`))
      : [plainText(`What ${slot.name} would you like?`)];
    return { intent: { ...intent, state: 'InProgress' }, dialogAction: { type: 'ElicitSlot', slotToElicit: slot.name }, messages: [...before, ...prompt] };
  }

  private confirm(turn: Turn, definition: IntentDefinition, intent: Intent, attempt: number, before: Message[]): Outcome {
    const prompt = definition.confirmation
      ? renderPrompt(definition.confirmation.prompt, attempt, this.context(turn, intent, 'confirm'))
      : [];
    return { intent: { ...intent, state: 'InProgress', confirmationState: 'None' }, dialogAction: { type: 'ConfirmIntent' }, messages: [...before, ...prompt] };
  }

  private fulfil(turn: Turn, definition: IntentDefinition, intent: Intent, before: Message[]): Outcome {
    turn.internal.retries = {};
    if (definition.fulfillmentCodeHook) {
      // The caller fulfils, then appends closingMessages(): Lex's ReadyForFulfillment hand-over.
      return { intent: { ...intent, state: 'ReadyForFulfillment' }, dialogAction: { type: 'Close' }, messages: before };
    }
    const fulfilled: Intent = { ...intent, state: 'Fulfilled' };
    const closing = renderGroups(definition.closingResponse, this.context(turn, fulfilled, 'closing'));
    return { intent: fulfilled, dialogAction: { type: 'Close' }, messages: [...before, ...closing] };
  }

  private fail(turn: Turn, intent: Intent, groups: MessageGroup[] | undefined, fallbackText: string): Outcome {
    const failed: Intent = { ...intent, state: 'Failed' };
    const messages = renderGroups(groups, this.context(turn, failed, 'failure'));
    return { intent: failed, dialogAction: { type: 'Close' }, messages: messages.length > 0 ? messages : [plainText(fallbackText)] };
  }

  private fallback(turn: Turn): Outcome {
    turn.internal.retries = {};
    const name = this.recognizer.fallbackIntentName;
    const definition = this.intents.get(name);
    const intent: Intent = { name, slots: {}, state: 'Fulfilled', confirmationState: 'None' };
    const messages = renderGroups(definition?.closingResponse ?? definition?.initialResponse, this.context(turn, intent, 'fallback'));
    return { intent, dialogAction: { type: 'ElicitIntent' }, messages: messages.length > 0 ? messages : [plainText(DEFAULT_FALLBACK_MESSAGE)] };
  }

  private fillInput(turn: Turn, elicitingSlot?: string): Parameters<SlotFiller['fill']>[1] {
    const { text, tokens, now } = turn.input;
    return elicitingSlot === undefined ? { text, tokens, now } : { text, tokens, now, elicitingSlot };
  }

  private context(turn: Turn, intent: Intent, purpose: string): MessageContext {
    return {
      slots: intent.slots ?? {},
      sessionAttributes: turn.attributes,
      seed: `${this.seed}:${turn.input.sessionId}:${turn.internal.turn}:${purpose}`,
    };
  }

  private interpretations(recognition: IntentRecognition, final: Intent): Interpretation[] {
    const list: Interpretation[] = recognition.ranked.map((s) => ({
      intent: s.intentName === final.name ? final : { name: s.intentName, slots: emptySlots(this.intents.get(s.intentName)) },
      nluConfidence: { score: s.score },
      interpretationSource: 'Lex',
    }));
    // The intent the dialog acts on comes first, as Lex returns it (it may be a continuing intent).
    const index = list.findIndex((i) => i.intent.name === final.name);
    if (index > 0) list.unshift(...list.splice(index, 1));
    if (index < 0) list.unshift({ intent: final, interpretationSource: 'Lex' });
    return list.slice(0, 5);
  }
}

/** Every slot of the intent with a null value, as Lex lists unfilled slots. */
export function emptySlots(definition: IntentDefinition | undefined): Record<string, Slot | null> {
  const slots: Record<string, Slot | null> = {};
  for (const slot of definition?.slots ?? []) slots[slot.name] = null;
  return slots;
}

