/**
 * The embedded, Lex V2-compatible conversation engine: a bot definition in, RecognizeText out.
 * Each locale's classifier is trained once, when the engine is built (milliseconds for the demo
 * bot); a turn is then pure computation over the request's sessionState.
 */
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import type { ConversationEngine, Message, RecognizeTextRequest, RecognizeTextResponse, Slot } from '../port.js';
import type { BotDefinition, BotLocaleDefinition } from './bot-model.js';
import { publicAttributes } from './dialog-internal-state.js';
import { DialogManager } from './dialog-manager.js';
import { renderGroups } from './dialog-messages.js';
import { IntentRecognizer } from './intent-recognizer.js';
import { validateRequest } from './request-validation.js';
import { SlotFiller } from './slot-filler.js';
import type { LocaleSlotTagger } from './slot-tagger-locale.js';
import { startSlotTagger } from './slot-tagger-training.js';
import { SlotTypeRegistry } from './slot-type-registry.js';
import { tokenize } from './text-normalize.js';
import { warmUpTexts } from './engine-warmup.js';
import type { TrainingProgress } from './training-progress.js';
import { localNow } from './zoned-clock.js';

export interface LocalConversationEngineOptions {
  /** Locale used when a request names none; defaults to the bot's first locale. */
  localeId?: string;
  /** Seeds training shuffles and message variation choices (default `parley`). */
  seed?: string | undefined;
  /** Injected for tests; defaults to the system clock. */
  clock?: () => Date;
  /** Used when a request has no timeZone. */
  defaultTimeZone?: string;
  /** Turns each locale takes on its own sample utterances once trained (default 2,000; 0: none). */
  warmUpTurns?: number;
  /** Told as each locale's training and warm-up go (SNIPS: half a minute), for progress bars. */
  onProgress?: TrainingProgress;
}

/**
 * Cold turns cost several times a warm one while the engine's code paths are first compiled: on
 * SNIPS (7 intents) the slowest turns of a cold engine were among its first ~50, some as late as
 * the 265th. A bot with fewer sample utterances takes one turn each. SNIPS, trained once and its
 * test split scored twice, p99 of the first pass in five alternating rounds (load about 2): 500
 * turns 6.97 / 4.75 / 4.59 / 3.59 / 5.66 ms (0.6 s of warm-up), 2,000 turns 5.05 / 2.56 / 2.65 /
 * 3.72 / 2.58 ms (2.0-2.4 s); the second pass 1.5-3.2 ms either way.
 */
const DEFAULT_WARM_UP_TURNS = 2000;
/** Warm-up turns between progress reports (a turn is a fraction of a millisecond). */
const WARM_UP_REPORT_EVERY = 100;

interface LocaleRuntime {
  locale: BotLocaleDefinition;
  recognizer: IntentRecognizer;
  tagger: LocaleSlotTagger;
  dialog: DialogManager;
  /** Wall time to train the classifier and the tagger (which overlap on a worker thread in large bots). */
  trainingMs: number;
  warmUpMs: number;
}

export class LocalConversationEngine implements ConversationEngine {
  readonly name = 'local';
  readonly bot: BotDefinition;
  private readonly runtimes = new Map<string, LocaleRuntime>();
  private readonly defaultLocaleId: string;
  private readonly clock: () => Date;
  private readonly defaultTimeZone: string;
  private readonly seed: string;

  constructor(bot: BotDefinition, options: LocalConversationEngineOptions = {}) {
    this.bot = bot;
    this.seed = options.seed ?? 'parley';
    this.clock = options.clock ?? (() => new Date());
    this.defaultTimeZone = options.defaultTimeZone ?? 'UTC';
    for (const locale of bot.locales) {
      const started = performance.now();
      const registry = new SlotTypeRegistry(locale);
      // A large bot's tagger trains on a worker thread meanwhile the classifier trains here.
      const progress = options.onProgress;
      const pendingTagger = startSlotTagger(locale, registry, { seed: `${this.seed}:${locale.localeId}` }, (done, total) => progress?.('slots', done, total));
      const recognizer = new IntentRecognizer(locale, registry, { seed: `${this.seed}:${locale.localeId}`, onProgress: progress });
      const tagger = pendingTagger.join();
      const dialog = new DialogManager(locale, recognizer, new SlotFiller(locale, registry, tagger), this.seed);
      const trained = performance.now();
      this.warmUp(dialog, warmUpTexts(locale, registry, options.warmUpTurns ?? DEFAULT_WARM_UP_TURNS), progress);
      this.runtimes.set(locale.localeId, { locale, recognizer, tagger, dialog, trainingMs: trained - started, warmUpMs: performance.now() - trained });
    }
    const first = bot.locales[0]?.localeId;
    const chosen = options.localeId ?? first;
    if (chosen === undefined || !this.runtimes.has(chosen)) {
      throw new NotFoundError('PARLEY_CONVERSATION_LOCALE_NOT_FOUND', 'the bot has no such locale', { details: { localeId: chosen ?? null } });
    }
    this.defaultLocaleId = chosen;
  }

