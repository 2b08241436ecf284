/**
 * Every listed value and synonym of every open-list slot type (not TOP_RESOLUTION) in one phrase
 * index, so an utterance is scanned once for all types instead of once per type. A bot built from
 * examples has dozens of types (SNIPS: 44), and the delexicalizer, the tagger's gazetteer and the
 * slot extractors all ask on every turn; per-type scans were a sixth of a turn's CPU.
 */
import type { SlotTypeDefinition } from './bot-model.js';
import { PhraseIndex } from './phrase-index.js';
import type { SlotTypeMatcher, ValueMatch } from './slot-type-matcher.js';
import type { Token } from './text-normalize.js';

/** A slot type as the registry compiles it (only what the scan reads). */
export interface ScannedType {
  definition: SlotTypeDefinition;
  matcher: SlotTypeMatcher;
}

/** One listed phrase of one type found at a span. */
export interface ListedHit {
  type: number;
  startToken: number;
  endToken: number;
  exactKey: string;
  foldedKey: string;
}

const NONE: readonly ValueMatch[] = [];

export class ListedValueScan {
  /** The open-list types, by the index the phrase index labels them with. */
  readonly types: readonly ScannedType[];
  /** Every open list's phrases, labelled with the type's index in `types`. */
  private readonly index = new PhraseIndex();
  private lastTokens: readonly Token[] | undefined;
  private lastHits: readonly ListedHit[] = [];

  constructor(types: Iterable<ScannedType>) {
    const open: ScannedType[] = [];
    for (const type of types) {
      if (type.matcher.isEmpty || type.definition.resolutionStrategy === 'TOP_RESOLUTION') continue;
      const label = String(open.push(type) - 1);
      for (const value of type.definition.values) for (const phrase of [value.value, ...value.synonyms]) this.index.add(phrase, label);
    }
    this.types = open;
  }

  /** Whether `type` is scanned here (an open list with values); closed lists keep their own matcher. */
  covers(type: ScannedType): boolean {
    return this.types.includes(type);
  }

  /**
   * Every listed phrase of every open-list type in the tokens, by start, then end, then type (a
   * phrase matched as said before one matched with plurals folded). The last array's answer is
   * kept: a turn's tokens are asked about by several readers.
   */
  hits(tokens: readonly Token[]): readonly ListedHit[] {
    if (tokens === this.lastTokens) return this.lastHits;
    const hits: ListedHit[] = [];
    for (let start = 0; start < tokens.length; start += 1) this.hitsAt(tokens, start, hits);
    this.lastTokens = tokens;
    this.lastHits = hits;
    return hits;
  }

  /**
   * Each open-list type's matches (by its index in `types`) as its own matcher's findAll would
   * give them: left to right, the longest at each start, not overlapping.
   */
  matches(tokens: readonly Token[]): Array<readonly ValueMatch[]> {
    const longest: ListedHit[][] = this.types.map(() => []);
    for (const hit of this.hits(tokens)) {
      const byStart = longest[hit.type] as ListedHit[];
      // Hits come by start then end, so a later hit at the same start is longer.
      if (byStart.at(-1)?.startToken === hit.startToken) byStart[byStart.length - 1] = hit;
      else byStart.push(hit);
    }
    return longest.map((byStart, index) => {
      if (byStart.length === 0) return NONE;
      const matcher = (this.types[index] as ScannedType).matcher;
      const found: ValueMatch[] = [];
      let next = 0;
      for (const hit of byStart) {
        if (hit.startToken < next) continue;
        found.push({ startToken: hit.startToken, endToken: hit.endToken, canonical: matcher.canonicalOf(hit.exactKey, hit.foldedKey) });
        next = hit.endToken;
      }
      return found;
    });
  }

  /** Hands each open-list type's matches to its matcher, whose findAll then answers from them for these tokens. */
  primeMatchers(tokens: readonly Token[]): void {
    this.matches(tokens).forEach((found, index) => (this.types[index] as ScannedType).matcher.remember(tokens, found));
  }

  private hitsAt(tokens: readonly Token[], start: number, into: ListedHit[]): void {
    this.index.phrasesAt(tokens, start, (endToken, exact, folded, exactKey, foldedKey) => {
      for (const label of exact ?? []) into.push({ type: Number(label), startToken: start, endToken, exactKey, foldedKey });
      for (const label of folded ?? []) {
        if (!exact?.includes(label)) into.push({ type: Number(label), startToken: start, endToken, exactKey, foldedKey });
      }
    });
  }
}
