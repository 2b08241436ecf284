/**
 * The composition root: the only place that picks adapters and wires areas together. Nothing
 * here listens on a port; main.ts and the tests do.
 */
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { createConversationEngine, type ConversationSetup } from './conversation/index.js';
import { loadBot } from './conversation/local/index.js';
import type { BotDefinition } from './conversation/local/bot-model.js';
import { demoIntentHandlers } from './fulfillment/intents/index.js';
import { EventRecorder } from './fulfillment/event-recorder.js';
import { PipelineTurnRunner } from './fulfillment/turn-runner.js';
import { buildGateway, type PollyEmulatorDeps } from './gateway/index.js';
import { createRecommender, type RecommenderService } from './recommend/index.js';
import { createSpeechSynthesizer, type Lexicon } from './speech/index.js';
import { openStore } from './store/index.js';
import type { Store } from './store/port.js';
import { isTenantSeeded, seedTenant } from './tenant/index.js';

export interface Pipeline {
  store: Store;
  bot: BotDefinition;
  turns: PipelineTurnRunner;
  /** The configured conversation engine and the local one over the same bot. */
  conversation: ConversationSetup;
  /** The recommender fulfilment uses; `ready` resolves when its trained model serves. */
  recommendations: RecommenderService;
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
  const store = options.store ?? (await openStore(config, { log: (message) => log.info(message) }));
  try {
    if (options.seedIfEmpty === true && !(await isTenantSeeded(store))) {
      log.info({ seed: config.seed.seed }, 'seeding the demo tenant into an empty database');
      const summary = await seedTenant(store, config.seed);
      log.info({ summary }, 'demo tenant seeded');
    }
    // Load the catalogue now rather than on the first customer's question.
    const categories = await store.items.categories();
    log.info({ categories: categories.length }, 'catalogue loaded');
    const bot = await loadBot(config.bot.dir);
    const conversation = await createConversationEngine(config, { bot, logger: log });
    const recommendations = await createRecommender(config, { store, log });
    const onRecommenderError = (error: unknown): void => log.warn({ err: error }, 'recommender call failed');
    const turns = new PipelineTurnRunner({
      conversation: conversation.engine,
      sessions: store.sessions,
      handlers: demoIntentHandlers({ items: store.items, orders: store.orders, appointments: store.appointments, recommender: recommendations.recommender, onRecommenderError }),
      events: new EventRecorder({ interactions: store.interactions, items: store.items, recommender: recommendations.recommender, onRecommenderError }),
      closingMessages: (intent, slots) => conversation.local.closingMessages(intent, slots),
      botName: bot.name,
      localeId: config.bot.localeId,
      idleSessionTtlSeconds: bot.idleSessionTtlSeconds,
      onHandlerError: (error, intent) => log.error({ err: error, intent }, 'intent handler failed'),
    });
    const close = (): Promise<void> => {
      conversation.close();
      recommendations.close();
      return options.store === undefined ? store.close() : Promise.resolve();
    };
    return { store, bot, turns, conversation, recommendations, close };
  } catch (error) {
    if (options.store === undefined) await store.close();
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
  const lexRuntime = { engine: pipeline.conversation.local, sessions: { ttlSeconds: pipeline.bot.idleSessionTtlSeconds } };
  const personalizeEmulator = pipeline.recommendations.local;
  const pollyEmulator = config.pollyEmulator.enabled ? await localPollyEmulator(config) : undefined;
  const server = buildGateway({
    config,
    turns: pipeline.turns,
    readiness: () => pipeline.store.ping(),
    logger,
    lexRuntime,
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
