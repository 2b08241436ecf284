/**
 * Replaces recognized slot values (custom values and synonyms, numbers) with class tokens before
 * classification, so the model generalizes from "under 100 dollars" to "under 35 bucks" and from
 * one category to the others. The same function runs on training text and on user input.
 */
import { findNumbers } from './number-parse.js';
import { slotClassToken, type CompiledSlotType, type SlotTypeRegistry } from './slot-type-registry.js';
import type { Token } from './text-normalize.js';

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
  /** Open-list types are found by the registry's one scan of all their phrases; this is each one's class token. */
  private readonly listed: SlotTypeRegistry['listed'];
  private readonly listedTokens: string[];
  /** Closed lists keep their own matcher, which also accepts one-edit typos. */
  private readonly fuzzy: Array<{ matcher: CompiledSlotType['matcher']; token: string }> = [];

  constructor(registry: SlotTypeRegistry) {
    this.listed = registry.listed;
    this.listedTokens = registry.listed.types.map((type) => slotClassToken(type.definition.name));
    for (const type of registry.all()) {
      if (type.matcher.isEmpty || registry.listed.covers(type)) continue;
      this.fuzzy.push({ matcher: type.matcher, token: slotClassToken(type.definition.name) });
    }
  }

  /** The normalized words with values replaced, or null when nothing was recognized. */
  apply(tokens: readonly Token[]): string[] | null {
    const spans: Span[] = this.listed.hits(tokens).map((hit) => ({ startToken: hit.startToken, endToken: hit.endToken, token: this.listedTokens[hit.type] as string }));
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
}
