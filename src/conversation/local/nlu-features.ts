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

  constructor(options: FeatureOptions = DEFAULT_FEATURE_OPTIONS) {
    if ((options.dimension & (options.dimension - 1)) !== 0) throw new RangeError('dimension must be a power of two');
    this.options = options;
    this.dimension = options.dimension;
    this.mask = options.dimension - 1;
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
    const acc = new Map<number, number>();
    for (const feature of extra) this.add(acc, `x:${feature}`, extraWeight);
    this.addWordGrams(acc, 'w', unknown ? words.map((w, i) => (unknown[i] ? UNKNOWN_WORD : w)) : words, 1);
    for (const word of words) this.addCharGrams(acc, word);
    if (delexWords) this.addWordGrams(acc, 'd', delexWords, DELEX_WEIGHT);
    return toUnitVector(acc);
  }

  private add(acc: Map<number, number>, feature: string, weight: number): void {
    const hash = hashString(feature);
    // The top bit gives a sign so that colliding features tend to cancel rather than pile up.
    const signed = hash & 0x80000000 ? -weight : weight;
    const index = hash & this.mask;
    acc.set(index, (acc.get(index) ?? 0) + signed);
  }

  private addWordGrams(acc: Map<number, number>, prefix: string, words: readonly string[], weight: number): void {
    let previous = '<s>';
    for (const word of words) {
      this.add(acc, `${prefix}1:${word}`, weight);
      this.add(acc, `${prefix}2:${previous} ${word}`, weight);
      previous = word;
    }
    if (words.length > 0) this.add(acc, `${prefix}2:${previous} </s>`, weight);
  }

  private addCharGrams(acc: Map<number, number>, word: string): void {
    const padded = `<${word}>`;
    const { minCharGram, maxCharGram } = this.options;
    for (let n = minCharGram; n <= maxCharGram; n += 1) {
      for (let i = 0; i + n <= padded.length; i += 1) this.add(acc, `c:${padded.slice(i, i + n)}`, CHAR_WEIGHT);
    }
  }
}

function toUnitVector(acc: Map<number, number>): SparseVector {
  const indices = new Int32Array(acc.size);
  const values = new Float32Array(acc.size);
  let norm = 0;
  let i = 0;
  for (const [index, value] of acc) {
    indices[i] = index;
    values[i] = value;
    norm += value * value;
    i += 1;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < values.length; j += 1) values[j] = (values[j] as number) * scale;
  return { indices, values };
}
