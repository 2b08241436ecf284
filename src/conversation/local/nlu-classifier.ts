/**
 * Multinomial logistic regression (softmax) over sparse hashed features, trained with AdaGrad and
 * L2 regularization. Chosen over keyword rules because it gives calibrated-enough probabilities
 * for Lex's nluConfidence and the fallback threshold, trains in milliseconds, and scores an
 * utterance in microseconds.
 */
import { SeededRandom } from './seeded-random.js';
import type { SparseVector } from './nlu-features.js';

export interface TrainingExample {
  features: SparseVector;
  label: number;
  /** Lets many expansions of one template count as one template. */
  weight: number;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** L2 strength, applied to the weights an example touches (lazy, sparse-friendly). */
  l2: number;
  seed: number | string;
  /** Told after each epoch, with how many are done. */
  onEpoch?: (done: number) => void;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 12, learningRate: 0.4, l2: 1e-5, seed: 'parley-nlu' };

const SETTLED_PROBABILITY = 0.995;

export class SoftmaxClassifier {
  readonly classCount: number;
  readonly dimension: number;
  /** Row-major by feature: weights[feature * classCount + class], for cache-friendly scoring. */
  private readonly weights: Float32Array;
  private readonly bias: Float64Array;

  constructor(classCount: number, dimension: number) {
    this.classCount = classCount;
    this.dimension = dimension;
    this.weights = new Float32Array(classCount * dimension);
    this.bias = new Float64Array(classCount);
  }

  /** Class probabilities, summing to 1; a temperature above 1 softens them (see nlu-calibration). */
  predict(x: SparseVector, temperature = 1): Float64Array {
    const scores = this.logits(x);
    if (temperature !== 1) for (let c = 0; c < scores.length; c += 1) scores[c] = (scores[c] as number) / temperature;
    return softmaxInPlace(scores);
  }

  /** Unnormalized class scores. */
  logits(x: SparseVector): Float64Array {
    const k = this.classCount;
    const scores = Float64Array.from(this.bias);
    for (let i = 0; i < x.indices.length; i += 1) {
      const base = (x.indices[i] as number) * k;
      const value = x.values[i] as number;
      for (let c = 0; c < k; c += 1) scores[c] = (scores[c] as number) + (this.weights[base + c] as number) * value;
    }
    return scores;
  }

  train(examples: readonly TrainingExample[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): void {
    const k = this.classCount;
    const gradSq = new Float32Array(this.weights.length);
    const biasGradSq = new Float64Array(k);
    const order = examples.map((_, i) => i);
    const random = new SeededRandom(options.seed);
    const eps = 1e-8;
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      random.shuffle(order);
      for (const index of order) {
        const example = examples[index] as TrainingExample;
        const p = this.predict(example.features);
        // An example already classified with near certainty would move the weights by almost
        // nothing; skipping it makes later epochs several times cheaper.
        if ((p[example.label] as number) >= SETTLED_PROBABILITY) continue;
        const { indices, values } = example.features;
        for (let c = 0; c < k; c += 1) {
          // Cross-entropy gradient: p - y, scaled by the example's weight.
          const g = ((p[c] as number) - (c === example.label ? 1 : 0)) * example.weight;
          p[c] = g;
          biasGradSq[c] = (biasGradSq[c] as number) + g * g;
          this.bias[c] = (this.bias[c] as number) - (options.learningRate * g) / Math.sqrt((biasGradSq[c] as number) + eps);
        }
        // Feature-major so each feature's k weights are updated contiguously.
        for (let i = 0; i < indices.length; i += 1) {
          const base = (indices[i] as number) * k;
          const x = values[i] as number;
          for (let c = 0; c < k; c += 1) {
            const w = base + c;
            const current = this.weights[w] as number;
            const grad = (p[c] as number) * x + options.l2 * current;
            const acc = (gradSq[w] as number) + grad * grad;
            gradSq[w] = acc;
            this.weights[w] = current - (options.learningRate * grad) / Math.sqrt(acc + eps);
          }
        }
      }
      options.onEpoch?.(epoch + 1);
    }
  }
}

export function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let c = 0; c < scores.length; c += 1) {
    const e = Math.exp((scores[c] as number) - max);
    scores[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c += 1) scores[c] = (scores[c] as number) / sum;
  return scores;
}
