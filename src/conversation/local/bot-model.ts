/**
 * Parley's normalized view of a bot in the Lex V2 export format. The loader turns
 * Manifest.json / Bot.json / BotLocale.json / Intent.json / Slot.json / SlotType.json (either
 * documented spelling) into this shape; the NLU and the dialog manager only ever see this.
 */

/** A message group: one message plus up to two variations, as in Lex. */
export interface MessageGroup {
  message: BotMessage;
  variations: BotMessage[];
}

export interface BotMessage {
  plainText?: string;
  ssml?: string;
  /** Present when the message carries an image response card. */
  card?: { title: string; subtitle?: string; imageUrl?: string; buttons?: Array<{ text: string; value: string }> };
}

export interface Prompt {
  messageGroups: MessageGroup[];
  /** 0-5: how many times a slot prompt is repeated after input that does not fill it. */
  maxRetries: number;
  selectionStrategy: 'Random' | 'Ordered';
}

export interface SlotDefinition {
  name: string;
  /** A custom slot type's name, or a built-in such as AMAZON.Number. */
  slotTypeName: string;
  required: boolean;
  prompt?: Prompt;
  /** Utterances specific to eliciting this slot, with {SlotName} placeholders. */
  sampleUtterances: string[];
  /** Lex multipleValuesSetting.allowMultipleValues. */
  allowMultipleValues: boolean;
  /** Order in which the dialog manager elicits required slots (lower first). */
  priority: number;
  /** Spoken when elicitation retries are exhausted (slotCaptureSetting.failureResponse); optional. */
  failureResponse?: MessageGroup[];
}

export interface IntentDefinition {
  name: string;
  description?: string;
  /** e.g. AMAZON.FallbackIntent for the built-in fallback. */
  parentIntentSignature?: string;
  /** With {SlotName} placeholders, as exported. */
  sampleUtterances: string[];
  /**
   * How often users say each sample utterance (same order; absent: once each). Lex holds each
   * utterance once; Parley keeps the counts beside the bot (ParleyUtteranceCounts.json) and trains
   * on each utterance as often as they say.
   */
  sampleUtteranceCounts?: number[];
  slots: SlotDefinition[];
  /** Messages spoken when the intent is first recognized (initialResponseSetting). */
  initialResponse?: MessageGroup[];
  confirmation?: {
    prompt: Prompt;
    declinationResponse?: MessageGroup[];
    /** Spoken when confirmation retries are exhausted. */
    failureResponse?: MessageGroup[];
  };
  /** Closing response (intentClosingSetting), spoken after fulfilment. */
  closingResponse?: MessageGroup[];
  /** True when fulfillmentCodeHook is enabled: the caller fulfils it (ReadyForFulfillment). */
  fulfillmentCodeHook: boolean;
}

export type ResolutionStrategy = 'ORIGINAL_VALUE' | 'TOP_RESOLUTION';

export interface SlotTypeValue {
  value: string;
  synonyms: string[];
}

export interface SlotTypeDefinition {
  name: string;
  description?: string;
  values: SlotTypeValue[];
  /** e.g. AMAZON.AlphaNumeric for a regex-restricted extension of a built-in. */
  parentSlotTypeSignature?: string;
  resolutionStrategy: ResolutionStrategy;
  regexPattern?: string;
}

export interface BotLocaleDefinition {
  /** Lex locale id, e.g. en_US. */
  localeId: string;
  name?: string;
  /** Below this NLU confidence the fallback intent is chosen (Lex default 0.40). */
  nluConfidenceThreshold: number;
  voice?: { voiceId: string; engine?: string };
  intents: IntentDefinition[];
  slotTypes: SlotTypeDefinition[];
}

export interface BotDefinition {
  name: string;
  description?: string;
  idleSessionTtlSeconds: number;
  locales: BotLocaleDefinition[];
  /** Where the bot was loaded from (folder or zip path), for messages. */
  source: string;
}
