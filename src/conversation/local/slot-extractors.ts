/**
 * Candidate values for one slot, by the behaviour of its type. Each candidate carries its span so
 * that the slot filler can keep slots from claiming the same words.
 */
import type { SlotDefinition } from './bot-model.js';
import { findConfirmation } from './confirmation-parse.js';
import { findDates } from './date-parse.js';
import { findByCarrier, wholeUtterance, type TokenSpan } from './free-text-slot.js';
import { findInGazetteer, type GazetteerType } from './gazetteer/gazetteer.js';
import { findNumbers, formatNumber } from './number-parse.js';
import { findRegexValues } from './regex-slot-matcher.js';
import type { CompiledSlotType, SlotTypeRegistry } from './slot-type-registry.js';
import type { Token } from './text-normalize.js';
import { findTimes } from './time-parse.js';
import type { SlotContext } from './utterance-templates.js';
import type { LocalNow } from './zoned-clock.js';

export interface SlotCandidate {
  startToken: number;
  endToken: number;
  interpretedValue: string;
  resolvedValues: string[];
  /** Free-text candidates found by carrier words; lower trust than a vocabulary match. */
  isFreeText: boolean;
}

export interface ExtractionInput {
  tokens: readonly Token[];
  text: string;
  now: LocalNow;
  /** Carrier contexts of the slot in the intent's utterances. */
  contexts: readonly SlotContext[];
  /** Contexts from the slot's own elicitation utterances ("it's {ItemName}"). */
  elicitationContexts: readonly SlotContext[];
  isElicited: boolean;
  /**
   * False when a free-text guess for this slot would be dropped anyway (the tagger's word is final
   * for it, see taggerAllows), so the carrier-word search is not run. Default true.
   */
  wantsFreeText?: boolean;
}

export function extractCandidates(slot: SlotDefinition, registry: SlotTypeRegistry, input: ExtractionInput): SlotCandidate[] {
  const compiled = registry.get(slot.slotTypeName);
  const base = registry.baseTypeOf(slot.slotTypeName);
  if (compiled?.regex) return regexCandidates(compiled.regex, input);
  if (compiled && !compiled.matcher.isEmpty) return customCandidates(compiled, input);
  switch (base) {
    case 'AMAZON.Number':
      return findNumbers(input.tokens).map((m) => scalar(m, formatNumber(m.value)));
    case 'AMAZON.Date':
      return findDates(input.tokens, input.now).map((m) => scalar(m, m.iso));
    case 'AMAZON.Time':
      return findTimes(input.tokens, input.now).map((m) => scalar(m, m.time));
    case 'AMAZON.Confirmation': {
      const m = findConfirmation(input.tokens);
      return m ? [scalar(m, m.value)] : [];
    }
    case 'AMAZON.AlphaNumeric':
      return alphaNumericCandidates(input);
    case 'AMAZON.Country':
    case 'AMAZON.City':
    case 'AMAZON.FirstName':
      return gazetteerCandidates(base, input);
    default:
      return freeTextCandidates(input);
  }
}

function scalar(span: { startToken: number; endToken: number }, value: string): SlotCandidate {
  return { startToken: span.startToken, endToken: span.endToken, interpretedValue: value, resolvedValues: [value], isFreeText: false };
}

function customCandidates(compiled: CompiledSlotType, input: ExtractionInput): SlotCandidate[] {
  const strategy = compiled.definition.resolutionStrategy;
  const found = compiled.matcher.findAll(input.tokens).map((m) => {
    const original = spanText(input, m);
    const interpreted = strategy === 'TOP_RESOLUTION' ? (m.canonical[0] as string) : original;
    return { startToken: m.startToken, endToken: m.endToken, interpretedValue: interpreted, resolvedValues: m.canonical, isFreeText: false };
  });
  // ORIGINAL_VALUE ("expand values" in the console) accepts values outside the list.
  if (found.length === 0 && strategy === 'ORIGINAL_VALUE') return freeTextCandidates(input);
  return found;
}

/**
 * Listed countries, cities and first names resolve to their canonical name. A name not listed is
 * still a first name where the carrier words or the slot's prompt say so (and the tagger adds its
 * guess); a city answering its own prompt is taken as said; a country must be listed.
 */
function gazetteerCandidates(type: GazetteerType, input: ExtractionInput): SlotCandidate[] {
  const found = findInGazetteer(type, input.tokens, input.isElicited).map((m) => scalar(m, m.canonical[0] as string));
  if (found.length > 0 || type === 'AMAZON.Country') return found;
  if (type === 'AMAZON.City' && !input.isElicited) return [];
  return freeTextCandidates(input);
}

function regexCandidates(regex: RegExp, input: ExtractionInput): SlotCandidate[] {
  return findRegexValues(input.tokens, regex).map((m) => scalar(m, m.value));
}

function alphaNumericCandidates(input: ExtractionInput): SlotCandidate[] {
  const withDigits = input.tokens.flatMap((t, i) => (/\d/.test(t.norm) && /\p{L}|\d{3,}/u.test(t.norm) ? [scalar({ startToken: i, endToken: i + 1 }, t.text)] : []));
  if (withDigits.length > 0 || !input.isElicited) return withDigits;
  const span = wholeUtterance(input.tokens);
  if (!span || span.endToken - span.startToken > 3) return [];
  const value = input.tokens.slice(span.startToken, span.endToken).map((t) => t.text).join('');
  return [scalar(span, value)];
}

function freeTextCandidates(input: ExtractionInput): SlotCandidate[] {
  if (input.wantsFreeText === false) return [];
  const span = (input.isElicited ? findByCarrier(input.tokens, input.elicitationContexts) : null)
    ?? findByCarrier(input.tokens, input.contexts)
    ?? (input.isElicited ? wholeUtterance(input.tokens) : null);
  if (!span) return [];
  const value = spanText(input, span);
  return [{ startToken: span.startToken, endToken: span.endToken, interpretedValue: value, resolvedValues: [value], isFreeText: true }];
}

export function spanText(input: { tokens: readonly Token[]; text: string }, span: Pick<TokenSpan, 'startToken' | 'endToken'>): string {
  const first = input.tokens[span.startToken];
  const last = input.tokens[span.endToken - 1];
  return first && last ? input.text.slice(first.start, last.end) : '';
}
