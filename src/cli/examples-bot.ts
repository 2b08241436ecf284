/**
 * The bot `nlu eval --train` and `bot from-examples` build from a labelled JSONL file, with what
 * Lex would refuse or need a raised quota for told through `warn`, one line each: utterances the
 * examples label with two intents, examples labelled with the fallback intent, quotas exceeded.
 */
import { readFile } from 'node:fs/promises';
import { buildBotFromExamples, describeOutOfScopeExamples, describeUtteranceConflict, parseExamples } from '../conversation/eval/index.js';
import { describeQuotaFinding, quotaFindings, type BotDefinition } from '../conversation/local/index.js';

export async function botFromExamplesFile(file: string, warn: (message: string) => void, options: { name?: string; utteranceCounts?: boolean } = {}): Promise<BotDefinition> {
  const bot = buildBotFromExamples(parseExamples(await readFile(file), file), {
    source: file,
    name: options.name,
    utteranceCounts: options.utteranceCounts,
    onConflict: (c) => warn(`${file}: ${describeUtteranceConflict(c)}`),
    onOutOfScope: (examples) => warn(`${file}: ${describeOutOfScopeExamples(examples)}`),
  });
  for (const locale of bot.locales) for (const finding of quotaFindings(locale)) warn(describeQuotaFinding(finding));
  return bot;
}
