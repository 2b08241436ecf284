/**
 * Custom slot types: finds values and synonyms in an utterance over normalized token n-grams,
 * longest match first, so "trail boots" wins over "boots" and "running shoes" over "shoes".
 * Closed lists (TOP_RESOLUTION) also accept a one-edit typo in words of five or more letters,
 * since there the value must resolve; open lists take unlisted words as said anyway.
 */
import type { SlotTypeDefinition } from './bot-model.js';
import { deletions, MIN_FUZZY_LENGTH, withinOneEdit } from './fuzzy-words.js';
import { PhraseIndex } from './phrase-index.js';
import { foldPlural, tokenize, type Token } from './text-normalize.js';

export interface ValueMatch {
  startToken: number;
  endToken: number;
  /** Canonical values whose value or synonym matched (usually one). */
  canonical: string[];
}

interface Phrase {
  words: string[];
  canonical: string;
}

export class SlotTypeMatcher {
  readonly slotType: SlotTypeDefinition;
  /** The values and synonyms, under their canonical value. */
  private readonly index = new PhraseIndex();
  private readonly isFuzzy: boolean;
  private readonly phrases: Phrase[] = [];
  /** First word and its one-character deletions -> phrases: candidates for a typo match. */
  private readonly fuzzyIndex = new Map<string, number[]>();
  private lastTokens: readonly Token[] | undefined;
  private lastFound: readonly ValueMatch[] = [];

  constructor(slotType: SlotTypeDefinition) {
    this.slotType = slotType;
    this.isFuzzy = slotType.resolutionStrategy === 'TOP_RESOLUTION';
    for (const value of slotType.values) {
      for (const phrase of [value.value, ...value.synonyms]) this.addFuzzy(this.index.add(phrase, value.value), value.value);
    }
  }

  get isEmpty(): boolean {
    return this.index.isEmpty;
  }

  /**
   * Non-overlapping matches, scanning left to right and preferring the longest at each start.
   * The last array's answer is kept: an open list's is usually handed over by the registry's one
   * scan of all types (`remember`), and a closed list's is asked for by several readers of a turn.
   */
  findAll(tokens: readonly Token[]): readonly ValueMatch[] {
    if (tokens === this.lastTokens) return this.lastFound;
    const found: ValueMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const match = this.longestAt(tokens, i) ?? (this.isFuzzy ? this.fuzzyAt(tokens, i) : null);
      if (match) {
        found.push(match);
        i = match.endToken;
      } else {
        i += 1;
      }
    }
    this.lastTokens = tokens;
    this.lastFound = found;
    return found;
  }

  /**
   * Takes `found` as this type's matches in `tokens`, from a scan of all types at once
   * (listed-value-scan.ts); findAll then answers from it for that token array.
   */
  remember(tokens: readonly Token[], found: readonly ValueMatch[]): void {
    this.lastTokens = tokens;
    this.lastFound = found;
  }

  /** The canonical values listed under a phrase's normalized words, as said or with plurals folded. */
  canonicalOf(exactKey: string, foldedKey: string): string[] {
    return this.index.exact.get(exactKey) ?? this.index.folded.get(foldedKey) ?? [];
  }

  /** Canonical values for a whole phrase, e.g. a slot elicitation answer or a tagged span. */
  lookup(phrase: string): string[] {
    const tokens = tokenize(phrase);
    const norms = tokens.map((t) => t.norm);
    const found = this.index.exact.get(norms.join(' ')) ?? this.index.folded.get(norms.map(foldPlural).join(' '));
    if (found) return found;
    const fuzzy = this.isFuzzy ? this.fuzzyAt(tokens, 0) : null;
    return fuzzy && fuzzy.endToken === tokens.length ? fuzzy.canonical : [];
  }

  private longestAt(tokens: readonly Token[], start: number): ValueMatch | null {
    // The phrases come shortest first, so the last one is the longest.
    let best = null as ValueMatch | null;
    this.index.phrasesAt(tokens, start, (endToken, exact, folded) => {
      best = { startToken: start, endToken, canonical: (exact ?? folded) as string[] };
    });
    return best;
  }

  private fuzzyAt(tokens: readonly Token[], start: number): ValueMatch | null {
    const first = tokens[start]?.norm ?? '';
    // A word shorter than MIN_FUZZY_LENGTH only matches itself, so its deletions need not be made
    // (most words of an utterance are short, and this runs at every token of every turn).
    const keys = first.length >= MIN_FUZZY_LENGTH ? [first, ...deletions(first)] : [first];
    const ids = new Set<number>();
    for (const key of keys) for (const id of this.fuzzyIndex.get(key) ?? []) ids.add(id);
    if (ids.size === 0) return null;
    let best: ValueMatch | null = null;
    for (const id of ids) {
      const phrase = this.phrases[id] as Phrase;
      const length = phrase.words.length;
      if (start + length > tokens.length || (best && best.endToken - start >= length)) continue;
      if (phrase.words.every((w, k) => withinOneEdit(w, (tokens[start + k] as Token).norm))) {
        best = { startToken: start, endToken: start + length, canonical: [phrase.canonical] };
      }
    }
    return best;
  }

  /** A closed list's phrase, indexed by its first word and that word's deletions for typo matches. */
  private addFuzzy(norms: string[], canonical: string): void {
    if (!this.isFuzzy || norms.length === 0) return;
    const id = this.phrases.push({ words: norms, canonical }) - 1;
    const first = norms[0] as string;
    for (const key of first.length >= MIN_FUZZY_LENGTH ? [first, ...deletions(first)] : [first]) {
      const list = this.fuzzyIndex.get(key);
      if (list) list.push(id);
      else this.fuzzyIndex.set(key, [id]);
    }
  }
}
