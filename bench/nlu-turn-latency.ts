/**
 * Per-turn latency of the local engine on SNIPS, without the test split: trains once on train as
 * `parley nlu eval` does, then scores dev in several passes, one new session per utterance, and
 * prints each pass's mean, p50, p90 and p99 (ms) and the medians over passes after the first. The
 * first pass shows what a freshly loaded engine does; later ones, the steady state. For A/B
 * comparisons of engine changes run it once per build, one after the other on a quiet machine.
 *
 *   npx tsx bench/nlu-turn-latency.ts [--passes 6]
 *
 * Progress on stderr; one JSON line on stdout.
 */
import { loadavg } from 'node:os';
import { buildBotFromExamples } from '../src/conversation/eval/index.js';
import { LocalConversationEngine } from '../src/conversation/local/index.js';
import { percentile } from './lib/service-process.js';
import { machineCpuTicks, stealShare } from './lib/proc-cpu.js';
import { cliArg, readSnips } from './lib/snips-folds.js';

const passes = Math.max(2, Number(cliArg('--passes') ?? 6));
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
process.stderr.write(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; training on SNIPS train\n`);
const engine = LocalConversationEngine.fromBot(buildBotFromExamples(await readSnips('train')));
const dev = await readSnips('dev');
const machine = machineCpuTicks();
const rows: Array<{ mean: number; p50: number; p90: number; p99: number }> = [];
for (let pass = 0; pass < passes; pass += 1) {
  const latencies: number[] = [];
  const started = performance.now();
  dev.forEach((example, i) => {
    const t = performance.now();
    engine.recognizeTextSync({ sessionId: `latency-${pass}-${i}`, text: example.text });
    latencies.push(performance.now() - t);
  });
  const total = performance.now() - started;
  latencies.sort((a, b) => a - b);
  rows.push({ mean: round(total / dev.length), p50: round(percentile(latencies, 50)), p90: round(percentile(latencies, 90)), p99: round(percentile(latencies, 99)) });
  process.stderr.write(`pass ${pass + 1}/${passes}: ${JSON.stringify(rows[rows.length - 1])}\n`);
}
const median = (key: 'mean' | 'p50' | 'p90' | 'p99'): number => round(percentile(rows.slice(1).map((r) => r[key]).sort((a, b) => a - b), 50));
console.log(JSON.stringify({
  n: dev.length, passes: rows, steady: { mean: median('mean'), p50: median('p50'), p90: median('p90'), p99: median('p99') },
  cpuStolen: round(stealShare(machine, machineCpuTicks())), loadAverage1m: round(loadavg()[0] ?? 0, 2),
}));
