/**
 * How much SNIPS's scores owe to the training draw: the whole engine, trained on `train.jsonl` as
 * `parley nlu eval` trains it, once per engine seed (the seed picks the slot values each sample
 * utterance is expanded with, which are shown as unknown words, and the order of the epochs), and
 * scored on one split. Prints each seed's line and the spread (min, median, max, mean) of intent
 * errors and slot F1. The engine itself always uses its default seed, `parley`; this only
 * measures, so that a difference of a few utterances between two builds is read against the
 * difference a seed alone makes.
 *
 *   npx tsx bench/nlu-seed-spread.ts [--split dev|test] [--seeds parley,s1,s2,s3,s4]
 *
 * The default split is dev: use test only to report, never to choose.
 */
import { loadavg } from 'node:os';
import { buildBotFromExamples, evaluateNlu } from '../src/conversation/eval/index.js';
import { LocalConversationEngine } from '../src/conversation/local/index.js';
import { median } from './lib/median.js';
import { cliArg, readSnips } from './lib/snips-folds.js';

const split = cliArg('--split') ?? 'dev';
if (split !== 'dev' && split !== 'test') throw new Error(`--split must be dev or test, not ${split}`);
const seeds = (cliArg('--seeds') ?? 'parley,s1,s2,s3,s4').split(',').filter((s) => s.length > 0);

const train = await readSnips('train');
const evaluated = await readSnips(split);
const bot = buildBotFromExamples(train);
process.stderr.write(`nlu seed spread: ${seeds.length} seeds, scored on ${split} (load ${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);

interface SeedResult { seed: string; intentErrors: number; intentAccuracy: number; slotF1: number; trainMs: number }
const results: SeedResult[] = [];
for (const seed of seeds) {
  const started = performance.now();
  const engine = LocalConversationEngine.fromBot(bot, { seed });
  const report = evaluateNlu(engine, evaluated, performance.now() - started);
  const result = { seed, intentErrors: Math.round((1 - report.intentAccuracy) * report.n), intentAccuracy: report.intentAccuracy, slotF1: report.slotF1, trainMs: report.trainMs };
  results.push(result);
  console.log(JSON.stringify(result));
}

const spread = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { min: Math.min(...values), median: median(values), max: Math.max(...values), mean: Math.round(mean * 10_000) / 10_000 };
};
console.log(JSON.stringify({ split, n: evaluated.length, seeds: seeds.length, intentErrors: spread(results.map((r) => r.intentErrors)), slotF1: spread(results.map((r) => r.slotF1)) }));
