/**
 * The NLU of one bot locale: trains the classifier from the locale's sample utterances when the bot
 * loads, then ranks intents for an utterance and applies the locale's confidence threshold.
 */
import type { BotLocaleDefinition } from './bot-model.js';
import { DEFAULT_TRAIN_OPTIONS, SoftmaxClassifier, type TrainingExample } from './nlu-classifier.js';
import { Delexicalizer } from './nlu-delexicalizer.js';
import { FeatureHasher } from './nlu-features.js';
import { buildTrainingTexts, isFallbackIntent } from './nlu-training-data.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';
import type { Token } from './text-normalize.js';

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

export interface IntentRecognizerOptions {
  seed: number | string;
}

export class IntentRecognizer {
  readonly fallbackIntentName: string;
  readonly threshold: number;
  /** Wall time spent training, for logs and benchmarks. */
  readonly trainingMs: number;
  private readonly labels: string[];
  private readonly hasher = new FeatureHasher();
  private readonly classifier: SoftmaxClassifier;
  private readonly delexicalizer: Delexicalizer;
  /**
   * Class-token features help small bots generalize from a few values; in large bots the value
   * lists overlap (a title is a movie, a book and a song), so the class token is a coin toss and
   * the words themselves say more.
   */
  private readonly useClassTokens: boolean;

  constructor(locale: BotLocaleDefinition, registry: SlotTypeRegistry, options: IntentRecognizerOptions) {
    const started = performance.now();
    this.threshold = locale.nluConfidenceThreshold;
    this.fallbackIntentName = locale.intents.find(isFallbackIntent)?.name ?? DEFAULT_FALLBACK_INTENT;
    this.labels = [...locale.intents.filter((i) => !isFallbackIntent(i)).map((i) => i.name), this.fallbackIntentName];
    this.delexicalizer = new Delexicalizer(registry);
    this.classifier = new SoftmaxClassifier(this.labels.length, this.hasher.dimension);
    const fallbackLabel = this.labels.length - 1;
    // Large bots (thousands of utterances) already show the phrasing variety that expansions add,
    // so they get fewer expansions and epochs: training stays in seconds, scoring unchanged.
    const templates = locale.intents.reduce((n, i) => n + i.sampleUtterances.length, 0);
    const isLarge = templates > LARGE_BOT_UTTERANCES;
    this.useClassTokens = !isLarge;
    const texts = buildTrainingTexts(locale, this.labels, fallbackLabel, registry, { expansionsPerTemplate: isLarge ? 2 : 4, valueWeight: isLarge ? 0.3 : 0, seed: `${options.seed}:data` });
    const examples: TrainingExample[] = texts.map((t) => ({
      features: this.hasher.extract(t.words, this.useClassTokens ? (t.delexWords ?? this.delexicalizer.apply(asTokens(t.words))) : null),
      label: t.label,
      weight: t.weight,
    }));
    this.classifier.train(examples, { ...DEFAULT_TRAIN_OPTIONS, epochs: isLarge ? 6 : DEFAULT_TRAIN_OPTIONS.epochs, seed: `${options.seed}:train` });
    this.trainingMs = performance.now() - started;
  }

  recognize(tokens: readonly Token[]): IntentRecognition {
    const words = tokens.map((t) => t.norm);
    const probabilities = this.classifier.predict(this.hasher.extract(words, this.useClassTokens ? this.delexicalizer.apply(tokens) : null));
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
}

/** Training text is already normalized; the delexicalizer only reads `norm`. */
function asTokens(words: readonly string[]): Token[] {
  return words.map((w) => ({ text: w, norm: w, start: 0, end: 0 }));
}
