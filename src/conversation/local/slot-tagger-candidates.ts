/**
 * Turns the tagger's spans into slot candidates by the slot type's behaviour. The tagger only
 * finds where a value is; the type decides what it is worth: open types (ORIGINAL_VALUE lists,
 * free text) take the span as said, closed lists (TOP_RESOLUTION) take it only when it resolves
 * to a listed value (typos included), and built-ins (numbers, dates, times, regex types) keep
 * their own parsers, with the tagger only confirming which slot a parsed value belongs to.
 */
import type { SlotDefinition } from './bot-model.js';
import { spanText, type SlotCandidate } from './slot-extractors.js';
import type { TaggedSpan, TaggedSpans } from './slot-tagger-locale.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import type { Token } from './text-normalize.js';

export type TaggerRole = 'open' | 'closed' | 'confirm';

const LEADING_FILLERS = new Set(['the', 'a', 'an', 'my', 'some']);
/** Types with their own parser or a pattern: the tagger never invents their values. */
const PARSED_TYPES = new Set(['AMAZON.Number', 'AMAZON.Date', 'AMAZON.Time', 'AMAZON.Duration', 'AMAZON.Confirmation', 'AMAZON.AlphaNumeric']);

export function taggerRole(slot: SlotDefinition, registry: SlotTypeRegistry): TaggerRole {
  const compiled = registry.get(slot.slotTypeName);
  if (compiled?.regex || PARSED_TYPES.has(registry.baseTypeOf(slot.slotTypeName))) return 'confirm';
  if (compiled && !compiled.matcher.isEmpty && compiled.definition.resolutionStrategy === 'TOP_RESOLUTION') return 'closed';
  return 'open';
}

export function taggerCandidates(
  slot: SlotDefinition,
  role: TaggerRole,
  registry: SlotTypeRegistry,
  spans: readonly TaggedSpan[],
  input: { tokens: readonly Token[]; text: string },
): SlotCandidate[] {
  if (role === 'confirm') return [];
  const compiled = registry.get(slot.slotTypeName);
  const isList = compiled !== undefined && !compiled.matcher.isEmpty;
  const candidates: SlotCandidate[] = [];
  for (const span of spans) {
    if (span.slotName !== slot.name) continue;
    let start = span.startToken;
    // Free text keeps what follows an article ("the Glide Runner 3"); listed values may start with one.
    if (!isList) while (start < span.endToken - 1 && LEADING_FILLERS.has(input.tokens[start]?.norm ?? '')) start += 1;
    const original = spanText(input, { startToken: start, endToken: span.endToken });
    const listed = compiled ? compiled.matcher.lookup(original) : [];
    if (role === 'closed' && listed.length === 0) continue;
    const interpreted = role === 'closed' ? (listed[0] as string) : original;
    candidates.push({ startToken: start, endToken: span.endToken, interpretedValue: interpreted, resolvedValues: listed.length > 0 ? listed : [original], isFreeText: false });
  }
  return candidates;
}

/** True when the tagger put this slot on exactly these words. */
export function taggerAgrees(slotName: string, candidate: { startToken: number; endToken: number }, spans: readonly TaggedSpan[]): boolean {
  return spans.some((s) => s.slotName === slotName && s.startToken === candidate.startToken && s.endToken === candidate.endToken);
}

/**
 * For open-vocabulary slots the tagger has the last word: a listed value where it did not put this
 * slot ("play" is also a track title), or with other boundaries ("anderson" inside "signe
 * anderson"), is dropped; a span guessed from carrier words alone is kept only for a slot the
 * tagger did not find. Answers to the slot's own prompt are not checked.
 */
export function taggerAllows(slotName: string, candidate: { startToken: number; endToken: number; isFreeText: boolean }, spans: Readonly<TaggedSpans>): boolean {
  if (candidate.isFreeText) return taggerAllowsFreeText(slotName, spans);
  return taggerAgrees(slotName, candidate, spans);
}

/**
 * Carrier words remain the last resort for a slot the tagger did not find at all, unless it
 * learned that slot from so many utterances that not finding it means it is not there.
 */
export function taggerAllowsFreeText(slotName: string, spans: Readonly<TaggedSpans>): boolean {
  return !spans.trustedSlots?.has(slotName) && !spans.some((s) => s.slotName === slotName);
}
