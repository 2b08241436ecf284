/**
 * The NLU of one bot locale: trains the classifier from the locale's sample utterances when the bot
 * loads, then ranks intents for an utterance and applies the locale's confidence threshold.
 */
import type { BotLocaleDefinition } from './bot-model.js';
import { calibrateOnHeldOut, type Calibration, type GroupedExample } from './nlu-calibration.js';
import { DEFAULT_TRAIN_OPTIONS, SoftmaxClassifier, softmaxInPlace } from './nlu-classifier.js';
import { TemplateModel, type TemplateModelOptions } from './nlu-template-model.js';
import { Delexicalizer } from './nlu-delexicalizer.js';
import { FeatureHasher } from './nlu-features.js';
import { GAZETTEER_TYPES, gazetteerMatcher, type GazetteerType } from './gazetteer/gazetteer.js';
import { buildTrainingTexts, isFallbackIntent, type TrainingText } from './nlu-training-data.js';
import { findDates } from './date-parse.js';
import { findNumbers } from './number-parse.js';
import { findTimes } from './time-parse.js';
import { localNow, type LocalNow } from './zoned-clock.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import { tokenize, type Token } from './text-normalize.js';
import { TemplateShapeIndex } from './nlu-template-shapes.js';
import { parseTemplate } from './utterance-templates.js';
import { CarrierSpelling } from './carrier-spelling.js';
import { trainingView } from './training-order.js';

export interface IntentScore {
  intentName: string;
  /** Probability in [0, 1], rounded to 2 decimals as Lex reports it. */
  score: number;
}

export interface IntentRecognition {
  /** The intent to act on: the best one, or the fallback intent below the threshold. */
  intentName: string;
  isFallback: boolean;
  /** Best first, at most 5, fallback included. */
  ranked: IntentScore[];
}

/** Used when a locale defines no AMAZON.FallbackIntent (Lex always creates one). */
export const DEFAULT_FALLBACK_INTENT = 'FallbackIntent';

const LARGE_BOT_UTTERANCES = 2000;
/**
 * Weight of each listed value as an example of its intents. Two-fold cross-validation on SNIPS's
 * training split (intent errors of 13,084): 0 -> 308, 0.15 -> 249, 0.3 -> 251, 0.6 -> 265.
 */
const LARGE_BOT_VALUE_WEIGHT = 0.3;

/**
 * Weight of the template-shape features (each shape the utterance fits) before the vector is
 * scaled to unit length. Five-fold cross-validation on SNIPS's training split (intent errors of
 * 13,084, classifier alone, seed parley): without shapes 276; weight 1, 2.5, 5, 10: 264, 233, 218, 230.
 */
const SHAPE_WEIGHT = 5;
/**
 * Weight of the generative template model's vote (nlu-template-model.ts). Same cross-validation,
 * with shapes, exact templates: 0 -> 216, 0.05 -> 207, 0.1 -> 206, 0.18 -> 213, 0.3 -> 241; seed
 * s2: 276 without either, 200 with both. With the class trigram (DEFAULT_TEMPLATE_MODEL) instead, seeds
 * parley / s2 (bench/nlu-template-vote-cv.ts; exact templates at 0.1: 205 / 199): 0.1 -> 188 /
 * 188, 0.15 -> 191 / 182, 0.2 -> 184 / 179, 0.25 -> 183 / 177 (more close calls run the model:
 * 1.7% of utterances at 0.1, 3.8% at 0.2, 4.9% at 0.25).
 */
const TEMPLATE_WEIGHT = 0.2;
/** How often feature extraction reports progress: about this many times. */
const FEATURE_REPORTS = 20;
/**
 * The template model scores an intent by a class trigram of its templates alone (weight 1: the
 * exact templates add nothing measurable). Same CV at vote weight 0.1, seeds parley / s2: bigram
 * 196 (before the beam) / 190, trigram 188 / 188 (Kneser-Ney summed over readings 189 / 187; mixed with the exact
 * templates 3:7 188 / 190).
 */
