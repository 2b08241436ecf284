/**
 * Parley's gateway with the Lex emulator on (the real server.ts registration, minus the store and
 * turn pipeline, which these tests do not need), listening on port 0 and serving the local engine
 * over the demo bot; and Lex engines built on the real SDK client aimed at it.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { LexConversationEngine, type LexConversationEngineOptions } from '../../src/conversation/lex-conversation.js';
import { loadBot, LocalConversationEngine } from '../../src/conversation/local/index.js';
import type { BotDefinition } from '../../src/conversation/local/bot-model.js';
import type { SpeechRecognizer } from '../../src/conversation/index.js';
import { buildGateway } from '../../src/gateway/index.js';
import { ScriptedTurnRunner } from '../helpers/scripted-turn-runner.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BOT_ID = 'PARLEYBOT1';
export const BOT_ALIAS_ID = 'TSTALIASID';
/** Training shuffles and message choices follow the seed, so two engines answer alike. */
export const ENGINE_SEED = 'contract';
export const FIXED_NOW = new Date('2026-05-01T10:00:00Z');

let demoBot: Promise<BotDefinition> | undefined;
export function loadDemoBot(): Promise<BotDefinition> {
  demoBot ??= loadBot(path.join(REPO_ROOT, 'bots/ParleyStore'));
  return demoBot;
}

export async function localEngine(): Promise<LocalConversationEngine> {
  return new LocalConversationEngine(await loadDemoBot(), { seed: ENGINE_SEED, clock: () => FIXED_NOW });
}

export interface LexEmulator {
  endpoint: string;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** `recognizer` hears RecognizeUtterance audio (none: audio answers DependencyFailedException). */
export async function startLexEmulator(options: { recognizer?: SpeechRecognizer } = {}): Promise<LexEmulator> {
  const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent', PARLEY_LEX_EMULATOR: 'true' }, REPO_ROOT);
  const server = buildGateway({
    config,
    turns: new ScriptedTurnRunner(),
    readiness: async () => undefined,
    lexRuntime: { engine: await localEngine(), ...(options.recognizer === undefined ? {} : { recognizer: options.recognizer }) },
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, server, close: () => server.close() };
}

/** The real SDK client, dummy credentials, aimed at `endpoint`. */
export function lexEngine(endpoint: string, overrides: Partial<LexConversationEngineOptions> = {}): LexConversationEngine {
  return new LexConversationEngine({
    botId: BOT_ID,
    botAliasId: BOT_ALIAS_ID,
    localeId: 'en_US',
    region: 'us-east-1',
    endpoint,
    timeoutMs: 2000,
    maxAttempts: 3,
    credentials: { accessKeyId: 'AKIDPARLEYTEST', secretAccessKey: 'parley-test-secret' },
    ...overrides,
  });
}
