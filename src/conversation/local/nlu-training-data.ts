/**
 * Turns a bot locale into weighted training text: every sample utterance expanded with sampled
 * slot values, plus a variant with slot-class tokens, plus synthesized out-of-scope utterances
 * labelled with the fallback intent.
 */
import type { BotLocaleDefinition, IntentDefinition } from './bot-model.js';
import { FUNCTION_WORDS, GENERAL_WORDS, NONSENSE_LETTERS, OUT_OF_SCOPE_FRAMES } from './out-of-scope-words.js';
import { SeededRandom } from './seeded-random.js';
import { sampleValuesFor } from './slot-samples.js';
import { delexTokenFor } from './nlu-delexicalizer.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import { tokenize } from './text-normalize.js';
import { parseTemplate, type UtteranceTemplate } from './utterance-templates.js';

export interface TrainingText {
  /** Normalized words as a user might say them. */
  words: string[];
  /** When set, used as the delexicalized view instead of running the delexicalizer. */
  delexWords?: string[];
  label: number;
  weight: number;
  /**
   * The sample utterance (or synthesized negative) this text comes from, so that calibration can
   * hold whole templates out; absent for texts that must always be trained on (listed values).
   */
  group?: number;
  /** Words shown to the classifier as unknown (slot values dropped out, see UNKNOWN_VALUE_RATE). */
  unknown?: boolean[];
}

/**
 * Share of sampled slot values whose words are shown as unknown words: users name titles and
 * products the bot never listed, and the classifier must learn that an unknown word where a
 * value goes is normal, while unknown words in place of the carrier phrase are out of scope.
 */
export const UNKNOWN_VALUE_RATE = 0.25;

export interface TrainingTextOptions {
  /** Expansions with sampled values per template that has placeholders. */
  expansionsPerTemplate: number;
  /** Weight of each listed slot value shown alone as an example of the intents that use its type. */
  valueWeight?: number;
  seed: number | string;
}

export const FALLBACK_SIGNATURE = 'AMAZON.FallbackIntent';

export function isFallbackIntent(intent: IntentDefinition): boolean {
  return intent.parentIntentSignature === FALLBACK_SIGNATURE;
}

export function buildTrainingTexts(
  locale: BotLocaleDefinition,
  labels: readonly string[],
  fallbackLabel: number,
  registry: SlotTypeRegistry,
  options: TrainingTextOptions,
): TrainingText[] {
  const random = new SeededRandom(options.seed);
  const texts: TrainingText[] = [];
  let templateCount = 0;
  for (const intent of locale.intents) {
    const label = labels.indexOf(intent.name);
    if (label < 0 || label === fallbackLabel) continue;
    const slotTypes = new Map(intent.slots.map((s) => [s.name, s.slotTypeName]));
    for (const source of intent.sampleUtterances) {
      const group = templateCount;
      templateCount += 1;
      for (const t of expandTemplate(parseTemplate(source), slotTypes, registry, label, random, options.expansionsPerTemplate)) texts.push({ ...t, group });
    }
  }
  if (options.valueWeight) texts.push(...valueTexts(locale, labels, fallbackLabel, registry, options.valueWeight));
  balanceIntents(texts);
  const negatives = Math.min(800, Math.max(100, Math.round(templateCount * 1.2)));
  const vocabulary = outOfScopeVocabulary(locale);
  const frames = outOfScopeFrames(locale);
  for (let i = 0; i < negatives; i += 1) texts.push({ words: outOfScopeWords(random, vocabulary, frames), label: fallbackLabel, weight: 1, group: templateCount + i });
  return texts;
}

function expandTemplate(
  template: UtteranceTemplate,
  slotTypes: ReadonlyMap<string, string>,
  registry: SlotTypeRegistry,
  label: number,
  random: SeededRandom,
  expansions: number,
): TrainingText[] {
  const hasSlots = template.parts.some((p) => p.kind === 'slot');
  if (!hasSlots) return [{ words: template.parts.flatMap((p) => (p.kind === 'words' ? p.words : [])), label, weight: 1 }];
  const variants: TrainingText[] = [];
  for (let n = 0; n < expansions; n += 1) {
    const words: string[] = [];
    const unknown: boolean[] = [];
    for (const part of template.parts) {
      if (part.kind === 'words') {
        words.push(...part.words);
        unknown.push(...part.words.map(() => false));
      } else {
        const samples = sampleValuesFor(slotTypes.get(part.slotName) ?? 'AMAZON.FreeFormInput', registry);
        if (samples.length === 0) continue;
        const valueWords = tokenize(random.pick(samples)).map((t) => t.norm);
        const dropped = random.next() < UNKNOWN_VALUE_RATE;
        words.push(...valueWords);
        unknown.push(...valueWords.map(() => dropped));
      }
    }
    variants.push({ words, label, weight: 0, unknown });
  }
  // The class-token variant: carrier words as raw text, placeholders as class tokens.
  const carrier = template.parts.flatMap((p) => (p.kind === 'words' ? p.words : []));
  const delex = template.parts.flatMap((p) => {
    if (p.kind === 'words') return p.words;
    const token = delexTokenFor(slotTypes.get(p.slotName) ?? '', registry);
    return token ? [token] : [];
  });
  variants.push({ words: carrier, delexWords: delex, label, weight: 0 });
  for (const v of variants) v.weight = 1 / variants.length;
  return variants;
}