export const DEFAULT_TEMPLATE_MODEL: TemplateModelOptions = { ngram: { order: 3, smoothing: 'witten-bell', sum: false, weight: 1 } };

export interface IntentRecognizerOptions {
  seed: number | string;
  /** Overrides of the size-dependent training settings, for experiments and tests. */
  expansionsPerTemplate?: number;
  valueWeight?: number;
  epochs?: number;
  useClassTokens?: boolean;
  /** Template-shape features (see nlu-template-shapes.ts); default true. */
  useShapes?: boolean;
  shapeWeight?: number;
  /** Weight of the generative template model's log-posterior in the ensemble (0: off). */
  templateWeight?: number;
  /** Options of the template model (its class n-gram; see nlu-template-model.ts); {} for exact templates alone. */
  templateModel?: TemplateModelOptions;
  /** Fit a temperature on held-out sample utterances (default true). */
  calibrate?: boolean;
  /** Read an unknown word one edit from a carrier word as that word (default true). */
  spellCarriers?: boolean;
  /**
   * Told of the training texts whose features are extracted (about every twentieth), then after
   * each training epoch (the calibration model's first, then the classifier's).
   */
  onProgress?: (step: 'features' | 'intents', done: number, total: number) => void;
}

export class IntentRecognizer {
  readonly fallbackIntentName: string;
  readonly threshold: number;
  /** Wall time spent training, for logs and benchmarks. */
  readonly trainingMs: number;
  /** The temperature applied to scores, and how many held-out examples it was fitted on. */
  readonly calibration: Calibration;
  private readonly labels: string[];
  private readonly hasher = new FeatureHasher();
  private readonly classifier: SoftmaxClassifier;
  private readonly delexicalizer: Delexicalizer;
  /** Words of the in-scope training text; any other word is unknown to the classifier. */
  private readonly vocabulary = new Set<string>();
  /** Parsers of the built-in types the bot uses: what they read ("in half an hour") is known too. */
  private readonly parsers: ReadonlyArray<(tokens: readonly Token[]) => Array<{ startToken: number; endToken: number }>>;
  /**
   * Class-token features (a listed value seen as its slot type's token) let the classifier
   * generalize from a few values, and where intents have types of their own (see
   * eval/bot-from-examples.ts) the token also says which intent's vocabulary was used: two-fold
   * cross-validation on SNIPS's training split, 295 -> 251 intent errors of 13,084 (they hurt while
   * one type served three intents: 741).
   */
  private readonly useClassTokens: boolean;
  /** The bot's sample-utterance shapes, or null when shape features are off. */
  private readonly shapes: TemplateShapeIndex | null;
  private readonly shapeWeight: number;
  private readonly templateModel: TemplateModel | null;
  private readonly templateWeight: number;
  private readonly spelling: CarrierSpelling | null;

