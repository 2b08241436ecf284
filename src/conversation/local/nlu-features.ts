/**
 * Hashed n-gram features for the intent classifier. Word unigrams and bigrams carry the phrasing;
 * character 3-5-grams inside word boundaries make the model tolerant of typos, plurals and
 * unseen inflections; "delexicalized" word n-grams (slot values replaced by a class token such as
 * `slot_number`) let "under 100 dollars" and "under 40 dollars" look alike.
 */
import { hashString } from './seeded-random.js';

export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface FeatureOptions {
  /** Power of two; 2^17 keeps collisions rare for bots of a few thousand utterances. */
  dimension: number;
  minCharGram: number;
  maxCharGram: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { dimension: 1 << 17, minCharGram: 3, maxCharGram: 5 };

const CHAR_WEIGHT = 0.5;
/** Stands for a word outside the bot's vocabulary in word n-grams. */
export const UNKNOWN_WORD = '<unk>';
const DELEX_WEIGHT = 1;

export class FeatureHasher {
  readonly dimension: number;
  private readonly mask: number;
  private readonly options: FeatureOptions;
  /** The accumulator extract() fills and empties: sums by index, which are set, in first-set order. */
  private readonly sums: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;

  constructor(options: FeatureOptions = DEFAULT_FEATURE_OPTIONS) {
    if ((options.dimension & (options.dimension - 1)) !== 0) throw new RangeError('dimension must be a power of two');
    this.options = options;
    this.dimension = options.dimension;
    this.mask = options.dimension - 1;
    this.sums = new Float64Array(options.dimension);
    this.seen = new Uint8Array(options.dimension);
    this.touched = new Int32Array(options.dimension);
  }

  /**
   * @param words normalized tokens of the text as said
   * @param delexWords the same text with recognized slot values replaced by class tokens, or null
   *   when nothing was replaced
   * @param unknown per word, true when the bot never saw it: its word n-grams use UNKNOWN_WORD
   *   (its character n-grams stay, so near-spellings of known words still count)
   * @param extra whole-utterance features (the template shapes it fits), each with `extraWeight`
   */
  extract(words: readonly string[], delexWords: readonly string[] | null, unknown?: readonly boolean[], extra: readonly string[] = [], extraWeight = 1): SparseVector {
    for (const feature of extra) this.add(hashString(`x:${feature}`), extraWeight);
    this.addWordGrams('w', unknown ? words.map((w, i) => (unknown[i] ? UNKNOWN_WORD : w)) : words, 1);
    for (const word of words) this.addCharGrams(word);
    if (delexWords) this.addWordGrams('d', delexWords, DELEX_WEIGHT);
    return this.takeUnitVector();
  }

  private add(hash: number, weight: number): void {
    // The top bit gives a sign so that colliding features tend to cancel rather than pile up.
    const signed = hash & 0x80000000 ? -weight : weight;
    const index = hash & this.mask;
    if (this.seen[index] === 0) {
      this.seen[index] = 1;
      this.touched[this.touchedCount] = index;
      this.touchedCount += 1;
    }
    this.sums[index] = (this.sums[index] as number) + signed;
  }

  private addWordGrams(prefix: string, words: readonly string[], weight: number): void {
    let previous = '<s>';
    for (const word of words) {
      this.add(hashString(`${prefix}1:${word}`), weight);
      this.add(hashString(`${prefix}2:${previous} ${word}`), weight);
      previous = word;
    }
    if (words.length > 0) this.add(hashString(`${prefix}2:${previous} </s>`), weight);
  }

  /** Hashes each n-gram of "<word>" as the string "c:" + n-gram, without building the strings. */
  private addCharGrams(word: string): void {
    const padded = `<${word}>`;
    const { minCharGram, maxCharGram } = this.options;
    for (let n = minCharGram; n <= maxCharGram; n += 1) {
      for (let i = 0; i + n <= padded.length; i += 1) this.add(continueHash(CHAR_GRAM_PREFIX_HASH, padded, i, i + n), CHAR_WEIGHT);
    }
  }

  /**
   * The features added since the last call, scaled to unit length, in the order first added; the
   * accumulator is left empty. One accumulator per hasher, reused: a turn's features otherwise
   * cost a Map and its entries, most of a turn's garbage.
   */
  private takeUnitVector(): SparseVector {
    const size = this.touchedCount;
    const indices = new Int32Array(size);
    const values = new Float32Array(size);
    let norm = 0;
    for (let i = 0; i < size; i += 1) {
      const index = this.touched[i] as number;
      const value = this.sums[index] as number;
      indices[i] = index;
      values[i] = value;
      norm += value * value;
      this.sums[index] = 0;
      this.seen[index] = 0;
    }
    this.touchedCount = 0;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < values.length; j += 1) values[j] = (values[j] as number) * scale;
    return { indices, values };
  }
}

const CHAR_GRAM_PREFIX_HASH = hashString('c:');

/** FNV-1a of text[start, end) continued from `hash`: hashString(prefix + slice) from hashString(prefix). */
function continueHash(hash: number, text: string, start: number, end: number): number {
  let h = hash;
  for (let i = start; i < end; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
