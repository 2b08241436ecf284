/**
 * Temperature scaling for the intent classifier (Guo et al., 2017): a model trained to separate
 * its training data is over-confident on new text, so the fallback threshold would not mean what
 * it says. One temperature T, fitted by likelihood on sample utterances held out of a model
 * trained on the rest, rescales every score as softmax(logits / T). It changes no ranking, only
 * how sure the engine says it is.
 */
import { SoftmaxClassifier, softmaxInPlace, type TrainingExample, type TrainOptions } from './nlu-classifier.js';
import { hashString } from './seeded-random.js';

export interface Calibration {
  temperature: number;
  /** Held-out examples the temperature was fitted on (0 when the bot is too small to hold any out). */
  heldOut: number;
}

export interface ScoredExample {
  logits: Float64Array;
  label: number;
  weight: number;
}

/** Groups whose examples may be held out; texts without a group are always trained on. */
export interface GroupedExample extends TrainingExample {
  group?: number;
  /** False for synthetic views (class-token text) that no user would type. */
  realistic: boolean;
  /** The normalized words, for scorers beside the classifier (see HeldOutAdjuster). */
  words?: readonly string[];
}

/**
 * Given the held-out groups, returns what the engine adds to the classifier's logits (another
 * model's votes, built without those groups), so that T is fitted on the scores the engine gives.
 */
export type HeldOutAdjuster = (heldOutGroups: ReadonlySet<number>) => (example: GroupedExample, logits: Float64Array) => void;

export const HELD_OUT_FRACTION = 0.2;
/** Fewer held-out groups than this give a temperature too noisy to trust; T stays 1. */
const MIN_HELD_OUT_GROUPS = 25;
/** Held-out examples scored at most (an even sample of them beyond that). */
const MAX_SCORED = 4000;
/** Each label keeps at least this many groups in training. */
const MIN_TRAIN_GROUPS_PER_LABEL = 2;

/** Weighted mean negative log-likelihood of the labels at temperature t. */
export function negativeLogLikelihood(scored: readonly ScoredExample[], t: number): number {
  let loss = 0;
  let total = 0;
  for (const s of scored) {
    const p = softmaxInPlace(s.logits.map((v) => v / t));
    loss -= s.weight * Math.log(Math.max(p[s.label] as number, 1e-12));
    total += s.weight;
  }
  return total > 0 ? loss / total : 0;
}

/** The temperature minimizing held-out NLL: golden-section search over log T in [1/20, 20]. */
export function fitTemperature(scored: readonly ScoredExample[]): number {
  if (scored.length === 0) return 1;
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = negativeLogLikelihood(scored, Math.exp(a));
  let fb = negativeLogLikelihood(scored, Math.exp(b));
  for (let i = 0; i < 40; i += 1) {
    if (fa < fb) {
      hi = b; b = a; fb = fa; a = hi - ratio * (hi - lo); fa = negativeLogLikelihood(scored, Math.exp(a));
    } else {
      lo = a; a = b; fa = fb; b = lo + ratio * (hi - lo); fb = negativeLogLikelihood(scored, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Holds out about a fifth of each label's groups (sample utterances and their expansions, or
 * synthesized negatives), trains a model like the real one on the rest, and fits T on what was
 * held out. Reuses the examples' feature vectors, so it costs one more training run.
 */
export function calibrateOnHeldOut(examples: readonly GroupedExample[], classCount: number, dimension: number, options: TrainOptions, adjuster?: HeldOutAdjuster): Calibration {
  const groupsByLabel = new Map<number, Set<number>>();
  for (const e of examples) {
    if (e.group === undefined) continue;
    const set = groupsByLabel.get(e.label) ?? new Set<number>();
    set.add(e.group);
    groupsByLabel.set(e.label, set);
  }
  const heldOutGroups = new Set<number>();
  for (const groups of groupsByLabel.values()) {
    const ordered = [...groups].sort((x, y) => hashString(`${options.seed}:${x}`) - hashString(`${options.seed}:${y}`));
    const count = Math.min(Math.floor(ordered.length * HELD_OUT_FRACTION), ordered.length - MIN_TRAIN_GROUPS_PER_LABEL);
    for (let i = 0; i < count; i += 1) heldOutGroups.add(ordered[i] as number);
  }
  if (heldOutGroups.size < MIN_HELD_OUT_GROUPS) return { temperature: 1, heldOut: 0 };
  const isHeldOut = (e: GroupedExample): boolean => e.group !== undefined && heldOutGroups.has(e.group);
  const model = new SoftmaxClassifier(classCount, dimension);
  model.train(examples.filter((e) => !isHeldOut(e)), { ...options, seed: `${options.seed}:calibration` });
  const adjust = adjuster?.(heldOutGroups);
  const heldOut = examples.filter((e) => isHeldOut(e) && e.realistic);
  // An even sample is enough to fit one number, and scoring is not free with an adjuster.
  const stride = Math.max(1, Math.ceil(heldOut.length / MAX_SCORED));
  const scored = heldOut.filter((_, i) => i % stride === 0).map((e) => {
    const logits = model.logits(e.features);
    adjust?.(e, logits);
    return { logits, label: e.label, weight: e.weight };
  });
  return { temperature: fitTemperature(scored), heldOut: scored.length };
}

/** One confidence bin of a reliability diagram: its range, how many predictions, their mean confidence and accuracy. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

/** Predictions binned by confidence into `bins` equal ranges; empty bins are left out. */
export function reliabilityBins(predictions: ReadonlyArray<{ confidence: number; correct: boolean }>, bins = 10): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  const correct = new Float64Array(bins);
  for (const p of predictions) {
    const b = Math.min(bins - 1, Math.floor(p.confidence * bins));
    count[b] = (count[b] as number) + 1;
    confidence[b] = (confidence[b] as number) + p.confidence;
    correct[b] = (correct[b] as number) + (p.correct ? 1 : 0);
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b += 1) {
    const n = count[b] as number;
    if (n > 0) out.push({ lower: b / bins, upper: (b + 1) / bins, count: n, meanConfidence: (confidence[b] as number) / n, accuracy: (correct[b] as number) / n });
  }
  return out;
}

/**
 * Expected calibration error: the weighted gap between confidence and accuracy over equal-width
 * confidence bins, for tests and reports.
 */
export function expectedCalibrationError(predictions: ReadonlyArray<{ confidence: number; correct: boolean }>, bins = 10): number {
  let ece = 0;
  for (const bin of reliabilityBins(predictions, bins)) ece += (bin.count / predictions.length) * Math.abs(bin.meanConfidence - bin.accuracy);
  return ece;
}
