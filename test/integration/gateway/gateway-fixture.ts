/**
 * Starts a real gateway on port 0 with the scripted TurnRunner and hands out ws clients. Every
 * outgoing message a test receives can be checked against the protocol schema.
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config, type SiteConfig } from '../../../src/config.js';
import { buildGateway, type GatewayDeps } from '../../../src/gateway/index.js';
import { Protocol } from '../../../src/gateway/ws/protocol.js';
import { loadProtocolSchema } from '../../../src/gateway/ws/protocol-schema.js';
import { ScriptedTurnRunner } from '../../helpers/scripted-turn-runner.js';
import { connect, type ConnectOptions, type ServerFrame, type WsClient } from '../../helpers/ws-client.js';

export const JWT_SECRET = 'an-integration-secret-of-at-least-32-chars';
export const ORIGIN = 'http://localhost:5173';

export const TEST_SITES: SiteConfig[] = [
  { siteKey: 'demo-site', allowedOrigins: ['http://localhost'], allowNoOrigin: true, allowAnonymous: true },
  {
    siteKey: 'members',
    allowedOrigins: ['https://shop.example'],
    allowNoOrigin: false,
    allowAnonymous: false,
    jwt: { hs256Secret: JWT_SECRET, audience: 'parley' },
  },
];

export interface GatewayOptions {
  limits?: Partial<Config['limits']>;
  shutdownGraceMs?: number;
  turns?: ScriptedTurnRunner;
  readiness?: () => Promise<void>;
  logger?: GatewayDeps['logger'];
}

export interface RunningGateway {
  app: FastifyInstance;
  url: string;
  turns: ScriptedTurnRunner;
  config: Config;
  connect(options?: ConnectOptions): Promise<WsClient>;
  /** Connects from the default origin and completes an anonymous hello on demo-site. */
  ready(hello?: Record<string, unknown>): Promise<{ client: WsClient; ready: ServerFrame }>;
}

const checker = new Protocol(loadProtocolSchema().document, 1);

/** Fails the test when the server sends something the schema does not describe. */
export function expectValidServerMessage(frame: ServerFrame): ServerFrame {
  const problem = checker.checkServerMessage(frame);
  if (problem !== undefined) throw new Error(`server sent an invalid ${frame.type}: ${problem}`);
  return frame;
}

export function hello(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'session.hello', v: 1, siteKey: 'demo-site', context: { locale: 'en-US' }, ...overrides };
}

export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const base = loadConfig({ PARLEY_LOG_LEVEL: 'silent' });
  const config: Config = {
    ...base,
    sites: TEST_SITES,
    limits: { ...base.limits, ...options.limits },
    shutdownGraceMs: options.shutdownGraceMs ?? base.shutdownGraceMs,
  };
  const turns = options.turns ?? new ScriptedTurnRunner();
  const app = buildGateway({
    config,
    turns,
    readiness: options.readiness ?? (async () => undefined),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/v1/chat`;
  const open = (connectOptions: ConnectOptions = { origin: ORIGIN }) => connect(url, connectOptions);
  return {
    app,
    url,
    turns,
    config,
    connect: open,
    async ready(overrides = {}) {
      const client = await open();
      client.send(hello(overrides));
      return { client, ready: expectValidServerMessage(await client.next('session.ready')) };
    },
  };
}
