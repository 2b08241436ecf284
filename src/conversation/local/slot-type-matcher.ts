/**
 * Custom slot types: finds values and synonyms in an utterance over normalized token n-grams,
 * longest match first, so "trail boots" wins over "boots" and "running shoes" over "shoes".
 */
import type { SlotTypeDefinition } from './bot-model.js';
import { foldPlural, tokenize, type Token } from './text-normalize.js';

export interface ValueMatch {
  startToken: number;
  endToken: number;
  /** Canonical values whose value or synonym matched (usually one). */
  canonical: string[];
}

export class SlotTypeMatcher {
  readonly slotType: SlotTypeDefinition;
  private readonly exact = new Map<string, string[]>();
  private readonly folded = new Map<string, string[]>();
  private maxLength = 0;
  /** First words of every phrase (exact and folded): most tokens start nothing, so skip them fast. */
  private readonly firstWords = new Set<string>();

  constructor(slotType: SlotTypeDefinition) {
    this.slotType = slotType;
    for (const value of slotType.values) {
      for (const phrase of [value.value, ...value.synonyms]) this.addPhrase(phrase, value.value);
    }
  }

  get isEmpty(): boolean {
    return this.exact.size === 0;
  }

  /** Non-overlapping matches, scanning left to right and preferring the longest at each start. */
  findAll(tokens: readonly Token[]): ValueMatch[] {
    const found: ValueMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const match = this.longestAt(tokens, i);
      if (match) {
        found.push(match);
        i = match.endToken;
      } else {
        i += 1;
      }
    }
    return found;
  }

  /** Canonical values for a whole phrase, e.g. a slot elicitation answer. */
  lookup(phrase: string): string[] {
    const norms = tokenize(phrase).map((t) => t.norm);
    return this.exact.get(norms.join(' ')) ?? this.folded.get(norms.map(foldPlural).join(' ')) ?? [];
  }

  private longestAt(tokens: readonly Token[], start: number): ValueMatch | null {
    const first = tokens[start]?.norm ?? '';
    if (!this.firstWords.has(first) && !this.firstWords.has(foldPlural(first))) return null;
    const limit = Math.min(this.maxLength, tokens.length - start);
    for (let length = limit; length >= 1; length -= 1) {
      const slice = tokens.slice(start, start + length).map((t) => t.norm);
      const canonical = this.exact.get(slice.join(' ')) ?? this.folded.get(slice.map(foldPlural).join(' '));
      if (canonical) return { startToken: start, endToken: start + length, canonical };
    }
    return null;
  }

  private addPhrase(phrase: string, canonical: string): void {
    const norms = tokenize(phrase).map((t) => t.norm);
    if (norms.length === 0) return;
    this.maxLength = Math.max(this.maxLength, norms.length);
    this.firstWords.add(norms[0] as string);
    this.firstWords.add(foldPlural(norms[0] as string));
    addTo(this.exact, norms.join(' '), canonical);
    addTo(this.folded, norms.map(foldPlural).join(' '), canonical);
  }
}

function addTo(map: Map<string, string[]>, key: string, canonical: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [canonical]);
  else if (!list.includes(canonical)) list.push(canonical);
}
