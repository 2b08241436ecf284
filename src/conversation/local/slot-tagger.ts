/**
 * A BIO sequence tagger for slots: a structured perceptron with Viterbi decoding and weight
 * averaging (Collins 2002). Chosen over a CRF because it trains in one pass per epoch with no
 * gradients of a partition function, which keeps training on a 13k-utterance bot in seconds,
 * and its accuracy on slot tagging is within a point of a CRF's with the same features.
 */
import { SeededRandom } from './seeded-random.js';
import type { TokenFeatures } from './slot-tagger-features.js';

export interface TaggedSequence {
  features: TokenFeatures[];
  /** Gold tag ids, one per token. */
  tags: Int32Array;
  /** Tag ids this sequence may use (O and the B/I tags of its intent's slots). */
  allowed: Int32Array;
}

export interface SlotTaggerTrainOptions {
  epochs: number;
  seed: number | string;
}

/** A trained tagger's weights, as handed from a worker thread to the tagger that will decode. */
export interface SlotTaggerWeights {
  weights: Float32Array;
  transitions: Float32Array;
}

export const OUTSIDE_TAG = 0;

/** Tag ids: 0 = O, 1 + 2s = B-slot s, 2 + 2s = I-slot s. */
export const beginTag = (slot: number): number => 1 + 2 * slot;
export const insideTag = (slot: number): number => 2 + 2 * slot;
export const slotOfTag = (tag: number): number => (tag - 1) >> 1;
const isInside = (tag: number): boolean => tag > 0 && tag % 2 === 0;

export class SlotTagger {
  readonly tagCount: number;
  private readonly mask: number;
  private weights: Float32Array;
  /** [previous * tagCount + tag]; row tagCount is the sentence start. */
  private transitions: Float32Array;
  private buffers = { score: new Float64Array(256), back: new Int32Array(256), emission: new Float64Array(64) };

  constructor(slotCount: number, dimension = 1 << 20) {
    this.tagCount = 1 + 2 * slotCount;
    this.mask = dimension - 1;
    // A feature's weights for all tags sit side by side (hash + tag), so scoring a token reads a
    // few cache lines per feature instead of one random line per feature and tag.
    this.weights = new Float32Array(dimension + this.tagCount);
    this.transitions = new Float32Array((this.tagCount + 1) * this.tagCount);
  }

  /** The best tag sequence among `allowed` tags; I-x only continues B-x or I-x. */
  decode(features: readonly TokenFeatures[], allowed: Int32Array): Int32Array {
    const n = features.length;
    const k = allowed.length;
    const tags = new Int32Array(n);
    if (n === 0 || k === 0) return tags;
    const { score, back, emission } = this.scratch(n * k, k);
    // Locals, not fields, in the hot loops: this runs on every turn and k^2 times per token.
    const transitions = this.transitions;
    const tagCount = this.tagCount;
    const startRow = tagCount * tagCount;
    for (let i = 0; i < n; i += 1) {
      this.emissions(features[i] as TokenFeatures, allowed, emission);
      const row = i * k;
      const previousRow = row - k;
      for (let j = 0; j < k; j += 1) {
        const tag = allowed[j] as number;
        const inside = isInside(tag);
        if (i === 0) {
          score[j] = inside ? -Infinity : (emission[j] as number) + (transitions[startRow + tag] as number);
          continue;
        }
        let best = -Infinity;
        let arg = 0;
        if (inside) {
          // I-x may only follow B-x (the tag before it in `allowed`) or I-x itself.
          for (let p = Math.max(0, j - 1); p <= j; p += 1) {
            const prev = allowed[p] as number;
            if (prev !== tag && prev !== tag - 1) continue;
            const s = (score[previousRow + p] as number) + (transitions[prev * tagCount + tag] as number);
            if (s > best) { best = s; arg = p; }
          }
        } else {
          for (let p = 0; p < k; p += 1) {
            const s = (score[previousRow + p] as number) + (transitions[(allowed[p] as number) * tagCount + tag] as number);
            if (s > best) { best = s; arg = p; }
          }
        }
        score[row + j] = best + (emission[j] as number);
        back[row + j] = arg;
      }
    }
    let arg = 0;
    const last = (n - 1) * k;
    for (let j = 1; j < k; j += 1) if ((score[last + j] as number) > (score[last + arg] as number)) arg = j;
    for (let i = n - 1; i >= 0; i -= 1) {
      tags[i] = allowed[arg] as number;
      arg = back[i * k + arg] as number;
    }
    return tags;
  }

