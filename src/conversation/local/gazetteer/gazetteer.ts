/**
 * The bundled gazetteer behind AMAZON.Country, AMAZON.City and AMAZON.FirstName: each list is
 * compiled once per process into a value matcher (longest phrase first, aliases resolve to the
 * canonical name). No typo matching here: with thousands of phrases, one edit turns ordinary
 * words into places ("plain" -> Spain).
 */
import type { SlotTypeDefinition } from '../bot-model.js';
import { SlotTypeMatcher, type ValueMatch } from '../slot-type-matcher.js';
import type { Token } from '../text-normalize.js';
import { CITY_LINES } from './cities.js';
import { COUNTRY_LINES } from './countries.js';
import { FIRST_NAMES } from './first-names.js';

export type GazetteerType = 'AMAZON.Country' | 'AMAZON.City' | 'AMAZON.FirstName';

export const GAZETTEER_TYPES: ReadonlySet<string> = new Set<GazetteerType>(['AMAZON.Country', 'AMAZON.City', 'AMAZON.FirstName']);

/**
 * Places and names that are also everyday words: in lower case, outside an answer to the slot's
 * own prompt, they are read as the word ("that's nice", "split the order", "a china mug").
 */
const EVERYDAY_WORDS: ReadonlySet<string> = new Set([
  'nice', 'split', 'bath', 'cork', 'buffalo', 'phoenix', 'aurora', 'victoria', 'lincoln', 'hamilton', 'columbus', 'madison',
  'charlotte', 'richmond', 'mesa', 'reno', 'york', 'rio', 'cali', 'sf', 'dc', 'kl', 'salvador', 'santiago', 'medina',
  'chad', 'jordan', 'georgia', 'turkey', 'china', 'guinea', 'niger', 'mali', 'oman',
  'mark', 'grace', 'rose', 'ruby', 'jack', 'frank', 'bob', 'taylor', 'kim', 'min', 'jin', 'lin', 'ola', 'kai', 'ann',
  'eli', 'hana', 'mei', 'wei', 'amber', 'leo', 'luke',
]);

const matchers = new Map<GazetteerType, SlotTypeMatcher>();

function definitionOf(type: GazetteerType): SlotTypeDefinition {
  const lines = type === 'AMAZON.Country' ? COUNTRY_LINES : type === 'AMAZON.City' ? CITY_LINES : FIRST_NAMES;
  const values = lines.map((line) => {
    const [value, ...synonyms] = line.split('|') as [string, ...string[]];
    return { value, synonyms };
  });
  return { name: type, values, resolutionStrategy: 'ORIGINAL_VALUE' };
}

export function gazetteerMatcher(type: GazetteerType): SlotTypeMatcher {
  let matcher = matchers.get(type);
  if (!matcher) {
    matcher = new SlotTypeMatcher(definitionOf(type));
    matchers.set(type, matcher);
  }
  return matcher;
}

/** Canonical names of the listed entries, in list order (samples for training). */
export function gazetteerValues(type: GazetteerType): string[] {
  return definitionOf(type).values.map((v) => v.value);
}

/**
 * Listed places or names in the tokens. An everyday word counts only when typed with a capital
 * or given as the answer to the slot's own prompt.
 */
export function findInGazetteer(type: GazetteerType, tokens: readonly Token[], isElicited: boolean): ValueMatch[] {
  return gazetteerMatcher(type)
    .findAll(tokens)
    .filter((m) => {
      if (isElicited || m.endToken - m.startToken > 1) return true;
      const token = tokens[m.startToken] as Token;
      return !EVERYDAY_WORDS.has(token.norm) || /^\p{Lu}/u.test(token.text);
    });
}
