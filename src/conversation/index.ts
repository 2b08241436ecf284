/**
 * The conversation area's public surface: the port's types and `createConversationEngine`, which
 * picks the engine the configuration names (local, Lex, or Lex falling back to local).
 */
import type { Config } from '../config.js';
import { FallbackConversationEngine, type FallbackLogger } from './fallback-conversation.js';
import type { BotDefinition } from './local/bot-model.js';
import { LocalConversationEngine } from './local/local-conversation-engine.js';
import type { ConversationEngine } from './port.js';
import type { AudioConversation } from './speech-input/port.js';

export type * from './port.js';
export { FALLBACK_ATTRIBUTE, hasConversationSessions } from './port.js';
export { FallbackConversationEngine, type FallbackCounters, type FallbackLogger } from './fallback-conversation.js';
export { LexErrorCode } from './lex-errors.js';
export * from './speech-input/index.js';

export interface ConversationDeps {
  /** The loaded bot: the local engine runs it, and it supplies closing messages for any engine. */
  bot: BotDefinition;
  logger?: FallbackLogger;
}

export interface ConversationSetup {
  /** What the turn runner talks to. */
  engine: ConversationEngine;
  /** The local engine over the same bot: closing messages, the Lex emulator, the fallback. */
  local: LocalConversationEngine;
  /** Lex's audio path (RecognizeUtterance with PCM), when Lex is configured. */
  remoteAudio?: AudioConversation;
  /** Releases the engine's connections (the Lex client's sockets). */
  close(): void;
}

/**
 * Builds the configured engine. The Lex adapter (and with it the AWS SDK) is loaded only when
 * PARLEY_CONVERSATION=lex. Throws NotFoundError when the bot lacks the configured locale.
 */
export async function createConversationEngine(
  config: Pick<Readonly<Config>, 'bot' | 'conversation'>,
  deps: ConversationDeps,
): Promise<ConversationSetup> {
  const local = LocalConversationEngine.fromBot(deps.bot, { localeId: config.bot.localeId });
  const { trainingMs, warmUpMs } = local.loadTimes();
  deps.logger?.info({ bot: deps.bot.name, localeId: config.bot.localeId, trainingMs: Math.round(trainingMs), warmUpMs: Math.round(warmUpMs) }, 'local conversation engine trained');
  const lex = config.conversation.lex;
  if (config.conversation.engine !== 'lex' || lex === undefined) return { engine: local, local, close: () => undefined };
  const { LexConversationEngine } = await import('./lex-conversation.js');
  const remote = new LexConversationEngine({
    botId: lex.botId,
    botAliasId: lex.botAliasId,
    localeId: lex.localeId,
    region: lex.region,
    ...(lex.endpoint === undefined ? {} : { endpoint: lex.endpoint }),
    timeoutMs: lex.timeoutMs,
    maxAttempts: lex.maxAttempts,
  });
  const engine =
    lex.fallback === 'local'
      ? new FallbackConversationEngine(remote, local, deps.logger === undefined ? {} : { logger: deps.logger })
      : remote;
  return { engine, local, remoteAudio: remote, close: () => remote.close() };
}
