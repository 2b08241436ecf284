/**
 * The sentences a kiosk customer is likely to say to a bot, from the bot's own definition: every
 * sample utterance (intent and slot elicitation) with its {Slot} placeholders filled by values of
 * the slot's type, spoken ("400" -> "four hundred"). They train the recognizer's language model.
 */
import type { BotLocaleDefinition, SlotTypeDefinition } from '../local/bot-model.js';
import { parseTemplate } from '../local/utterance-templates.js';
import { trainingRepeats } from '../local/utterance-counts.js';
import { spokenWords } from './spoken-words.js';

/** A spoken sentence and how many times it counts in training. */
export interface WeightedSentence {
  words: string[];
  count: number;
}

/** Fillings per template: enough to teach the words around each slot, few enough to stay small. */
const FILLS_PER_TEMPLATE = 24;

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** Spoken values of the built-in slot types, as a customer says them. */
const BUILT_IN_SPOKEN: Readonly<Record<string, readonly string[]>> = {
  'AMAZON.Number': ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '12', '15', '20', '25', '30', '40', '50', '60', '70', '75', '80', '90', '100', '120', '150', '200', '250', '300', '500', '1000', 'a hundred'],
  'AMAZON.Date': [
    'today', 'tomorrow', 'the day after tomorrow', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
    'next monday', 'next friday', 'next saturday', 'this saturday', 'this weekend', 'next week', 'march third', 'june fifth', 'december first', 'the fifteenth',
  ],
  'AMAZON.Time': [
    '3 pm', '10 am', 'noon', 'midnight', '2 o\'clock', 'half past 2', '3 30', '6 45 pm', '11 in the morning', '4 in the afternoon',
    'in 2 hours', 'in the morning', 'in the afternoon', 'in the evening', '9 am', '5 pm',
  ],
  'AMAZON.Duration': ['10 minutes', '2 hours', '3 days', 'a week'],
  'AMAZON.Confirmation': ['yes', 'no', 'sure', 'yes please', 'no thanks', 'okay'],
  'AMAZON.FirstName': ['alex', 'maria', 'sam', 'john', 'anna', 'david'],
  'AMAZON.LastName': ['smith', 'garcia', 'chen', 'brown'],
  'AMAZON.City': ['seattle', 'london', 'paris', 'austin', 'tokyo', 'boston'],
  'AMAZON.Country': ['france', 'canada', 'japan', 'brazil', 'germany'],
  'AMAZON.State': ['texas', 'ohio', 'california', 'oregon'],
};

/** Open-vocabulary slots: a few phrases so the words around them are learned. */
const FREE_TEXT_SPOKEN: readonly string[] = ['the red one', 'the blue jacket', 'something light', 'the new one'];

/**
 * Every sentence of the locale, with each template counting the same in total, times how often
 * users say it where the bot has utterance counts (as the NLU trains on them).
 */
export function botSentences(locale: BotLocaleDefinition): WeightedSentence[] {
  const slotTypes = new Map(locale.slotTypes.map((t) => [t.name, t]));
  const repeats = trainingRepeats(locale);
  const sentences: WeightedSentence[] = [];
  for (const intent of locale.intents) {
    const slotValues = new Map(intent.slots.map((s) => [s.name, spokenValues(s.slotTypeName, slotTypes)]));
    intent.sampleUtterances.forEach((source, k) => {
      const times = repeats?.get(intent.name)?.[k] ?? 1;
      sentences.push(...fillTemplate(source, slotValues).map((s) => ({ ...s, count: s.count * times })));
    });
    for (const source of intent.slots.flatMap((s) => s.sampleUtterances)) sentences.push(...fillTemplate(source, slotValues));
  }
  // Each slot type's values alone, as answers to the bot's prompts ("tomorrow", "running shoes").
  const spokenTypes = new Set(locale.intents.flatMap((i) => i.slots.map((s) => s.slotTypeName)));
  for (const typeName of spokenTypes) {
    for (const value of spokenValues(typeName, slotTypes)) sentences.push({ words: value, count: 1 });
  }
  return sentences.filter((s) => s.words.length > 0);
}

/** The spoken forms of a slot type's values. */
export function spokenValues(typeName: string, slotTypes: ReadonlyMap<string, SlotTypeDefinition>): string[][] {
  const custom = slotTypes.get(typeName);
  if (custom !== undefined) {
    const phrases = custom.values.flatMap((v) => [v.value, ...v.synonyms]);
    if (phrases.length > 0) return phrases.map(spokenWords);
    if (custom.parentSlotTypeSignature === 'AMAZON.AlphaNumeric' || custom.regexPattern !== undefined) return spokenCodes();
    return BUILT_IN_SPOKEN[custom.parentSlotTypeSignature ?? '']?.map(spokenWords) ?? FREE_TEXT_SPOKEN.map(spokenWords);
  }
  if (typeName === 'AMAZON.AlphaNumeric') return spokenCodes();
  return (BUILT_IN_SPOKEN[typeName] ?? FREE_TEXT_SPOKEN).map(spokenWords);
}

/** Codes are spelled: letter names, then digits one by one ("p s one two three ..."). */
function spokenCodes(): string[][] {
  const codes: string[][] = [];
  for (let i = 0; i < 12; i += 1) {
    const letters = [LETTERS[(i * 7 + 15) % 26] as string, LETTERS[(i * 11 + 18) % 26] as string];
    const digits = Array.from({ length: 6 }, (_, k) => DIGITS[(i * 3 + k * 7) % 10] as string);
    codes.push([...letters, ...digits]);
  }
  return codes;
}

function fillTemplate(source: string, slotValues: ReadonlyMap<string, string[][]>): WeightedSentence[] {
  const template = parseTemplate(source);
  const slotParts = template.parts.filter((p) => p.kind === 'slot');
  if (slotParts.length === 0) {
    return [{ words: template.parts.flatMap((p) => (p.kind === 'words' ? p.words.flatMap(spokenWords) : [])), count: FILLS_PER_TEMPLATE }];
  }
  const sentences: WeightedSentence[] = [];
  for (let fill = 0; fill < FILLS_PER_TEMPLATE; fill += 1) {
    const words: string[] = [];
    template.parts.forEach((part, index) => {
      if (part.kind === 'words') {
        words.push(...part.words.flatMap(spokenWords));
        return;
      }
      const values = slotValues.get(part.slotName) ?? FREE_TEXT_SPOKEN.map(spokenWords);
      // A different value per fill and per slot, so every value gets its turn.
      words.push(...(values[(fill * (index + 1) + index) % values.length] ?? []));
    });
    sentences.push({ words, count: 1 });
  }
  return sentences;
}
