/**
 * Builds a Lex V2-shaped bot from labelled examples, the way a bot author would write it: one
 * intent per label, each example's slot spans replaced by {slot} placeholders as a sample
 * utterance, and one custom slot type per slot name whose values are the labelled values
 * (ORIGINAL_VALUE, so values outside the list are still taken).
 */
import type { BotDefinition, IntentDefinition, SlotDefinition, SlotTypeDefinition } from '../local/bot-model.js';
import type { NluExample } from './nlu-examples.js';

export interface BotFromExamplesOptions {
  name?: string;
  localeId?: string;
  nluConfidenceThreshold?: number;
}

/** The slot type behind slot `name` of a built bot. */
export const slotTypeNameFor = (slotName: string): string => `${slotName}_values`;

function template(example: NluExample): string {
  let out = '';
  let last = 0;
  for (const slot of example.slots) {
    out += `${example.text.slice(last, slot.start)}{${slot.name}}`;
    last = slot.end;
  }
  return (out + example.text.slice(last)).replace(/\s+/g, ' ').trim();
}

export function buildBotFromExamples(examples: readonly NluExample[], options: BotFromExamplesOptions = {}): BotDefinition {
  const intents = new Map<string, { utterances: Map<string, string>; slots: Map<string, boolean> }>();
  const values = new Map<string, Map<string, string>>();
  for (const example of examples) {
    let intent = intents.get(example.intent);
    if (!intent) {
      intent = { utterances: new Map(), slots: new Map() };
      intents.set(example.intent, intent);
    }
    // Lex rejects duplicate sample utterances (case-insensitive), so repeats collapse into one.
    const utterance = template(example);
    if (!intent.utterances.has(utterance.toLowerCase())) intent.utterances.set(utterance.toLowerCase(), utterance);
    const counts = new Map<string, number>();
    for (const slot of example.slots) {
      counts.set(slot.name, (counts.get(slot.name) ?? 0) + 1);
      intent.slots.set(slot.name, (intent.slots.get(slot.name) ?? false) || (counts.get(slot.name) ?? 0) > 1);
      const list = values.get(slot.name) ?? new Map<string, string>();
      const value = slot.value.trim();
      if (!list.has(value.toLowerCase())) list.set(value.toLowerCase(), value);
      values.set(slot.name, list);
    }
  }
  const intentDefinitions: IntentDefinition[] = [...intents].map(([name, intent]) => ({
    name,
    sampleUtterances: [...intent.utterances.values()],
    slots: [...intent.slots].map(([slotName, multiple], index): SlotDefinition => ({
      name: slotName, slotTypeName: slotTypeNameFor(slotName), required: false, sampleUtterances: [], allowMultipleValues: multiple, priority: index + 1,
    })),
    fulfillmentCodeHook: false,
  }));
  intentDefinitions.push({ name: 'FallbackIntent', parentIntentSignature: 'AMAZON.FallbackIntent', sampleUtterances: [], slots: [], fulfillmentCodeHook: false });
  const slotTypes: SlotTypeDefinition[] = [...values].map(([slotName, list]) => ({
    name: slotTypeNameFor(slotName),
    values: [...list.values()].map((value) => ({ value, synonyms: [] })),
    resolutionStrategy: 'ORIGINAL_VALUE',
  }));
  return {
    name: options.name ?? 'EvalBot',
    idleSessionTtlSeconds: 300,
    source: 'examples',
    locales: [{ localeId: options.localeId ?? 'en_US', nluConfidenceThreshold: options.nluConfidenceThreshold ?? 0.4, intents: intentDefinitions, slotTypes }],
  };
}
