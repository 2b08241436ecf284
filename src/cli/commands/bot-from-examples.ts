import { writeBotFolder } from '../../conversation/local/index.js';
import { botFromExamplesFile } from '../examples-bot.js';
import { isParleyError } from '../../shared/errors.js';

export interface BotFromExamplesCliOptions {
  out: string;
  name?: string;
  /** Write how often the examples gave each sample utterance (default true); false: the bot as Lex alone holds it. */
  utteranceCounts?: boolean;
}

/**
 * `parley bot from-examples A.jsonl --out DIR [--name NAME] [--no-utterance-counts]`: the bot
 * `parley nlu eval --train` builds, written as a Lex export folder for `bot check`, `bot export`,
 * `nlu eval --bot` and Lex, with Parley's utterance counts beside each intent.
 * What Lex would refuse or need a raised quota for goes to stderr, as in `nlu eval`.
 */
export async function runBotFromExamples(file: string, options: BotFromExamplesCliOptions): Promise<number> {
  const warn = (message: string): void => void process.stderr.write(`bot from-examples: warning: ${message}\n`);
  try {
    const bot = await botFromExamplesFile(file, warn, { name: options.name, utteranceCounts: options.utteranceCounts });
    const files = await writeBotFolder(bot, options.out);
    const locale = bot.locales[0];
    const intents = locale?.intents.length ?? 0;
    const utterances = locale?.intents.reduce((n, i) => n + i.sampleUtterances.length, 0) ?? 0;
    process.stdout.write(`wrote ${options.out}: bot ${bot.name}, ${intents} intents (the fallback included), ${utterances.toLocaleString('en-US')} sample utterances, ${locale?.slotTypes.length ?? 0} slot types, ${files.length} files\n`);
    return 0;
  } catch (error) {
    const code = isParleyError(error) ? `${error.code}: ` : '';
    process.stderr.write(`bot from-examples: ${code}${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
