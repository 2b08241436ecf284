/**
 * SNIPS (Goo et al. split, ../shared/data/snips): Parley's NLU, through the same code as
 * `parley nlu eval`, and NLP.js (node-nlp 4.x) on the same train/test files in the same run,
 * printed side by side with Parley/NLP.js ratios.
 * NLP.js gets each training text as a document of its intent and each slot's values as an enum
 * named entity; its entities are kept when they belong to a slot of the predicted intent, longest
 * first without overlaps, which is what a bot author would have to do with its output.
 * Parley runs twice: as `nlu eval` builds the bot (each sample utterance with how often the lines
 * say it), then with each sample utterance once, as Lex alone would hold the bot
 * (`--no-utterance-counts`), so what the counts are worth shows in the same run.
 * Usage: npx tsx bench/nlu-snips.ts [DATA_DIR]
 */
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { countSpans, parseExamples, spanScores, type NluExample, type Span } from '../src/conversation/eval/index.js';
import { evaluateFiles } from '../src/cli/commands/nlu-eval.js';
import { phaseProgress } from '../src/cli/phase-progress.js';
import { machineCpuTicks, stealShare } from './lib/proc-cpu.js';
import { SNIPS_DIR } from './lib/snips-folds.js';

const DIR = process.argv[2] ?? SNIPS_DIR;

interface NlpEntity { entity: string; start: number; end: number; len?: number }
interface NlpResult { intent: string; score: number; entities?: NlpEntity[] }
interface NlpManagerLike {
  addDocument(locale: string, text: string, intent: string): void;
  addNamedEntityText(entity: string, option: string, languages: string[], texts: string[]): void;
  train(): Promise<void>;
  process(locale: string, text: string): Promise<NlpResult>;
}

const round = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;
const pct = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

async function runNlpJs(train: NluExample[], test: NluExample[]): Promise<Record<string, number>> {
  // node-nlp ships no types; the specifier is a variable so that only the interface above is used.
  const moduleName = 'node-nlp';
  const { NlpManager } = (await import(moduleName)) as { NlpManager: new (settings: object) => NlpManagerLike };
  const manager = new NlpManager({ languages: ['en'], forceNER: true, autoSave: false, nlu: { log: false } });
  const slotsOfIntent = new Map<string, Set<string>>();
  const values = new Map<string, Set<string>>();
  for (const e of train) {
    manager.addDocument('en', e.text, e.intent);
    const names = slotsOfIntent.get(e.intent) ?? new Set<string>();
    for (const s of e.slots) {
      names.add(s.name);
      const set = values.get(s.name) ?? new Set<string>();
      set.add(s.value);
      values.set(s.name, set);
    }
    slotsOfIntent.set(e.intent, names);
  }
  // NLU_BENCH_NLPJS_ENTITIES=0 measures intents only: its enum matcher is slow with 11k values.
  if (process.env['NLU_BENCH_NLPJS_ENTITIES'] !== '0') {
    for (const [name, set] of values) for (const v of set) manager.addNamedEntityText(name, v, ['en'], [v]);
  }
  const started = performance.now();
  await manager.train();
  const trainMs = performance.now() - started;
  const counts = { correct: 0, predicted: 0, gold: 0 };
  const latencies: number[] = [];
  let correct = 0;
  for (const e of test) {
    const t0 = performance.now();
    const result = await manager.process('en', e.text);
    latencies.push(performance.now() - t0);
    if (result.intent === e.intent) correct += 1;
    const allowed = slotsOfIntent.get(result.intent) ?? new Set<string>();
    // node-nlp's `end` is the index of the last character.
    const candidates = (result.entities ?? []).filter((x) => allowed.has(x.entity)).map((x) => ({ name: x.entity, start: x.start, end: x.end + 1 }));
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start));
    const chosen: Span[] = [];
    for (const c of candidates) if (!chosen.some((s) => c.start < s.end && s.start < c.end)) chosen.push(c);
    countSpans(e.slots, chosen, counts);
  }
  latencies.sort((a, b) => a - b);
  const s = spanScores(counts);
  return { intentAccuracy: round(correct / test.length), slotPrecision: round(s.precision), slotRecall: round(s.recall), slotF1: round(s.f1), n: test.length, trainMs: Math.round(trainMs), p50Ms: round(pct(latencies, 0.5), 3), p99Ms: round(pct(latencies, 0.99), 3) };
}

const trainFile = path.join(DIR, 'train.jsonl');
const testFile = path.join(DIR, 'test.jsonl');
// CPU time next to wall time: on a shared machine the wall figures include waiting for a core.
const cpuMs = (since: NodeJS.CpuUsage): number => Math.round((process.cpuUsage(since).user + process.cpuUsage(since).system) / 1000);
// Share of the machine's CPU the hypervisor gave to others meanwhile: it lengthens the slowest turns.
const stolen = (since: ReturnType<typeof machineCpuTicks>): number => round(stealShare(since, machineCpuTicks()), 3);
const parleyCpu = process.cpuUsage();
const parleyMachine = machineCpuTicks();
const progress = phaseProgress('nlu bench', true);
const parley = await evaluateFiles({ train: trainFile, test: testFile }, {
  onWarning: (w) => process.stderr.write(`nlu bench: warning: ${w}\n`),
  onProgress: (phase, done, total) => progress.update(phase, done, total),
});
progress.stop();
console.log(JSON.stringify({ engine: 'parley', ...parley, cpuMsTrainAndTest: cpuMs(parleyCpu), cpuStolen: stolen(parleyMachine), loadAverage1m: round(loadavg()[0] ?? 0, 2) }));
const onceCpu = process.cpuUsage();
const onceMachine = machineCpuTicks();
const onceProgress = phaseProgress('nlu bench, each utterance once', true);
const once = await evaluateFiles({ train: trainFile, test: testFile, utteranceCounts: false }, { onProgress: (phase, done, total) => onceProgress.update(phase, done, total) });
onceProgress.stop();
console.log(JSON.stringify({ engine: 'parley, each sample utterance once (as Lex holds the bot)', ...once, cpuMsTrainAndTest: cpuMs(onceCpu), cpuStolen: stolen(onceMachine), loadAverage1m: round(loadavg()[0] ?? 0, 2) }));
process.stderr.write('nlu bench: training NLP.js (minutes)\n');
let nlpjs: Record<string, number> | null = null;
try {
  const nlpCpu = process.cpuUsage();
  const nlpMachine = machineCpuTicks();
  nlpjs = await runNlpJs(parseExamples(await readFile(trainFile), trainFile), parseExamples(await readFile(testFile), testFile));
  console.log(JSON.stringify({ engine: 'nlp.js (node-nlp)', ...nlpjs, cpuMsTrainAndTest: cpuMs(nlpCpu), cpuStolen: stolen(nlpMachine), loadAverage1m: round(loadavg()[0] ?? 0, 2) }));
} catch (error) {
  console.log(JSON.stringify({ engine: 'nlp.js (node-nlp)', error: error instanceof Error ? error.message : String(error) }));
}
if (nlpjs) {
  const ratio = (k: 'intentAccuracy' | 'slotF1' | 'trainMs' | 'p99Ms'): number | null => ((nlpjs?.[k] ?? 0) > 0 ? round(parley[k] / (nlpjs?.[k] ?? 1), 3) : null);
  console.log(JSON.stringify({ ratio: 'parley / nlp.js', intentAccuracy: ratio('intentAccuracy'), slotF1: ratio('slotF1'), trainMs: ratio('trainMs'), p99Ms: ratio('p99Ms') }));
}
