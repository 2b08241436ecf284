import type { WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkTestTexts, confusionPlot, evaluateNlu, FALLBACK_INTENT_NAME, parseExamples, reliabilityPlot, type NluEvalReport, type NluPrediction } from '../../conversation/eval/index.js';
import { isFallbackIntent, LocalConversationEngine, loadBot, sharedShapes, utteranceShape, type BotDefinition, type TrainingPhase } from '../../conversation/local/index.js';
import { botFromExamplesFile } from '../examples-bot.js';
import type { PlotSpec } from '../../shared/plot-svg.js';
import { writeChart } from '../chart-file.js';
import { closeOutput, openOutput } from '../output-file.js';
import { phaseProgress } from '../phase-progress.js';

/** Test lines scored between progress reports. */
const SCORED_REPORT_EVERY = 100;

export interface NluEvalOptions {
  train?: string;
  test: string;
  bot?: string;
  predictions?: string;
  /** A folder for the run's charts (intent confusion, confidence reliability) as SVG. */
  plots?: string;
  /** Progress on stderr (default true). */
  progress?: boolean;
  /**
   * Trains with this seed instead of the engine's own: the seed picks the values each sample
   * utterance is expanded with and the order of the epochs, which moves a few lines of a test set.
   */
  seed?: string;
  /**
   * With --train: keep how often the lines give each sample utterance (default true), which the
   * engine trains on; false scores the bot as Lex alone would hold it (each utterance once).
   */
  utteranceCounts?: boolean;
}

const MAX_SEED_LENGTH = 100;

export interface NluEvalHooks {
  onPrediction?: (p: NluPrediction) => void;
  /** Told as the engine trains and warms up, then as the test lines are scored (phase 'test'). */
  onProgress?: (phase: TrainingPhase | 'test', done: number, total: number) => void;
  /**
   * What Lex would refuse or need a raised quota for in the bot built from --train, one line each:
   * quotas exceeded, sample utterances the examples label with two intents, and examples labelled
   * with the fallback intent (left out of the bot).
   */
  onWarning?: (message: string) => void;
}

/** Builds (from --train) or loads (--bot) the bot, trains the engine as a bot loads, and scores --test. */
export async function evaluateFiles(options: NluEvalOptions, hooks: NluEvalHooks = {}): Promise<NluEvalReport> {
  if ((options.train === undefined) === (options.bot === undefined)) throw new Error('give exactly one of --train FILE or --bot DIR');
  if (options.bot !== undefined && options.utteranceCounts === false) throw new Error('--no-utterance-counts goes with --train: a bot folder carries its own counts (ParleyUtteranceCounts.json beside each intent)');
  if (options.seed !== undefined && (options.seed.trim().length === 0 || options.seed.length > MAX_SEED_LENGTH)) {
    throw new Error(`--seed must be 1 to ${MAX_SEED_LENGTH} characters, not blank`);
  }
  const test = parseExamples(await readFile(options.test), options.test);
  checkTestTexts(test, options.test);
  let bot: BotDefinition;
  // A loaded bot is checked as it loads; a built one is scored as built, and told what Lex would say.
  if (options.train !== undefined) bot = await botFromExamplesFile(options.train, (message) => hooks.onWarning?.(message), { utteranceCounts: options.utteranceCounts });
  else bot = await loadBot(options.bot as string);
  const started = performance.now();
  const progress = hooks.onProgress;
  const engine = LocalConversationEngine.fromBot(bot, { onProgress: progress, seed: options.seed });
  const trainMs = performance.now() - started;
  const fallbackIntentName = bot.locales[0]?.intents.find(isFallbackIntent)?.name ?? FALLBACK_INTENT_NAME;
  const shapes = sharedShapes(bot.locales[0]?.intents ?? [], bot.locales[0]?.slotTypes ?? []);
  let scored = 0;
  const onPrediction = (scoredLine: NluPrediction): void => {
    const sharedShapeIntents = shapes.get(goldShapeOf(scoredLine));
    const p = sharedShapeIntents === undefined ? scoredLine : { ...scoredLine, sharedShapeIntents };
    hooks.onPrediction?.(p);
    scored += 1;
    if (scored % SCORED_REPORT_EVERY === 0 || scored === test.length) progress?.('test', scored, test.length);
  };
  return evaluateNlu(engine, test, trainMs, { fallbackIntentName, onPrediction });
}

