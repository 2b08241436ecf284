/**
 * The intent classifier alone, K-fold cross-validated on SNIPS's training split (and, with
 * `--dev`, trained on all of train and scored on dev): the yardstick for intent-classifier changes,
 * so that no choice is made on the test split. Each fold builds the bot from the other folds'
 * lines exactly as `parley nlu eval` does and trains only the IntentRecognizer (no slot tagger).
 * Prints per-fold errors, the total, intent confusions and CPU time.
 * Usage: npx tsx bench/nlu-intent-cv.ts [--folds 5] [--only 0,1] [--dev] [--errors FILE] [--without-counts]
 *   --without-counts: each sample utterance once, as Lex holds the bot, instead of as often as the
 *   training lines give it (the bot's utterance counts, which the engine trains on by default).
 *   NLU_CV_OPTIONS='{"seed":"s2","calibrate":true}' overrides IntentRecognizerOptions.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { buildBotFromExamples, type NluExample } from '../src/conversation/eval/index.js';
import type { BotLocaleDefinition } from '../src/conversation/local/bot-model.js';
import { IntentRecognizer, type IntentRecognizerOptions } from '../src/conversation/local/intent-recognizer.js';
import { expectedCalibrationError } from '../src/conversation/local/nlu-calibration.js';
import { SlotTypeRegistry } from '../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../src/conversation/local/text-normalize.js';
import { cliArg, foldsOf, readSnips, recognizerOverrides } from './lib/snips-folds.js';

const folds = Number(cliArg('--folds') ?? 5);
const only = cliArg('--only')?.split(',').map(Number);
const errorsFile = cliArg('--errors');
const useDev = process.argv.includes('--dev');
const overrides = recognizerOverrides();
const options: IntentRecognizerOptions = { seed: 'parley', calibrate: false, ...overrides };

interface Outcome { text: string; gold: string; predicted: string; confidence: number }

const withoutCounts = process.argv.includes('--without-counts');

function run(train: readonly NluExample[], test: readonly NluExample[]): { outcomes: Outcome[]; trainCpuMs: number; temperature: number } {
  const locale = buildBotFromExamples(train, { utteranceCounts: !withoutCounts }).locales[0] as BotLocaleDefinition;
  const cpu0 = process.cpuUsage();
  const recognizer = new IntentRecognizer(locale, new SlotTypeRegistry(locale), options);
  const used = process.cpuUsage(cpu0);
  const outcomes = test.map((e) => {
    const r = recognizer.recognize(tokenize(e.text));
    return { text: e.text, gold: e.intent, predicted: r.intentName, confidence: r.ranked[0]?.score ?? 0 };
  });
  return { outcomes, trainCpuMs: (used.user + used.system) / 1000, temperature: recognizer.calibration.temperature };
}

const all = await readSnips('train');
const runs: Array<{ name: string; train: NluExample[]; test: NluExample[] }> = useDev
  ? [{ name: 'dev', train: all, test: await readSnips('dev') }]
  : foldsOf(all, folds, only).map(({ fold, train, test }) => ({ name: `fold ${fold}/${folds}`, train, test }));
console.error(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; options ${JSON.stringify(options)}${withoutCounts ? '; each sample utterance once (no counts)' : ''}`);
const outcomes: Outcome[] = [];
let cpuMs = 0;
for (const r of runs) {
  const result = run(r.train, r.test);
  const errors = result.outcomes.filter((o) => o.gold !== o.predicted).length;
  cpuMs += result.trainCpuMs;
  outcomes.push(...result.outcomes);
  console.error(`${r.name}: ${errors} errors of ${r.test.length}, train CPU ${Math.round(result.trainCpuMs)} ms, T ${result.temperature.toFixed(3)}`);
}
const wrong = outcomes.filter((o) => o.gold !== o.predicted);
const confusions = new Map<string, number>();
for (const o of wrong) confusions.set(`${o.gold} -> ${o.predicted}`, (confusions.get(`${o.gold} -> ${o.predicted}`) ?? 0) + 1);
const ece = expectedCalibrationError(outcomes.map((o) => ({ confidence: o.confidence, correct: o.gold === o.predicted })));
console.log(JSON.stringify({
  errors: wrong.length, n: outcomes.length, accuracy: Number((1 - wrong.length / outcomes.length).toFixed(4)), ece: Number(ece.toFixed(4)),
  trainCpuMs: Math.round(cpuMs), load: loadavg()[0], confusions: Object.fromEntries([...confusions].sort((a, b) => b[1] - a[1])),
}));
if (errorsFile) await writeFile(errorsFile, wrong.map((o) => JSON.stringify(o)).join('\n') + '\n');