  constructor(bot: BotLocaleDefinition, registry: SlotTypeRegistry, options: IntentRecognizerOptions) {
    const started = performance.now();
    const locale = trainingView(bot);
    this.threshold = locale.nluConfidenceThreshold;
    this.fallbackIntentName = locale.intents.find(isFallbackIntent)?.name ?? DEFAULT_FALLBACK_INTENT;
    this.labels = [...locale.intents.filter((i) => !isFallbackIntent(i)).map((i) => i.name), this.fallbackIntentName];
    this.delexicalizer = new Delexicalizer(registry);
    this.classifier = new SoftmaxClassifier(this.labels.length, this.hasher.dimension);
    const fallbackLabel = this.labels.length - 1;
    // Large bots (thousands of utterances) already show much phrasing variety, so they get fewer
    // epochs (training stays in seconds) and each listed value as a light example of its intents.
    const templates = locale.intents.reduce((n, i) => n + i.sampleUtterances.length, 0);
    const isLarge = templates > LARGE_BOT_UTTERANCES;
    const epochs = options.epochs ?? (isLarge ? 6 : DEFAULT_TRAIN_OPTIONS.epochs);
    // Calibration trains a second model first: its epochs count towards the same total.
    const calibrating = options.calibrate !== false;
    const totalEpochs = (calibrating ? 2 : 1) * epochs;
    this.useClassTokens = options.useClassTokens ?? true;
    const texts = buildTrainingTexts(locale, this.labels, fallbackLabel, registry, {
      expansionsPerTemplate: options.expansionsPerTemplate ?? 4, valueWeight: options.valueWeight ?? (isLarge ? LARGE_BOT_VALUE_WEIGHT : 0), seed: `${options.seed}:data`,
    });
    for (const t of texts) if (t.label !== fallbackLabel) t.words.forEach((w, i) => { if (!t.unknown?.[i]) this.vocabulary.add(w); });
    this.addSlotValueWords(locale, registry);
    this.spelling = options.spellCarriers === false ? null : new CarrierSpelling(carrierWords(locale));
    this.shapeWeight = options.shapeWeight ?? SHAPE_WEIGHT;
    this.shapes = options.useShapes === false ? null : shapeIndex(locale);
    this.parsers = builtInParsers(new Set(locale.intents.flatMap((i) => i.slots.map((s) => registry.baseTypeOf(s.slotTypeName)))));
    const reportEvery = Math.max(1, Math.ceil(texts.length / FEATURE_REPORTS));
    const examples: GroupedExample[] = texts.map((t, i) => {
      if (i % reportEvery === 0) options.onProgress?.('features', i, texts.length);
      return this.exampleOf(t);
    });
    options.onProgress?.('features', texts.length, texts.length);
    this.templateWeight = options.templateWeight ?? TEMPLATE_WEIGHT;
    const templateWeight = this.templateWeight;
    const templateOptions = options.templateModel ?? DEFAULT_TEMPLATE_MODEL;
    // Group g of the training texts is the g-th sample utterance in intent order (see
    // buildTrainingTexts), so held-out groups map back to (intent, utterance) for the template model.
    const templateOf = new Map<number, string>();
    let group = 0;
    for (const intent of locale.intents) {
      const label = this.labels.indexOf(intent.name);
      if (label < 0 || label === fallbackLabel) continue;
      intent.sampleUtterances.forEach((_, i) => { templateOf.set(group, `${label}:${i}`); group += 1; });
    }
    const adjuster = templateWeight > 0
      ? (heldOut: ReadonlySet<number>) => {
        const excluded = new Set([...heldOut].map((g) => templateOf.get(g)));
        const model = new TemplateModel(locale, registry, this.labels, (label, i) => excluded.has(`${label}:${i}`), templateOptions);
        return (e: GroupedExample, logits: Float64Array) => { if (e.words) voteIfClose(logits, model, e.words, templateWeight); };
      }
      : undefined;
    const trainOptions = { ...DEFAULT_TRAIN_OPTIONS, epochs, seed: `${options.seed}:train` };
    const told = (before: number) => (done: number): void => options.onProgress?.('intents', before + done, totalEpochs);
    this.calibration = calibrating
      ? calibrateOnHeldOut(examples, this.labels.length, this.hasher.dimension, { ...trainOptions, onEpoch: told(0) }, adjuster)
      : { temperature: 1, heldOut: 0 };
    this.classifier.train(examples, { ...trainOptions, onEpoch: told(calibrating ? epochs : 0) });
    this.templateModel = this.templateWeight > 0 ? new TemplateModel(locale, registry, this.labels, undefined, templateOptions) : null;
    this.trainingMs = performance.now() - started;
  }

