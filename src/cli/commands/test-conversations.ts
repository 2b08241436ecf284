import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createConversationEngine } from '../../conversation/index.js';
import { LocalConversationEngine, loadBot } from '../../conversation/local/index.js';
import {
  assertFilesFitBot,
  ConversationTestFileError,
  formatReport,
  readConversationTestFiles,
  runConversationTests,
  type EngineUnderTest,
} from '../../conversation/testing/index.js';
import { isParleyError } from '../../shared/errors.js';
import { loadConfigOrExit } from '../load-config.js';

export interface TestConversationsOptions {
  bot?: string;
  json?: boolean;
}

/**
 * `parley test conversations FILE...`: runs YAML conversation tests against the local engine
 * (PARLEY_BOT_DIR, or --bot) and, with PARLEY_CONVERSATION=lex, against Lex as well, reporting
 * where the two disagree. Exit 0 when all pass, 1 on any failure or disagreement, 2 on a bad file.
 */
export async function runTestConversations(paths: string[], options: TestConversationsOptions): Promise<number> {
  const config = loadConfigOrExit(options.bot === undefined ? {} : { PARLEY_BOT_DIR: options.bot });
  try {
    const files = await readConversationTestFiles(await expandPaths(paths));
    const bot = await loadBot(config.bot.dir);
    assertFilesFitBot(files, bot);
    let now = new Date();
    const local = new LocalConversationEngine(bot, { localeId: config.bot.localeId, clock: () => now });
    const engines: EngineUnderTest[] = [{ name: 'local', engine: local }];
    let close = (): void => undefined;
    if (config.conversation.engine === 'lex' && config.conversation.lex) {
      // Lex alone, never falling back: a fallback answer would hide a disagreement.
      const lex = { ...config.conversation.lex, fallback: 'none' as const };
      const setup = await createConversationEngine({ bot: config.bot, conversation: { ...config.conversation, lex } }, { bot });
      engines.push({ name: 'lex', engine: setup.engine });
      close = setup.close;
    }
    try {
      const report = await runConversationTests(files, { engines, setClock: (clock) => (now = clock) });
      process.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : formatReport(report));
      return report.passed ? 0 : 1;
    } finally {
      close();
    }
  } catch (error) {
    if (error instanceof ConversationTestFileError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const code = isParleyError(error) ? `${error.code}: ` : '';
    process.stderr.write(`test conversations: ${code}${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

/** Files as given; a directory stands for its .yaml / .yml files, in name order. */
async function expandPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (info?.isDirectory()) {
      const names = (await readdir(p)).filter((n) => /\.ya?ml$/i.test(n)).sort();
      out.push(...names.map((n) => path.join(p, n)));
    } else out.push(p);
  }
  return out;
}
