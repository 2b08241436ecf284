/**
 * buildGateway: the fastify app with the chat WebSocket, health/readiness, the protocol schema and
 * the public/ pages (demo store, chat widget). It does not listen; callers do. `app.close()`
 * drains connections gracefully.
 */
import { fastifyWebsocket } from '@fastify/websocket';
import { fastify, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { LoggerOptions } from 'pino';
import type { Config } from '../config.js';
import type { ReplyVoice, TurnRunner } from '../fulfillment/port.js';
import type { Recommender } from '../recommend/index.js';
import { Authenticator } from './auth.js';
import { registerAudioRoutes, type AudioRoutesDeps } from './http/audio-routes.js';
import { registerBanditRoutes, type BanditReportSource } from './http/bandit-routes.js';
import { registerHealthRoutes } from './http/health-routes.js';
import { registerLexRuntime, type LexRuntimeDeps } from './http/lex-runtime-routes.js';
import { registerMetricsRoutes, type MetricsSource } from './http/metrics-routes.js';
import type { GatewayObserver } from './observer.js';
import { registerPollyRoutes, type PollyEmulatorDeps } from './http/polly-routes.js';
import { registerPersonalizeRoutes } from './http/personalize-routes.js';
import { registerSchemaRoute } from './http/schema-route.js';
import { registerStaticRoutes } from './http/static-routes.js';
import { onSocketError, registerChatRoute } from './ws/chat-route.js';
import type { ConnectionContext } from './ws/connection.js';
import { ConnectionRegistry } from './ws/connection-registry.js';
import { Protocol } from './ws/protocol.js';
import { loadProtocolSchema } from './ws/protocol-schema.js';

export interface GatewayDeps {
  config: Readonly<Config>;
  turns: TurnRunner;
  /** Resolves when the service can take traffic (e.g. the store answers a ping); rejects with the reason. */
  readiness: () => Promise<void>;
  /** pino options (merged over the defaults, which redact tokens and text) or a logger instance, used as it is. */
  logger?: LoggerOptions | FastifyBaseLogger;
  /** The engine served at the Lex V2 runtime paths when config.lexEmulator.enabled. */
  lexRuntime?: LexRuntimeDeps;
  /** The synthesizer served at Polly's REST paths when config.pollyEmulator.enabled. */
  pollyEmulator?: PollyEmulatorDeps;
  /** The recommender served at Personalize's REST paths when config.recommender.emulator. */
  personalizeEmulator?: Recommender;
  /** Speaks replies to clients that ask for audio (docs/protocol.md, "Audio"). */
  voice?: ReplyVoice;
  /** Told the ms from each reply being sent to its first audio byte (the audio cache's histogram). */
  onReplyFirstAudio?: (ms: number) => void;
  /** The reply bandit's dashboard data at GET /v1/bandit/report (docs/bandit.md). */
  banditReport?: BanditReportSource;
  /** Cached audio at /v1/audio/<key>.<ext> and POST /v1/audio (docs/audio-cache.md). */
  audio?: AudioRoutesDeps;
  /** Served at GET /metrics in Prometheus' text format. */
  metrics?: MetricsSource;
  /** Told of connections, sessions, answered turns and errors sent (GatewayMetrics). */
  observer?: GatewayObserver;
}

/** A frame above maxMessageBytes is answered; one above this many times it closes the socket (1009). */
const HARD_PAYLOAD_FACTOR = 4;
/** server.shutdown asks clients to wait this long, plus up to the same again at random, so they do not all return at once. */
const RECONNECT_AFTER_MS = 1000;
/** After close(1012), clients get this long to answer the close frame before their sockets are cut. */
const CLOSE_HANDSHAKE_MS = 1000;

/** Tokens, resume tokens, secrets and customer text never reach the log. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'token',
  '*.token',
  'resumeToken',
  '*.resumeToken',
  'text',
  '*.text',
  '*.hs256Secret',
  'sessionSecret',
];

export function buildGateway(deps: GatewayDeps): FastifyInstance {
  const { config } = deps;
  const schema = loadProtocolSchema();
  const authenticator = new Authenticator(config.sites, config.sessionSecret === undefined ? {} : { sessionSecret: config.sessionSecret });
  const registry = new ConnectionRegistry(config.limits.maxConnections);
  const context: ConnectionContext = {
    protocol: new Protocol(schema.document, config.limits.maxMessageBytes),
    authenticator,
    turns: deps.turns,
    limits: config.limits,
    now: () => performance.now(),
    ...(deps.voice === undefined ? {} : { voice: deps.voice }),
    audio: { ...config.replyAudio, ...(deps.onReplyFirstAudio === undefined ? {} : { onFirstAudio: deps.onReplyFirstAudio }) },
    ...(deps.observer === undefined ? {} : { observer: deps.observer }),
  };

  const app = createApp(config, deps.logger);
  for (const { siteKey, entries } of authenticator.invalidOriginEntries()) {
    app.log.warn({ siteKey, entries }, 'ignoring allowedOrigins entries that are not origins');
  }

  void app.register(fastifyWebsocket, {
    options: { maxPayload: HARD_PAYLOAD_FACTOR * config.limits.maxMessageBytes, perMessageDeflate: false },
    errorHandler: onSocketError,
    // Runs after fastify stopped routing new requests (new upgrades get 503).
    preClose: async () => {
      app.log.info({ connections: registry.size }, 'draining websocket connections');
      await registry.drain({
        graceMs: config.shutdownGraceMs,
        reconnectAfterMs: () => RECONNECT_AFTER_MS + Math.floor(Math.random() * RECONNECT_AFTER_MS),
        closeHandshakeMs: CLOSE_HANDSHAKE_MS,
      });
      await new Promise<void>((resolve) => app.websocketServer.close(() => resolve()));
    },
  });
  void app.register(async (scope) => {
    registerChatRoute(scope, { authenticator, registry, context });
    registerHealthRoutes(scope, deps.readiness);
    if (deps.banditReport !== undefined) registerBanditRoutes(scope, deps.banditReport);
    registerSchemaRoute(scope, schema.text);
  });
  void app.register(registerStaticRoutes);
  if (config.recommender.emulator) {
    if (deps.personalizeEmulator === undefined) app.log.warn('PARLEY_PERSONALIZE_EMULATOR is on but no recommender was given; Personalize paths are off');
    else registerPersonalizeRoutes(app, deps.personalizeEmulator);
  }
  if (config.lexEmulator.enabled) {
    if (deps.lexRuntime === undefined) app.log.warn('PARLEY_LEX_EMULATOR is on but no engine was given; Lex runtime paths are off');
    else registerLexRuntime(app, deps.lexRuntime);
  }
  if (config.pollyEmulator.enabled) {
    if (deps.pollyEmulator === undefined) app.log.warn('PARLEY_POLLY_EMULATOR is on but no synthesizer was given; Polly paths are off');
    else registerPollyRoutes(app, deps.pollyEmulator);
  }
  if (deps.audio !== undefined) {
    // POST /v1/audio (not Polly's /v1/speech, which is the emulator's): a signed-in user of a site, rate limited.
    registerAudioRoutes(app, { ...deps.audio, authenticate: (credentials, origin) => authenticator.authenticate(credentials, origin), postLimit: config.audioCache.postLimit });
  }
  if (deps.metrics !== undefined) registerMetricsRoutes(app, deps.metrics);
  return app;
}

function createApp(config: Readonly<Config>, logger: GatewayDeps['logger']): FastifyInstance {
  if (isLoggerInstance(logger)) return fastify({ loggerInstance: logger, bodyLimit: config.limits.maxMessageBytes });
  const options: LoggerOptions = { level: config.logLevel, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, ...logger };
  return fastify({ logger: options, bodyLimit: config.limits.maxMessageBytes });
}

function isLoggerInstance(logger: GatewayDeps['logger']): logger is FastifyBaseLogger {
  return typeof logger === 'object' && typeof (logger as { child?: unknown }).child === 'function';
}
