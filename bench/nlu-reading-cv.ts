/**
 * Intent decisions settled by the slot tagger's reading (src/conversation/local/intent-reading.ts),
 * K-fold cross-validated on SNIPS's training split: each fold builds the bot from the other folds'
 * lines as `parley nlu eval` does and trains the intent recognizer and the slot tagger as the engine
 * does (same seeds), then counts intent errors without and with the reading, and how many the
 * reading fixed and broke. With `--grid`, the same for other weights and thresholds, chosen per
 * fold on the other folds (nested), so the printed nested figure is not fitted to what it scores.
 * Never the test split.
 *
 *   npx tsx bench/nlu-reading-cv.ts [--folds 5] [--only 0,1] [--grid] [--records FILE] [--seed S]
 *   NLU_CV_OPTIONS='{"expansionsPerTemplate":4}' overrides the recognizer's IntentRecognizerOptions.
 *
 * Progress on stderr; one JSON line on stdout.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { buildBotFromExamples } from '../src/conversation/eval/index.js';
import type { BotLocaleDefinition } from '../src/conversation/local/bot-model.js';
import { DEFAULT_READING, settleByReading, type ReadingOptions } from '../src/conversation/local/intent-reading.js';
import { IntentRecognizer, type IntentRecognition } from '../src/conversation/local/intent-recognizer.js';
import { LocaleSlotTagger } from '../src/conversation/local/slot-tagger-locale.js';
import { SlotTypeRegistry } from '../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../src/conversation/local/text-normalize.js';
import { cliArg, foldsOf, readSnips, recognizerOverrides } from './lib/snips-folds.js';

const folds = Number(cliArg('--folds') ?? 5);
const only = cliArg('--only')?.split(',').map(Number);
const recordsFile = cliArg('--records');
const SEED = cliArg('--seed') ?? 'parley:en_US'; // by default the engine's seed for its default locale
const overrides = recognizerOverrides();

/** One held-out utterance: the recognition and the reading of its top two intents. */
interface Record { fold: number; gold: string; recognition: IntentRecognition; readings: { [intent: string]: number | null } }

const records: Record[] = [];
let fallbackIntentName = 'FallbackIntent';
process.stderr.write(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
for (const { fold: f, train, test } of foldsOf(await readSnips('train'), folds, only)) {
  const started = performance.now();
  const locale = buildBotFromExamples(train).locales[0] as BotLocaleDefinition;
  const registry = new SlotTypeRegistry(locale);
  const recognizer = new IntentRecognizer(locale, registry, { seed: SEED, ...overrides });
  const tagger = new LocaleSlotTagger(locale, registry, { seed: SEED });
  fallbackIntentName = recognizer.fallbackIntentName;
  for (const example of test) {
    const tokens = tokenize(example.text);
    const recognition = recognizer.recognize(tokens);
    const readings: Record['readings'] = {};
    for (const { intentName } of recognition.ranked.slice(0, 2)) readings[intentName] = tagger.readingScore(tokens, intentName) ?? null;
    records.push({ fold: f, gold: example.intent, recognition, readings });
  }
  process.stderr.write(`fold ${f}/${folds}: trained and scored in ${Math.round((performance.now() - started) / 1000)} s\n`);
}

const decide = (r: Record, options: ReadingOptions): string => settleByReading(r.recognition, fallbackIntentName, (intent) => r.readings[intent] ?? undefined, options).intentName;
const errors = (list: readonly Record[], options?: ReadingOptions): number => list.filter((r) => (options === undefined ? r.recognition.intentName : decide(r, options)) !== r.gold).length;
const fixed = records.filter((r) => r.recognition.intentName !== r.gold && decide(r, DEFAULT_READING) === r.gold).length;
const broken = records.filter((r) => r.recognition.intentName === r.gold && decide(r, DEFAULT_READING) !== r.gold).length;
const result: { [key: string]: unknown } = {
  n: records.length,
  errorsWithout: errors(records),
  errorsWith: errors(records, DEFAULT_READING),
  fixed,
  broken,
  changedShare: Number((records.filter((r) => decide(r, DEFAULT_READING) !== r.recognition.intentName).length / records.length).toFixed(4)),
  options: DEFAULT_READING,
  load: loadavg()[0],
};
if (process.argv.includes('--grid')) {
  const grid: ReadingOptions[] = [];
  for (const weight of [0.1, 0.2, 0.3, 0.5, 1]) for (const closeLogOdds of [0.3, 0.5, 0.7, 1]) grid.push({ weight, closeLogOdds });
  let nested = 0;
  const chosen: ReadingOptions[] = [];
  for (const f of [...new Set(records.map((r) => r.fold))]) {
    const train = records.filter((r) => r.fold !== f);
    const best = grid.reduce((a, b) => (errors(train, b) < errors(train, a) ? b : a));
    chosen.push(best);
    nested += errors(records.filter((r) => r.fold === f), best);
  }
  result.grid = grid.map((options) => ({ ...options, errors: errors(records, options) }));
  result.nested = { errors: nested, chosen };
}
console.log(JSON.stringify(result));
if (recordsFile) await writeFile(recordsFile, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
