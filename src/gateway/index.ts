/**
 * The gateway's public surface: build the fastify app (WebSocket chat protocol v1, health,
 * readiness, schema). Nothing here listens or reads the environment; the composition root does.
 */
export { buildGateway, type GatewayDeps } from './server.js';
export { LEX_SESSION_PATH, type LexRuntimeDeps } from './http/lex-runtime-routes.js';
export type { PollyEmulatorDeps } from './http/polly-routes.js';
export { CHAT_PATH } from './ws/chat-route.js';
export { GatewayErrorCode } from './errors.js';
export { combinedMetrics, GatewayMetrics } from './metrics.js';
export type { GatewayObserver, TurnKind } from './observer.js';
export type { ClientMessage, ServerMessage, ConnectionLimits } from './ws/messages.js';