  /** A training text as the classifier sees it: its features, and what calibration needs. */
  private exampleOf(t: TrainingText): GroupedExample {
    const features = this.hasher.extract(
      t.words,
      this.useClassTokens ? (t.delexWords ?? this.delexicalizer.apply(asTokens(t.words))) : null,
      t.unknown ?? this.unknownWords(asTokens(t.words)),
      // The class-token view has no words where the placeholders were: it fits no shape.
      this.shapes && t.delexWords === undefined ? this.shapes.match(t.words) : [],
      this.shapeWeight,
    );
    return {
      features,
      label: t.label,
      weight: t.weight,
      ...(t.group === undefined ? {} : { group: t.group }),
      realistic: t.delexWords === undefined,
      words: t.words,
    };
  }

  /** The intents in score order (the fallback intent last). */
  get intentNames(): readonly string[] {
    return this.labels;
  }

  /** Calibrated probability of every intent (the fallback intent last), unrounded. */
  scores(written: readonly Token[]): Float64Array {
    const { logits, words } = this.classifierLogits(written);
    if (this.templateModel) voteIfClose(logits, this.templateModel, words, this.templateWeight);
    const t = this.calibration.temperature;
    for (let c = 0; c < logits.length; c += 1) logits[c] = (logits[c] as number) / t;
    return softmaxInPlace(logits);
  }

  /**
   * The classifier's logits before the template vote and the temperature, and the words it read
   * (misspelled carrier words corrected), for benches that try other votes on the same logits.
   */
  classifierLogits(written: readonly Token[]): { logits: Float64Array; words: string[] } {
    const unknown = this.unknownWords(written);
    const tokens = this.spelling ? this.respell(written, unknown) : written;
    const words = tokens.map((t) => t.norm);
    const features = this.hasher.extract(words, this.useClassTokens ? this.delexicalizer.apply(tokens) : null, unknown, this.shapes?.match(words) ?? [], this.shapeWeight);
    return { logits: this.classifier.logits(features), words };
  }

  recognize(tokens: readonly Token[]): IntentRecognition {
    const probabilities = this.scores(tokens);
    const all = this.labels.map((intentName, i) => ({ intentName, score: probabilities[i] ?? 0 }));
    all.sort((a, b) => b.score - a.score);
    const best = all[0];
    const isFallback = !best || best.intentName === this.fallbackIntentName || best.score < this.threshold;
    return {
      intentName: isFallback ? this.fallbackIntentName : best.intentName,
      isFallback,
      ranked: all.slice(0, 5).map((s) => ({ intentName: s.intentName, score: Math.round(s.score * 100) / 100 })),
    };
  }

  /**
   * Every word of a value the bot's slot types list (custom values and synonyms, the bundled
   * gazetteer of the built-in types it uses) is known, sampled in training or not.
   */
  private addSlotValueWords(locale: BotLocaleDefinition, registry: SlotTypeRegistry): void {
    const types = [...locale.slotTypes];
    const bases = new Set(locale.intents.flatMap((i) => i.slots.map((s) => registry.baseTypeOf(s.slotTypeName))));
    for (const base of bases) if (GAZETTEER_TYPES.has(base)) types.push(gazetteerMatcher(base as GazetteerType).slotType);
    const phrases = types.flatMap((type) => type.values.flatMap((v) => [v.value, ...v.synonyms]));
    for (const phrase of phrases) for (const t of tokenize(phrase)) this.vocabulary.add(t.norm);
  }

  /** The tokens with misspelled carrier words corrected; `unknown` is updated to match. */
  private respell(tokens: readonly Token[], unknown: boolean[]): readonly Token[] {
    let out: Token[] | null = null;
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i] as Token;
      const corrected = unknown[i] ? this.spelling?.correct(token.norm) : undefined;
      if (corrected === undefined) continue;
      out ??= [...tokens];
      out[i] = { ...token, norm: corrected };
      unknown[i] = false;
    }
    return out ?? tokens;
  }

  private unknownWords(tokens: readonly Token[]): boolean[] {
    const unknown = tokens.map((t) => !this.vocabulary.has(t.norm));
    for (const parse of this.parsers) for (const m of parse(tokens)) unknown.fill(false, m.startToken, m.endToken);
    return unknown;
  }
}

