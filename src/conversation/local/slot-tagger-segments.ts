/**
 * Segment features for the slot tagger's semi-Markov decoding: features of a whole candidate span
 * (its length, first and last word, the words around it, whether it runs to the end of the
 * utterance, whether it is a listed value or part of one). Token features only see a window of
 * words, so an unseen multi-word title ("time for heroes") loses its head to a carrier-like word;
 * a segment's features judge where it starts and ends together. Hashed like token features (the
 * tagger mixes in the slot), computed once per utterance for every span of up to `maxLength` words.
 */
import { hashString } from './seeded-random.js';
import type { Gazetteer } from './slot-tagger-features.js';
import type { Token } from './text-normalize.js';

/** Feature hashes by row: row r is features[offsets[r]] .. features[offsets[r + 1] - 1]. */
export interface FeatureRows {
  offsets: Int32Array;
  features: Int32Array;
}

/**
 * The feature hashes of every span [start, start + length) with length <= maxLength, in three
 * parts whose sum is the span's features: those of its start alone (row `start`: first word, word
 * before, both), of its end alone (row `start + length - 1`: last word, word after, both), and of
 * the span itself (row start * maxLength + length - 1, see segmentIndex; none for a span running
 * past the end). The decoder scores each start and end once instead of once per span: every
 * feature is a random read in a weight table far larger than the cache.
 */
export interface SegmentTable {
  maxLength: number;
  byStart: FeatureRows;
  byLast: FeatureRows;
  bySpan: FeatureRows;
}

export const segmentIndex = (table: SegmentTable, start: number, length: number): number => start * table.maxLength + length - 1;

const cont = (seed: number, text: string): number => hashString(text, seed);
const P = {
  len: hashString('s-len:'), first: hashString('s-first:'), last: hashString('s-last:'), before: hashString('s-before:'),
  after: hashString('s-after:'), around: hashString('s-around:'), lastAfter: hashString('s-last-after:'),
  beforeFirst: hashString('s-before-first:'), end: hashString('s-end:'), listed: hashString('s-listed:'),
  prefix: hashString('s-prefix:'), suffix: hashString('s-suffix:'), firstLast: hashString('s-first-last:'),
};
const LENGTH_BUCKETS = 8;
const BUCKETS = Array.from({ length: LENGTH_BUCKETS + 1 }, (_, n) => String(n));
const LENGTHS = BUCKETS.map((bucket) => cont(P.len, bucket));
const AT_END = BUCKETS.map((bucket) => cont(cont(P.end, 'e'), bucket));
const IN_MIDDLE = BUCKETS.map((bucket) => cont(cont(P.end, 'm'), bucket));

/**
 * `norms` are the words as the tagger sees them (unknown ones already replaced); `gazetteer` holds
 * the flags the tagger may use (hidden ones already removed, see sentenceFeatures).
 */
export function segmentTable(norms: readonly string[], gazetteer: Gazetteer, maxLength: number): SegmentTable {
  if (!Number.isInteger(maxLength) || maxLength < 1) throw new RangeError(`segment length must be a positive integer, got ${maxLength}`);
  const n = norms.length;
  const at = (i: number): string => (i < 0 ? '<s>' : i >= n ? '</s>' : (norms[i] as string));
  const starts = new Features(3 * n);
  const startOffsets = new Int32Array(n + 1);
  const lasts = new Features(3 * n);
  const lastOffsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) {
    startOffsets[i] = starts.length;
    starts.push(cont(P.first, at(i)));
    starts.push(cont(P.before, at(i - 1)));
    starts.push(cont(cont(cont(P.beforeFirst, at(i - 1)), '|'), at(i)));
    lastOffsets[i] = lasts.length;
    lasts.push(cont(P.last, at(i)));
    lasts.push(cont(P.after, at(i + 1)));
    lasts.push(cont(cont(cont(P.lastAfter, at(i)), '|'), at(i + 1)));
  }
  startOffsets[n] = starts.length;
  lastOffsets[n] = lasts.length;
  const offsets = new Int32Array(n * maxLength + 1);
  // Hashes are written straight into an Int32Array: in a plain array most would be boxed doubles.
  const out = new Features(n * maxLength * 5);
  for (let start = 0; start < n; start += 1) {
    const firstLast = cont(cont(P.firstLast, at(start)), '|');
    const around = cont(cont(P.around, at(start - 1)), '|');
    for (let length = 1; length <= maxLength; length += 1) {
      const i = start * maxLength + length - 1;
      offsets[i] = out.length; // a span running past the end gets none: offsets[i + 1] is the same
      const end = start + length;
      if (end > n) continue;
      const bucket = Math.min(length, LENGTH_BUCKETS);
      out.push(LENGTHS[bucket] as number);
      out.push((end === n ? AT_END : IN_MIDDLE)[bucket] as number);
      out.push(cont(around, at(end)));
      out.push(cont(firstLast, at(end - 1)));
      listedFlags(gazetteer, start, end, out);
    }
    offsets[start * maxLength + maxLength] = out.length;
  }
  return {
    maxLength,
    byStart: { offsets: startOffsets, features: starts.done() },
    byLast: { offsets: lastOffsets, features: lasts.done() },
    bySpan: { offsets, features: out.done() },
  };
}

/** A growing list of 32-bit feature hashes. */
class Features {
  length = 0;
  private data: Int32Array;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  push(hash: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length] = hash | 0;
    this.length += 1;
  }

  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Whether the span is a listed value of a type (its first word starts one and its last word ends
 * one), or the head or tail of one: a listed title with a word cut off or added is the boundary
 * error the tagger makes most.
 */
function listedFlags(gazetteer: Gazetteer, start: number, end: number, out: Features): void {
  const firstFlags = gazetteer[start] ?? [];
  const lastFlags = gazetteer[end - 1] ?? [];
  for (const flag of firstFlags) {
    const position = flag[0];
    const type = flag.slice(2);
    if (end - start === 1) {
      if (position === 'U') out.push(cont(P.listed, type));
      else if (position === 'B') out.push(cont(P.prefix, type));
      else if (position === 'L') out.push(cont(P.suffix, type));
      continue;
    }
    if (position !== 'B' && position !== 'I') continue;
    const ends = lastFlags.includes(`L:${type}`);
    const inside = lastFlags.includes(`I:${type}`);
    if (position === 'B' && ends) out.push(cont(P.listed, type));
    else if (position === 'B' && inside) out.push(cont(P.prefix, type));
    else if (position === 'I' && ends) out.push(cont(P.suffix, type));
  }
}