/**
 * The test line as a sample utterance with its gold slots as gaps, in the form shapes are compared.
 * Not sampleUtteranceOf: it refuses what a training line cannot be (braces, over 500 characters),
 * which a test line may be.
 */
function goldShapeOf(p: NluPrediction): string {
  let template = '';
  let last = 0;
  for (const span of [...p.goldSlots].sort((a, b) => a.start - b.start)) {
    template += `${p.text.slice(last, span.start)}{${span.name}}`;
    last = span.end;
  }
  return utteranceShape(template + p.text.slice(last));
}

/**
 * One line for a person, when test lines are phrased as sample utterances of several intents:
 * how many, and how many of the intent errors are among them (`parley bot check` lists those utterances).
 */
export function describeSharedShapes(tally: { total: number; shared: number; errors: number; sharedErrors: number }): string | undefined {
  const { total, shared, errors, sharedErrors } = tally;
  if (shared === 0) return undefined;
  const share = ((100 * shared) / total).toFixed(1);
  return `${shared} of ${total} test lines (${share}%) are phrased, slots aside, as sample utterances of two or more intents, where only slot values can tell the intents apart; ${sharedErrors} of the ${errors} intent errors are among them (\`parley bot check\` lists those sample utterances)`;
}

/** The run's charts as SVG files in `dir`; returns their paths. */
async function writePlots(dir: string, predictions: readonly NluPrediction[]): Promise<string[]> {
  const charts: Array<[string, PlotSpec]> = [['intent-confusion.svg', confusionPlot(predictions)], ['confidence-reliability.svg', reliabilityPlot(predictions)]];
  const written: string[] = [];
  for (const [name, spec] of charts) {
    const file = path.join(dir, name);
    await writeChart(file, spec);
    written.push(file);
  }
  return written;
}

/**
 * `parley nlu eval --train A.jsonl --test B.jsonl [--predictions FILE] [--plots DIR]` or `--bot DIR --test B.jsonl`:
 * one JSON line {intentAccuracy, slotPrecision, slotRecall, slotF1, n, trainMs, p50Ms, p99Ms}, plus
 * {outOfScopeN, outOfScopeRecall, inScopeAccuracy} when test lines are labelled with the fallback intent.
 */
export async function runNluEval(options: NluEvalOptions): Promise<number> {
  let predictions: WriteStream | undefined;
  const progress = phaseProgress('nlu eval', options.progress !== false);
  try {
    if (options.predictions !== undefined) predictions = await openOutput(options.predictions);
    const file = predictions;
    const kept: NluPrediction[] = [];
    const tally = { total: 0, shared: 0, errors: 0, sharedErrors: 0 };
    const report = await evaluateFiles(options, {
      onPrediction: (p: NluPrediction) => {
        file?.write(`${JSON.stringify(p)}\n`);
        if (options.plots !== undefined) kept.push(p);
        const wrong = p.predictedIntent !== p.goldIntent;
        tally.total += 1;
        tally.errors += wrong ? 1 : 0;
        tally.shared += p.sharedShapeIntents ? 1 : 0;
        tally.sharedErrors += p.sharedShapeIntents && wrong ? 1 : 0;
      },
      onWarning: (message) => process.stderr.write(`nlu eval: warning: ${message}\n`),
      onProgress: (phase, done, total) => progress.update(phase, done, total),
    });
    progress.stop();
    const shared = describeSharedShapes(tally);
    if (shared !== undefined) process.stderr.write(`nlu eval: ${shared}\n`);
    if (options.plots !== undefined) {
      const written = await writePlots(options.plots, kept);
      process.stderr.write(`nlu eval: wrote ${written.join(', ')}\n`);
    }
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  } catch (error) {
    progress.stop();
    process.stderr.write(`nlu eval: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await closeOutput(predictions);
  }
}
