/**
 * The composition root: the only place that picks adapters and wires areas together. Nothing
 * here listens on a port; main.ts and the tests do.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createConversationEngine, createSpeechInput, type ConversationSetup, type SpeechInput } from './conversation/index.js';
import { loadBot } from './conversation/local/index.js';
import type { BotDefinition } from './conversation/local/bot-model.js';
import { demoIntentHandlers } from './fulfillment/intents/index.js';
import { EventRecorder } from './fulfillment/event-recorder.js';
import { PipelineTurnRunner } from './fulfillment/turn-runner.js';
import { openBanditReplies, type BanditReplies } from './fulfillment/bandit-replies.js';
import { ClosingScripts } from './fulfillment/closing-scripts.js';
import { ReplySpeech } from './fulfillment/reply-speech.js';
import { startSessionRetention, type SessionRetention } from './fulfillment/session-retention.js';
import { SpeechCacheOdds } from './fulfillment/speech-cache-odds.js';
import { buildGateway, combinedMetrics, GatewayMetrics, type PollyEmulatorDeps } from './gateway/index.js';
import { createAudioCache, guardedOrigin, observeReplyFirstAudio, type AudioCache } from './cache/index.js';
import { createRecommender, type RecommenderService } from './recommend/index.js';
import { createSpeechSynthesizer, loadBrandAssets, type Lexicon, type SpeechSynthesizer } from './speech/index.js';
import { openStore } from './store/index.js';
import type { Store } from './store/port.js';
import { isTenantSeeded, seedTenant } from './tenant/index.js';

export interface Pipeline {
  store: Store;
  bot: BotDefinition;
  turns: PipelineTurnRunner;
  /** The configured conversation engine and the local one over the same bot. */
  conversation: ConversationSetup;
  /** Spoken turns: the recognizer built from the bot, and the audio path of the configured engine. */
  speechInput: SpeechInput;
  /** The recommender fulfilment uses; `ready` resolves when its trained model serves. */
  recommendations: RecommenderService;
  /** The configured speech engine (PARLEY_SPEECH), with the brand lexicons. */
  speech: SpeechSynthesizer;
  /** The audio cache: `speech` is its cache(retry(guard(origin))) port (docs/audio-cache.md). */
  audioCache: AudioCache;
  /** Speaks replies over the WebSocket (sentences, marks, audio; playback records). */
  voice: ReplySpeech;
  /** Bandit-chosen reply variants (PARLEY_BANDIT_REPLIES; docs/bandit.md). */
  bandit?: BanditReplies;
  /** Removes expired sessions' transcripts after PARLEY_SESSION_RETENTION_DAYS (absent at 0). */
  retention?: SessionRetention;
  close(): Promise<void>;
}

export interface PipelineOptions {
  logger: Logger;
  /** Seed an empty database with the demo tenant (npm start does; tests choose). */
  seedIfEmpty?: boolean;
  /** Use this store instead of opening one from the configuration (tests). */
  store?: Store;
}

