/**
 * Replaces recognized slot values (custom values and synonyms, numbers) with class tokens before
 * classification, so the model generalizes from "under 100 dollars" to "under 35 bucks" and from
 * one category to the others. The same function runs on training text and on user input.
 */
import { findNumbers } from './number-parse.js';
import { slotClassToken, type CompiledSlotType, type SlotTypeRegistry } from './slot-type-registry.js';
import { PhraseIndex } from './phrase-index.js';
import { foldPlural, type Token } from './text-normalize.js';

interface Span {
  startToken: number;
  endToken: number;
  token: string;
}

export const NUMBER_CLASS_TOKEN = slotClassToken('AMAZON.Number');

/** The class token the delexicalizer would put for a value of this type, or null if it never does. */
export function delexTokenFor(slotTypeName: string, registry: SlotTypeRegistry): string | null {
  if (registry.baseTypeOf(slotTypeName) === 'AMAZON.Number') return NUMBER_CLASS_TOKEN;
  const compiled = registry.get(slotTypeName);
  return compiled && !compiled.matcher.isEmpty ? slotClassToken(slotTypeName) : null;
}

export class Delexicalizer {
  /**
   * Every listed phrase of every open-list type in one index (phrase -> class tokens, in registry
   * order): one scan of the utterance instead of one per slot type, which matters for bots with
   * dozens of types (this runs on every turn and on every training text).
   */
  private readonly exact: ReadonlyMap<string, string[]>;
  private readonly folded: ReadonlyMap<string, string[]>;
  private readonly prefixes: ReadonlySet<string>;
  /** Closed lists keep their own matcher, which also accepts one-edit typos. */
  private readonly fuzzy: Array<{ matcher: CompiledSlotType['matcher']; token: string }> = [];

  constructor(registry: SlotTypeRegistry) {
    const index = new PhraseIndex();
    for (const type of registry.all()) {
      if (type.matcher.isEmpty) continue;
      const token = slotClassToken(type.definition.name);
      if (type.definition.resolutionStrategy === 'TOP_RESOLUTION') {
        this.fuzzy.push({ matcher: type.matcher, token });
        continue;
      }
      for (const value of type.definition.values) for (const phrase of [value.value, ...value.synonyms]) index.add(phrase, token);
    }
    ({ exact: this.exact, folded: this.folded, prefixes: this.prefixes } = index);
  }

  /** The normalized words with values replaced, or null when nothing was recognized. */
  apply(tokens: readonly Token[]): string[] | null {
    const spans: Span[] = [];
    for (let start = 0; start < tokens.length; start += 1) this.spansAt(tokens, start, spans);
    for (const { matcher, token } of this.fuzzy) for (const m of matcher.findAll(tokens)) spans.push({ startToken: m.startToken, endToken: m.endToken, token });
    for (const m of findNumbers(tokens)) spans.push({ startToken: m.startToken, endToken: m.endToken, token: NUMBER_CLASS_TOKEN });
    if (spans.length === 0) return null;
    // Longest spans win overlaps: "summit line" (a brand) over "summit" in a category synonym.
    spans.sort((a, b) => b.endToken - b.startToken - (a.endToken - a.startToken) || a.startToken - b.startToken);
    const owner: Array<Span | undefined> = new Array<Span | undefined>(tokens.length);
    for (const span of spans) {
      let free = true;
      for (let i = span.startToken; i < span.endToken; i += 1) if (owner[i]) free = false;
      if (free) for (let i = span.startToken; i < span.endToken; i += 1) owner[i] = span;
    }
    const words: string[] = [];
    for (let i = 0; i < tokens.length; i += 1) {
      const span = owner[i];
      if (!span) words.push((tokens[i] as Token).norm);
      else if (span.startToken === i) words.push(span.token);
    }
    return words;
  }

  /** Every listed phrase starting at `start` (exact or with plurals folded), each type once. */
  private spansAt(tokens: readonly Token[], start: number, into: Span[]): void {
    let exactKey = '';
    let foldedKey = '';
    for (let end = start; end < tokens.length; end += 1) {
      const norm = (tokens[end] as Token).norm;
      exactKey = end === start ? norm : `${exactKey} ${norm}`;
      foldedKey = end === start ? foldPlural(norm) : `${foldedKey} ${foldPlural(norm)}`;
      if (!this.prefixes.has(exactKey) && !this.prefixes.has(foldedKey)) return;
      const exact = this.exact.get(exactKey);
      const folded = this.folded.get(foldedKey);
      for (const token of exact ?? []) into.push({ startToken: start, endToken: end + 1, token });
      for (const token of folded ?? []) if (!exact?.includes(token)) into.push({ startToken: start, endToken: end + 1, token });
    }
  }
}
