/**
 * The slot tagger alone on SNIPS, with gold intents: trains the tagger of the bot built from the
 * training lines (as `parley nlu eval` does), fills slots of each evaluation utterance for its
 * gold intent, and prints span P/R/F1, tagger training time (wall and CPU) and fill latency.
 * A fast loop for tagger work: no intent classifier is trained.
 * Usage: npx tsx bench/slot-tagger-snips.ts [TEST_FILE (default dev.jsonl)] [TRAIN_FILE]
 *   SLOT_TAGGER_OPTIONS='{"epochs":6}' overrides LocaleSlotTagger options for experiments
 *   ('{"segmentLength":0}': word-by-word BIO decoding instead of segments, the peer to compare);
 *   SLOT_TAGGER_WORKER=1 trains on a worker thread, as the engine does for large bots;
 *   SLOT_TAGGER_PER_SLOT=1 prints the slots with most errors; SLOT_TAGGER_ERRORS=FILE writes the
 *   utterances whose spans differ (JSONL: text, intent, gold, predicted) for error analysis.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { buildBotFromExamples, countSpans, parseExamples, slotSpans, spanScores, type SpanCounts } from '../src/conversation/eval/index.js';
import { SlotFiller } from '../src/conversation/local/slot-filler.js';
import { startSlotTagger } from '../src/conversation/local/slot-tagger-training.js';
import { SlotTypeRegistry } from '../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../src/conversation/local/text-normalize.js';
import { localNow } from '../src/conversation/local/zoned-clock.js';
import { SNIPS_DIR } from './lib/snips-folds.js';

const DIR = SNIPS_DIR;
const testFile = process.argv[2] ?? path.join(DIR, 'dev.jsonl');
const trainFile = process.argv[3] ?? path.join(DIR, 'train.jsonl');
const overrides = JSON.parse(process.env['SLOT_TAGGER_OPTIONS'] ?? '{}') as Record<string, number>;

const train = parseExamples(await readFile(trainFile, 'utf8'), trainFile);
const test = parseExamples(await readFile(testFile, 'utf8'), testFile);
const locale = buildBotFromExamples(train).locales[0];
if (!locale) throw new Error('no locale');
const registry = new SlotTypeRegistry(locale);
const cpu = process.cpuUsage();
const started = performance.now();
const inWorker = process.env['SLOT_TAGGER_WORKER'] === '1';
const pending = startSlotTagger(locale, registry, { seed: 'parley:en_US', ...overrides, worker: inWorker });
const tagger = pending.join();
if (pending.workerError) throw new Error(`worker failed: ${pending.workerError}`);
const trainMs = performance.now() - started;
const trainCpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000;
const filler = new SlotFiller(locale, registry, tagger);
const now = localNow(new Date('2026-01-01T12:00:00Z'), 'UTC');
const counts: SpanCounts = { correct: 0, predicted: 0, gold: 0 };
const latencies: number[] = [];
const perSlot = new Map<string, SpanCounts>();
const errors: string[] = [];
const spanKey = (x: { name: string; start: number; end: number }): string => `${x.name}:${x.start}:${x.end}`;
for (const e of test) {
  const t0 = performance.now();
  const slots = filler.fill(e.intent, { text: e.text, tokens: tokenize(e.text), now });
  latencies.push(performance.now() - t0);
  const predicted = slotSpans(e.text, slots);
  countSpans(e.slots, predicted, counts);
  const goldKeys = e.slots.map(spanKey).sort().join();
  if (goldKeys !== predicted.map(spanKey).sort().join()) errors.push(JSON.stringify({ text: e.text, intent: e.intent, gold: e.slots, predicted }));
  for (const name of new Set([...e.slots, ...predicted].map((s) => s.name))) {
    const c = perSlot.get(name) ?? { correct: 0, predicted: 0, gold: 0 };
    countSpans(e.slots.filter((s) => s.name === name), predicted.filter((s) => s.name === name), c);
    perSlot.set(name, c);
  }
}
latencies.sort((a, b) => a - b);
const errorFile = process.env['SLOT_TAGGER_ERRORS'];
if (errorFile) await writeFile(errorFile, errors.map((line) => `${line}\n`).join(''));
const pct = (q: number): number => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
const s = spanScores(counts);
const r = (v: number, d = 4): number => Math.round(v * 10 ** d) / 10 ** d;
if (process.env['SLOT_TAGGER_PER_SLOT'] === '1') {
  const rows = [...perSlot].map(([name, c]) => ({ name, fn: c.gold - c.correct, fp: c.predicted - c.correct, f1: r(spanScores(c).f1, 3) }));
  rows.sort((a, b) => b.fn + b.fp - (a.fn + a.fp));
  for (const row of rows.slice(0, 15)) console.log(JSON.stringify(row));
}
console.log(JSON.stringify({
  slotPrecision: r(s.precision), slotRecall: r(s.recall), slotF1: r(s.f1), n: test.length,
  taggerTrainMs: Math.round(trainMs), taggerTrainCpuMs: Math.round(trainCpuMs), fillP50Ms: r(pct(0.5), 3), fillP99Ms: r(pct(0.99), 3),
  inWorker, load1: r(loadavg()[0] ?? 0, 2),
}));