/** Opens the database, loads the bot and builds the turn pipeline shared by the server and the CLI. */
export async function openPipeline(config: Readonly<Config>, options: PipelineOptions): Promise<Pipeline> {
  const log = options.logger;
  // The database side (starting the embedded FerretDB, a process of its own; seeding it if asked;
  // loading the catalogue) runs while the bot loads and its engine trains, which need nothing from
  // it: a restart waits for the longer of the two, not both.
  const storeOpening = options.store === undefined ? openStore(config, { log: (message) => log.info(message) }) : Promise.resolve(options.store);
  const storeReady = storeOpening.then(async (opened) => {
    await prepareStore(opened, config, options.seedIfEmpty === true, log);
    return opened;
  });
  storeReady.catch(() => undefined);
  const closeOwnedStore = (): Promise<void> => storeOpening.then((opened) => (options.store === undefined ? opened.close() : undefined), () => undefined);
  let engines: ConversationSetup | undefined;
  let language: { bot: BotDefinition; conversation: ConversationSetup; speechInput: SpeechInput };
  try {
    const bot = await loadBot(config.bot.dir);
    engines = await createConversationEngine(config, { bot, logger: log });
    language = { bot, conversation: engines, speechInput: await openSpeechInput(config, bot, engines, log) };
  } catch (error) {
    engines?.close();
    // A seed under way finishes before the store closes, so no half-seeded database is left.
    await storeReady.catch(() => undefined);
    await closeOwnedStore();
    throw error;
  }
  const { bot, conversation, speechInput } = language;
  const closeLanguage = async (): Promise<void> => {
    conversation.close();
    await speechInput.close().catch(() => undefined);
  };
  let store: Store;
  try {
    store = await storeReady;
  } catch (error) {
    await closeLanguage();
    await closeOwnedStore();
    throw error;
  }
  try {
    const recommendations = await createRecommender(config, { store, log });
    const onRecommenderError = (error: unknown): void => log.warn({ err: error }, 'recommender call failed');
    const brand = await loadBrandAssets(config.replyAudio.brandDir);
    // One attempt per origin call: retries are the cache's, each through the origin guard (quota).
    const guarded = guardedOrigin(config.speech);
    const origin = await createSpeechSynthesizer(guarded.speech, { lexicons: brand.lexicons });
    const onStoreError = (operation: string, error: unknown): void => log.warn({ err: error, operation }, 'audio store failed; served from the speech engine');
    const audioCache = await createAudioCache(config.audioCache, { origin, originId: config.speech.engine, lexicons: brand.lexicons, onStoreError, maxAttempts: guarded.maxAttempts });
    const speech = audioCache.speech;
    // Spoken replies teach it; the bandit charges each variant's speaking cost by it.
    const cacheOdds = new SpeechCacheOdds();
    const voice = new ReplySpeech({ synthesizer: speech, audioKey: (request) => speech.keyOf(request), profiles: brand.profiles, defaultProfile: config.replyAudio.voiceProfile, sessions: store.sessions, scripts: brand.scripts, cacheOdds });
    const onBanditError = (error: unknown, what: string): void => log.warn({ err: error, what }, 'bandit work failed');
    const bandit = config.bandit.enabled
      ? await openBanditReplies({ store, scripts: brand.scripts, voiceProfile: config.replyAudio.voiceProfile, settings: config.bandit, cacheOdds, onError: onBanditError })
      : undefined;
    const handlers = demoIntentHandlers({ items: store.items, orders: store.orders, appointments: store.appointments, recommender: recommendations.recommender, onRecommenderError });
    const closingScripts = new ClosingScripts({
      intents: brand.scripts.map((script) => script.intent).filter((intent) => !handlers.has(intent)),
      fallbackIntent: conversation.local.fallbackIntentName(config.bot.localeId),
      customers: store.customers,
      onError: onBanditError,
    });
    const turns = new PipelineTurnRunner({
      conversation: conversation.engine,
      audio: speechInput.audio,
      sessions: store.sessions,
      handlers,
      ...(bandit === undefined ? {} : { replies: bandit.replies, closingScripts }),
      events: new EventRecorder({ interactions: store.interactions, items: store.items, recommender: recommendations.recommender, onRecommenderError }),
      closingMessages: (intent, slots) => conversation.local.closingMessages(intent, slots),
      botName: bot.name,
      localeId: config.bot.localeId,
      idleSessionTtlSeconds: bot.idleSessionTtlSeconds,
      onHandlerError: (error, intent) => log.error({ err: error, intent }, 'intent handler failed'),
    });
    const retention =
      config.sessionRetention.retentionMs > 0
        ? startSessionRetention({
            sessions: store.sessions,
            retentionMs: config.sessionRetention.retentionMs,
            everyMs: config.sessionRetention.sweepMs,
            onRemoved: (count) => log.info({ sessions: count }, 'expired sessions removed'),
            onError: (error) => log.warn({ err: error }, 'session retention sweep failed'),
          })
        : undefined;
    const close = (): Promise<void> => {
      conversation.close();
      const retentionStopped = retention?.stop() ?? Promise.resolve();
      // Generated model files go with the process; a failure to remove them must not block closing.
      const recognizerClosed = speechInput.close().catch((error: unknown) => log.warn({ err: error }, 'speech recognizer files not removed'));
      recommendations.close();
      void audioCache.close();
      const banditClosed = bandit?.close().catch((error: unknown) => onBanditError(error, 'bandit close')) ?? Promise.resolve();
      // Reply playback records still being written get a bounded wait before the store closes.
      const playbackDrained = voice.drainPlayback(config.replyAudio.playbackDrainMs).then((dropped) => {
        if (dropped.length > 0) log.warn({ waitedMs: config.replyAudio.playbackDrainMs, dropped: dropped.map(({ sessionId, turnId, outcome }) => ({ sessionId, turnId, outcome })) }, 'playback records not written before shutdown');
      });
      return Promise.all([banditClosed, recognizerClosed, playbackDrained, retentionStopped]).then(() => (options.store === undefined ? store.close() : undefined));
    };
    return { store, bot, turns, conversation, speechInput, recommendations, speech, audioCache, voice, ...(bandit === undefined ? {} : { bandit }), ...(retention === undefined ? {} : { retention }), close };
  } catch (error) {
    await closeLanguage();
    await closeOwnedStore();
    throw error;
  }
}

