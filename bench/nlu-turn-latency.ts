/**
 * Per-turn latency of the local engine on SNIPS, without the test split: trains once on train as
 * `parley nlu eval` does, then scores dev in several passes, one new session per utterance, and
 * prints each pass's mean, p50, p90 and p99 (ms), the medians over passes after the first, and the
 * live heap at the end after a full garbage collection (the engine and what it keeps between turns:
 * without the collection the figure is mostly garbage not yet collected, and swings from 51 to 137
 * MB with the same live heap of 34 MB). The first pass shows what a freshly
 * loaded engine does; later ones, the steady state.
 *
 * This machine's speed swings by a factor of two or more from one minute to the next (the same
 * build measured 0.45 and 1.10 ms per turn five minutes apart, with no CPU stolen), so wall times of
 * two builds are comparable only over several alternating runs. With `--profile FILE` the passes
 * after the first are also CPU-profiled (FILE.cpuprofile opens in Chrome's DevTools) and the
 * functions with the most self time are printed with their shares, which do not move with the
 * machine's speed: a change's share of the work is the steadier A/B figure.
 *
 *   npx tsx bench/nlu-turn-latency.ts [--passes 6] [--profile out/turns.cpuprofile]
 *
 * Progress on stderr; one JSON line on stdout.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildBotFromExamples } from '../src/conversation/eval/index.js';
import { LocalConversationEngine } from '../src/conversation/local/index.js';
import { percentile } from './lib/service-process.js';
import { machineCpuTicks, stealShare } from './lib/proc-cpu.js';
import { cliArg, readSnips } from './lib/snips-folds.js';

const passes = Math.max(2, Number(cliArg('--passes') ?? 6));
const profileFile = cliArg('--profile');
const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
process.stderr.write(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; training on SNIPS train\n`);
const engine = LocalConversationEngine.fromBot(buildBotFromExamples(await readSnips('train')));
const dev = await readSnips('dev');
const machine = machineCpuTicks();
const rows: Array<{ mean: number; p50: number; p90: number; p99: number }> = [];
const profiler = profileFile === undefined ? undefined : new Session();
for (let pass = 0; pass < passes; pass += 1) {
  if (pass === 1 && profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
    await profiler.post('Profiler.start');
  }
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
let topSelfTime: Array<{ fn: string; share: number }> | undefined;
if (profiler && profileFile !== undefined) {
  const { profile } = await profiler.post('Profiler.stop');
  await writeFile(profileFile, JSON.stringify(profile));
  topSelfTime = selfTimeShares(profile).slice(0, 12);
}
const median = (key: 'mean' | 'p50' | 'p90' | 'p99'): number => round(percentile(rows.slice(1).map((r) => r[key]).sort((a, b) => a - b), 50));
console.log(JSON.stringify({
  n: dev.length, passes: rows, steady: { mean: median('mean'), p50: median('p50'), p90: median('p90'), p99: median('p99') },
  ...(topSelfTime ? { topSelfTime } : {}),
  heapLiveMb: round(liveHeapBytes() / 1e6, 1), cpuStolen: round(stealShare(machine, machineCpuTicks())), loadAverage1m: round(loadavg()[0] ?? 0, 2),
}));

/** Heap in use after a full collection (V8's gc, exposed at run time for this one call). */
function liveHeapBytes(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/** Each function's share of the profile's samples by self time, largest first ("name file"). */
function selfTimeShares(profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>; samples?: number[]; timeDeltas?: number[] }): Array<{ fn: string; share: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const time = new Map<string, number>();
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}`.trim();
    const dt = profile.timeDeltas?.[i] ?? 0;
    time.set(key, (time.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...time].sort((a, b) => b[1] - a[1]).map(([fn, t]) => ({ fn, share: round(t / Math.max(total, 1), 3) }));
}