  /** Builds and trains the engine; the name app.ts uses. */
  static fromBot(bot: BotDefinition, options: LocalConversationEngineOptions = {}): LocalConversationEngine {
    return new LocalConversationEngine(bot, options);
  }

  /** A locale's load, for the startup log: wall ms to train (classifier and slot tagger) and to warm up. */
  loadTimes(localeId: string = this.defaultLocaleId): { trainingMs: number; warmUpMs: number } {
    const { trainingMs, warmUpMs } = this.runtime(localeId);
    return { trainingMs, warmUpMs };
  }

  async recognizeText(request: RecognizeTextRequest): Promise<RecognizeTextResponse> {
    return this.recognizeTextSync(request);
  }

  /** The same as recognizeText without the promise, for benchmarks and in-process callers. */
  recognizeTextSync(request: RecognizeTextRequest): RecognizeTextResponse {
    const text = validateRequest(request);
    const runtime = this.runtime(request.localeId ?? this.defaultLocaleId);
    const result = runtime.dialog.turn({
      sessionId: request.sessionId,
      text,
      tokens: tokenize(text),
      now: localNow(this.clock(), request.timeZone ?? this.defaultTimeZone),
      previous: request.sessionState,
    });
    return {
      sessionId: request.sessionId,
      messages: result.messages,
      sessionState: result.sessionState,
      interpretations: result.interpretations,
      ...(request.requestAttributes === undefined ? {} : { requestAttributes: request.requestAttributes }),
    };
  }

  /**
   * The intent's closing response after the caller fulfilled it (ReadyForFulfillment), with {Slot}
   * placeholders filled. Slots may be Lex slot objects or their interpreted values. Unknown intent:
   * no messages.
   */
  closingMessages(
    intentName: string,
    slots: Record<string, Slot | string | null | undefined> = {},
    options: { localeId?: string; sessionId?: string; sessionAttributes?: Record<string, string> } = {},
  ): Message[] {
    const runtime = this.runtime(options.localeId ?? this.defaultLocaleId);
    const intent = runtime.locale.intents.find((i) => i.name === intentName);
    const asSlots: Record<string, Slot | null> = {};
    for (const [name, value] of Object.entries(slots)) {
      asSlots[name] = typeof value === 'string' ? { shape: 'Scalar', value: { interpretedValue: value } } : (value ?? null);
    }
    return renderGroups(intent?.closingResponse, {
      slots: asSlots,
      sessionAttributes: publicAttributes(options.sessionAttributes),
      seed: `${this.seed}:${options.sessionId ?? ''}:closing:${intentName}`,
    });
  }

  /** The intent the locale falls back to when nothing matches (Lex's AMAZON.FallbackIntent). */
  fallbackIntentName(localeId: string = this.defaultLocaleId): string {
    return this.runtime(localeId).recognizer.fallbackIntentName;
  }

  /** Turns are pure computation over the state passed in, so these leave nothing behind. */
  private warmUp(dialog: DialogManager, texts: readonly string[], progress: TrainingProgress | undefined): void {
    const now = localNow(this.clock(), this.defaultTimeZone);
    texts.forEach((text, i) => {
      try {
        dialog.turn({ sessionId: 'parley-warm-up', text, tokens: tokenize(text), now, previous: undefined });
      } catch {
        // A sample the engine cannot take is the bot check's business, not a reason to fail loading.
      }
      if ((i + 1) % WARM_UP_REPORT_EVERY === 0 || i + 1 === texts.length) progress?.('warm-up', i + 1, texts.length);
    });
  }

  private runtime(localeId: string): LocaleRuntime {
    const runtime = this.runtimes.get(localeId);
    if (!runtime) throw new ValidationError('PARLEY_CONVERSATION_LOCALE_UNKNOWN', 'the bot has no such locale', { details: { localeId } });
    return runtime;
  }
}
