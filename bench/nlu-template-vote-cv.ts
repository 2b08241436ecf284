/**
 * The template vote's settings on the folds of bench/nlu-intent-cv.ts without retraining: each
 * fold's classifier is trained once (uncalibrated, no vote) and its logits cached; every setting
 * then builds only the fold's template model and applies the vote as the recognizer does
 * (voteIfClose, softmax, the fallback threshold). Prints, per setting, the intent errors, the
 * errors fixed and broken against the first setting (paired), and the vote's CPU per close call.
 * Usage: npx tsx bench/nlu-template-vote-cv.ts [--dev] [--seed parley] [--cache FILE]
 *   NLU_VOTE_SETTINGS='[{"weight":0.1,"templateModel":{}},{"weight":0.2}]' (the default: exact
 *   templates as before, then the recognizer's defaults; a setting without templateModel gets
 *   DEFAULT_TEMPLATE_MODEL, `{}` the exact templates alone)
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { buildBotFromExamples, type NluExample } from '../src/conversation/eval/index.js';
import type { BotLocaleDefinition } from '../src/conversation/local/bot-model.js';
import { DEFAULT_TEMPLATE_MODEL, IntentRecognizer, voteIfClose } from '../src/conversation/local/intent-recognizer.js';
import { softmaxInPlace } from '../src/conversation/local/nlu-classifier.js';
import { TemplateModel, type TemplateModelOptions } from '../src/conversation/local/nlu-template-model.js';
import { SlotTypeRegistry } from '../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../src/conversation/local/text-normalize.js';
import { cliArg, foldsOf, readSnips } from './lib/snips-folds.js';

interface Setting { weight: number; templateModel?: TemplateModelOptions }
interface Line { text: string; gold: string; logits: number[]; words: string[] }
interface FoldCache { name: string; labels: string[]; threshold: number; lines: Line[] }

const useDev = process.argv.includes('--dev');
const seed = cliArg('--seed') ?? 'parley';
const cacheFile = cliArg('--cache') ?? `/tmp/nlu-vote-cv-${useDev ? 'dev' : 'cv5'}-${seed}.json`;
const settings = JSON.parse(process.env['NLU_VOTE_SETTINGS'] ?? '[{"weight":0.1,"templateModel":{}},{"weight":0.2}]') as Setting[];

const train = await readSnips('train');
const runs: Array<{ name: string; train: NluExample[]; test: NluExample[] }> = useDev
  ? [{ name: 'dev', train, test: await readSnips('dev') }]
  : foldsOf(train, 5).map(({ fold, train: t, test }) => ({ name: `fold ${fold}/5`, train: t, test }));
const localeOf = (examples: readonly NluExample[]): BotLocaleDefinition => buildBotFromExamples(examples).locales[0] as BotLocaleDefinition;

async function cachedFolds(): Promise<FoldCache[]> {
  if (existsSync(cacheFile)) return JSON.parse(await readFile(cacheFile, 'utf8')) as FoldCache[];
  const out: FoldCache[] = [];
  for (const r of runs) {
    const locale = localeOf(r.train);
    const recognizer = new IntentRecognizer(locale, new SlotTypeRegistry(locale), { seed, calibrate: false, templateWeight: 0 });
    const lines = r.test.map((e) => {
      const { logits, words } = recognizer.classifierLogits(tokenize(e.text));
      return { text: e.text, gold: e.intent, logits: [...logits], words };
    });
    out.push({ name: r.name, labels: [...recognizer.intentNames], threshold: locale.nluConfidenceThreshold, lines });
    console.error(`${r.name}: classifier trained`);
  }
  await writeFile(cacheFile, JSON.stringify(out));
  return out;
}

const folds = await cachedFolds();
console.error(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; seed ${seed}; ${useDev ? 'dev' : '5-fold CV'}`);
let reference: boolean[] | null = null;
for (const setting of settings) {
  const correct: boolean[] = [];
  const voteMs: number[] = [];
  for (const [f, fold] of folds.entries()) {
    const locale = localeOf((runs[f] as { train: NluExample[] }).train);
    const model = setting.weight > 0 ? new TemplateModel(locale, new SlotTypeRegistry(locale), fold.labels, undefined, setting.templateModel ?? DEFAULT_TEMPLATE_MODEL) : null;
    const fallback = fold.labels.length - 1;
    for (const line of fold.lines) {
      const logits = Float64Array.from(line.logits);
      if (model) {
        const started = performance.now();
        voteIfClose(logits, model, line.words, setting.weight);
        const ms = performance.now() - started;
        // Only calls that ran the model (close ones) are timed: the others cost nothing.
        if (isClose(line.logits, setting.weight)) voteMs.push(ms);
      }
      const p = softmaxInPlace(logits);
      let best = 0;
      for (let c = 1; c < p.length; c += 1) if ((p[c] as number) > (p[best] as number)) best = c;
      const predicted = best === fallback || (p[best] as number) < fold.threshold ? fold.labels[fallback] : fold.labels[best];
      correct.push(predicted === line.gold);
    }
  }
  const errors = correct.filter((c) => !c).length;
  const ref: boolean[] = reference ?? correct;
  const fixed = correct.filter((c, i) => c && !ref[i]).length;
  const broken = correct.filter((c, i) => !c && ref[i]).length;
  reference ??= correct;
  voteMs.sort((a, b) => a - b);
  const q = (x: number): number => Number((voteMs[Math.min(voteMs.length - 1, Math.floor(x * voteMs.length))] ?? 0).toFixed(3));
  console.log(JSON.stringify({ setting, errors, n: correct.length, fixed, broken, closeCalls: voteMs.length, voteMsP50: q(0.5), voteMsP99: q(0.99), load: Number((loadavg()[0] ?? 0).toFixed(1)) }));
}

/** Whether the classifier's top two logits are within what a vote of this weight can move. */
function isClose(logits: readonly number[], weight: number): boolean {
  const sorted = [...logits].sort((a, b) => b - a);
  return (sorted[0] as number) - (sorted[1] as number) < weight * -Math.log(1e-3);
}