export interface App {
  server: FastifyInstance;
  pipeline: Pipeline;
  close(): Promise<void>;
}

export function createLogger(config: Readonly<Config>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['token', '*.token', 'text', '*.text', 'headers.authorization'], censor: '[redacted]' },
  });
}

export async function buildApp(config: Readonly<Config>, options: Partial<PipelineOptions> = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  const pipeline = await openPipeline(config, { seedIfEmpty: config.seed.onStart, ...options, logger });
  // The emulator serves the local engine at Lex's paths, so a Lex-configured instance can aim at another's.
  const lexRuntime = { engine: pipeline.conversation.local, recognizer: pipeline.speechInput.recognizer, sessions: { ttlSeconds: pipeline.bot.idleSessionTtlSeconds } };
  const personalizeEmulator = pipeline.recommendations.local;
  const pollyEmulator = config.pollyEmulator.enabled ? await localPollyEmulator(config) : undefined;
  const gatewayMetrics = new GatewayMetrics();
  const server = buildGateway({
    config,
    turns: pipeline.turns,
    readiness: () => pipeline.store.ping(),
    logger,
    lexRuntime,
    voice: pipeline.voice,
    onReplyFirstAudio: (ms) => observeReplyFirstAudio(ms / 1000, pipeline.audioCache.metrics),
    audio: { lookup: pipeline.audioCache.speech, speech: pipeline.audioCache.documents },
    metrics: combinedMetrics([gatewayMetrics, pipeline.audioCache.metrics]),
    observer: gatewayMetrics,
    ...(pipeline.bandit === undefined ? {} : { banditReport: pipeline.bandit.report }),
    ...(personalizeEmulator === undefined ? {} : { personalizeEmulator }),
    ...(pollyEmulator === undefined ? {} : { pollyEmulator }),
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    if (closing === undefined) closing = server.close().then(() => pipeline.close());
    return closing;
  };
  return { server, pipeline, close };
}

/** The local synthesizer served at Polly's paths; lexicons put through the emulator apply to it. */
async function localPollyEmulator(config: Readonly<Config>): Promise<PollyEmulatorDeps> {
  const lexicons = new Map<string, Lexicon>();
  const synthesizer = await createSpeechSynthesizer({ ...config.speech, engine: 'local' }, { lexicons });
  return { synthesizer, lexicons };
}

/** Seeds an empty database when asked, and loads the catalogue now rather than on the first customer's question. */
async function prepareStore(store: Store, config: Readonly<Config>, seedIfEmpty: boolean, log: Logger): Promise<void> {
  if (seedIfEmpty && !(await isTenantSeeded(store))) {
    log.info({ seed: config.seed.seed }, 'seeding the demo tenant into an empty database');
    const summary = await seedTenant(store, config.seed);
    log.info({ summary }, 'demo tenant seeded');
  }
  const categories = await store.items.categories();
  log.info({ categories: categories.length }, 'catalogue loaded');
}

/** The recognizer is optional equipment: when it is missing the service starts and says so. */
async function openSpeechInput(config: Readonly<Config>, bot: BotDefinition, conversation: ConversationSetup, log: Logger): Promise<SpeechInput> {
  const speechInput = await createSpeechInput(config.speechInput, {
    bot,
    localeId: config.bot.localeId,
    local: conversation.local,
    engine: conversation.engine,
    ...(conversation.remoteAudio === undefined ? {} : { remote: conversation.remoteAudio, fallbackToLocal: config.conversation.lex?.fallback === 'local' }),
  });
  if (speechInput.model === undefined) log.warn({ recognizer: config.speechInput.recognizer }, 'speech recognizer unavailable; spoken turns will be refused');
  else log.info({ words: speechInput.model.words, sentences: speechInput.model.sentences, composed: speechInput.model.pronunciations.composed.length, missing: speechInput.model.pronunciations.missing }, 'speech recognizer model built from the bot');
  return speechInput;
}