function outOfScopeVocabulary(locale: BotLocaleDefinition): string[] {
  const botWords = new Set<string>();
  for (const intent of locale.intents) {
    for (const u of intent.sampleUtterances) for (const part of parseTemplate(u).parts) if (part.kind === 'words') part.words.forEach((w) => botWords.add(w));
  }
  const functionWords = new Set(FUNCTION_WORDS);
  return [...FUNCTION_WORDS, ...GENERAL_WORDS.filter((w) => functionWords.has(w) || !botWords.has(w))];
}

/**
 * The chit-chat frames the bot does not use itself. A frame that is one of the bot's own sample
 * utterances with its slots as the blanks ("play some {}" against "play some {artist}") would
 * teach that an unlisted value in an in-scope phrase is out of scope.
 */
export function outOfScopeFrames(locale: BotLocaleDefinition): string[] {
  const shapes: string[] = [];
  for (const intent of locale.intents) {
    for (const u of intent.sampleUtterances) shapes.push(` ${parseTemplate(u).parts.flatMap((p) => (p.kind === 'words' ? p.words : ['{}'])).join(' ')} `);
  }
  return OUT_OF_SCOPE_FRAMES.filter((frame) => !shapes.some((shape) => shape.includes(` ${frame} `)));
}

function outOfScopeWords(random: SeededRandom, vocabulary: readonly string[], frames: readonly string[]): string[] {
  const roll = random.next();
  if (roll < 0.3 && frames.length > 0) {
    const content = vocabulary.slice(FUNCTION_WORDS.length);
    return random.pick(frames).split(' ').map((w) => (w === '{}' ? random.pick(content) : w));
  }
  if (roll < 0.5) {
    const count = 1 + random.int(3);
    return Array.from({ length: count }, () => nonsenseWord(random));
  }
  const length = 2 + random.int(6);
  return Array.from({ length }, () => random.pick(vocabulary));
}

function nonsenseWord(random: SeededRandom): string {
  const length = 3 + random.int(5);
  let word = '';
  for (let i = 0; i < length; i += 1) word += NONSENSE_LETTERS.charAt(random.int(NONSENSE_LETTERS.length));
  return word;
}

/**
 * Gives every intent the same total weight. Duplicate utterances collapse in a Lex bot, so an
 * intent whose users phrase it one way ("find {title}") ends up with few utterances, and without
 * this its prior would lose to a look-alike intent with many.
 */
function balanceIntents(texts: TrainingText[]): void {
  const totals = new Map<number, number>();
  for (const t of texts) totals.set(t.label, (totals.get(t.label) ?? 0) + t.weight);
  if (totals.size === 0) return;
  const mean = [...totals.values()].reduce((a, b) => a + b, 0) / totals.size;
  for (const t of texts) t.weight *= mean / (totals.get(t.label) ?? mean);
}

/**
 * Every listed value of a custom type, alone, as a light example of the intents with a slot of
 * that type. Large bots collapse many utterances into one template ("find {title}"), so the few
 * sampled expansions alone would hide which words (titles, artists) point to which intent.
 */
function valueTexts(locale: BotLocaleDefinition, labels: readonly string[], fallbackLabel: number, registry: SlotTypeRegistry, weight: number): TrainingText[] {
  const users = new Map<string, number[]>();
  for (const intent of locale.intents) {
    const label = labels.indexOf(intent.name);
    if (label < 0 || label === fallbackLabel) continue;
    for (const slot of intent.slots) {
      const list = users.get(slot.slotTypeName) ?? [];
      if (!list.includes(label)) list.push(label);
      users.set(slot.slotTypeName, list);
    }
  }
  const texts: TrainingText[] = [];
  for (const [typeName, intentLabels] of users) {
    const compiled = registry.get(typeName);
    if (!compiled || compiled.regex) continue;
    for (const value of compiled.definition.values) {
      const words = tokenize(value.value).map((t) => t.norm);
      if (words.length === 0) continue;
      for (const label of intentLabels) texts.push({ words, label, weight: weight / intentLabels.length });
    }
  }
  return texts;
}