  train(sequences: readonly TaggedSequence[], options: SlotTaggerTrainOptions): void {
    // Averaging, done lazily: sum(w over time) = c * w - u, where u accumulates c * update.
    const wSum = new Float64Array(this.weights.length);
    const tSum = new Float64Array(this.transitions.length);
    const order = sequences.map((_, i) => i);
    const random = new SeededRandom(options.seed);
    let c = 1;
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      random.shuffle(order);
      for (const index of order) {
        const seq = sequences[index] as TaggedSequence;
        const predicted = this.decode(seq.features, seq.allowed);
        this.update(seq, predicted, c, wSum, tSum);
        c += 1;
      }
    }
    for (let i = 0; i < this.weights.length; i += 1) this.weights[i] = (this.weights[i] as number) - (wSum[i] as number) / c;
    for (let i = 0; i < this.transitions.length; i += 1) this.transitions[i] = (this.transitions[i] as number) - (tSum[i] as number) / c;
  }

  /** The trained weights (not copies: a worker transfers their buffers). */
  exportWeights(): SlotTaggerWeights {
    return { weights: this.weights, transitions: this.transitions };
  }

  /** Takes the weights of a tagger with the same slots and dimension, trained elsewhere. */
  importWeights(trained: SlotTaggerWeights): void {
    if (trained.weights.length !== this.weights.length || trained.transitions.length !== this.transitions.length) {
      throw new RangeError(`slot tagger weights of another shape (${trained.weights.length}/${trained.transitions.length}, expected ${this.weights.length}/${this.transitions.length})`);
    }
    this.weights = trained.weights;
    this.transitions = trained.transitions;
  }

  /** Every allowed tag's emission score of one token, feature by feature (one cache line each). */
  private emissions(feats: TokenFeatures, allowed: Int32Array, into: Float64Array): void {
    const k = allowed.length;
    const weights = this.weights;
    const mask = this.mask;
    into.fill(0, 0, k);
    for (let f = 0; f < feats.length; f += 1) {
      const base = (feats[f] as number) & mask;
      for (let j = 0; j < k; j += 1) into[j] = (into[j] as number) + (weights[base + (allowed[j] as number)] as number);
    }
  }

  /** Viterbi buffers reused across calls: decoding allocates nothing but its answer. */
  private scratch(cells: number, k: number): { score: Float64Array; back: Int32Array; emission: Float64Array } {
    if (this.buffers.score.length < cells) this.buffers = { ...this.buffers, score: new Float64Array(cells * 2), back: new Int32Array(cells * 2) };
    if (this.buffers.emission.length < k) this.buffers = { ...this.buffers, emission: new Float64Array(k) };
    return this.buffers;
  }

  private update(seq: TaggedSequence, predicted: Int32Array, c: number, wSum: Float64Array, tSum: Float64Array): void {
    const gold = seq.tags;
    let previousGold = this.tagCount;
    let previousPredicted = this.tagCount;
    for (let i = 0; i < gold.length; i += 1) {
      const g = gold[i] as number;
      const p = predicted[i] as number;
      if (g !== p) {
        const feats = seq.features[i] as TokenFeatures;
        this.bump(feats, g, 1, c, wSum);
        this.bump(feats, p, -1, c, wSum);
      }
      if (g !== p || previousGold !== previousPredicted) {
        const gi = previousGold * this.tagCount + g;
        const pi = previousPredicted * this.tagCount + p;
        this.transitions[gi] = (this.transitions[gi] as number) + 1;
        tSum[gi] = (tSum[gi] as number) + c;
        this.transitions[pi] = (this.transitions[pi] as number) - 1;
        tSum[pi] = (tSum[pi] as number) - c;
      }
      previousGold = g;
      previousPredicted = p;
    }
  }

  private bump(feats: TokenFeatures, tag: number, delta: number, c: number, wSum: Float64Array): void {
    for (let f = 0; f < feats.length; f += 1) {
      const w = ((feats[f] as number) & this.mask) + tag;
      this.weights[w] = (this.weights[w] as number) + delta;
      wSum[w] = (wSum[w] as number) + c * delta;
    }
  }
}