/** Lowest log-posterior an intent's template vote can take (one it explains not at all). */
const TEMPLATE_FLOOR = Math.log(1e-3);

/**
 * Lowers each intent's logit by how much worse the template model explains the text than its best
 * intent does (weighted, at most weight * -TEMPLATE_FLOOR); the best-explained intent and the
 * fallback keep their logits. The model knows nothing of out-of-scope text, so it never votes for
 * or against the fallback; the temperature is fitted with the votes applied.
 */
export function addTemplateVotes(logits: Float64Array, logLikelihoods: Float64Array, weight: number): void {
  let max = -Infinity;
  for (const l of logLikelihoods) if (l > max) max = l;
  if (max === -Infinity) return;
  let sum = 0;
  for (const l of logLikelihoods) if (l !== -Infinity) sum += Math.exp(l - max);
  const logZ = max + Math.log(sum);
  const best = Math.max(max - logZ, TEMPLATE_FLOOR);
  for (let c = 0; c < logits.length - 1; c += 1) {
    const posterior = Math.max((logLikelihoods[c] as number) - logZ, TEMPLATE_FLOOR);
    logits[c] = (logits[c] as number) + weight * (posterior - best);
  }
}

/**
 * Template votes move a logit by at most weight * -TEMPLATE_FLOOR, so when the classifier's top
 * intent leads the next by more than that they cannot change the decision and the template model
 * is not run: most turns skip it (the same rule applies when calibrating, so confidences stay fitted).
 */
export function voteIfClose(logits: Float64Array, model: TemplateModel, words: readonly string[], weight: number): void {
  let first = -Infinity;
  let second = -Infinity;
  for (const l of logits) {
    if (l > first) {
      second = first;
      first = l;
    } else if (l > second) second = l;
  }
  const reach = weight * -TEMPLATE_FLOOR;
  if (first - second >= reach) return;
  // Only intents within a vote's reach of the top can end on top (the fallback, last, never gets
  // a template vote): the model may spare its costlier scoring for the others.
  const contenders = (label: number): boolean => label < logits.length - 1 && first - (logits[label] as number) < reach;
  addTemplateVotes(logits, model.logLikelihoods(words, contenders), weight);
}

function carrierWords(locale: BotLocaleDefinition): string[] {
  return locale.intents.flatMap((i) => i.sampleUtterances.flatMap((u) => parseTemplate(u).parts.flatMap((p) => (p.kind === 'words' ? p.words : []))));
}

function shapeIndex(locale: BotLocaleDefinition): TemplateShapeIndex {
  const index = new TemplateShapeIndex();
  for (const intent of locale.intents) for (const u of intent.sampleUtterances) index.add(parseTemplate(u));
  return index;
}

/** A fixed reference day: only where a date or time is matters here, not its value. */
const REFERENCE_DAY: LocalNow = localNow(new Date(Date.UTC(2026, 0, 1)), 'UTC');

function builtInParsers(bases: ReadonlySet<string>): Array<(tokens: readonly Token[]) => Array<{ startToken: number; endToken: number }>> {
  const parsers: Array<(tokens: readonly Token[]) => Array<{ startToken: number; endToken: number }>> = [];
  if (bases.has('AMAZON.Number')) parsers.push(findNumbers);
  if (bases.has('AMAZON.Date')) parsers.push((tokens) => findDates(tokens, REFERENCE_DAY));
  if (bases.has('AMAZON.Time')) parsers.push((tokens) => findTimes(tokens, REFERENCE_DAY));
  return parsers;
}

/** Training text is already normalized; the delexicalizer only reads `norm`. */
function asTokens(words: readonly string[]): Token[] {
  return words.map((w) => ({ text: w, norm: w, start: 0, end: 0 }));
}
