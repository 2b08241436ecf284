/**
 * Where the service's main thread spends a turn: reads the V8 CPU profile a bench wrote with
 * `--cpu-prof` and splits the sampled time of a window into areas of the code base (the NLU, the
 * dialog, the recommender, the database driver, ...). Each sample goes to the innermost frame on
 * its stack that names an area; Node's own frames (sockets, streams, timers) go to whoever called
 * them. Shares, not absolute times, are what to read: the profiler samples by wall clock, so on a
 * loaded machine a descheduled thread still collects samples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** First match wins, tested on a frame's url (or on its function name for V8's pseudo frames). */
const AREAS: Array<{ area: string; test: (url: string, name: string) => boolean }> = [
  { area: 'idle', test: (_url, name) => name === '(idle)' },
  { area: 'garbage collector', test: (_url, name) => name === '(garbage collector)' },
  { area: 'database driver (mongodb, bson)', test: (url) => /node_modules\/(mongodb|bson)\//.test(url) },
  { area: 'NLU (intent classifier, slot tagger)', test: (url) => /(src|dist)\/conversation\/local\/(nlu-|slot-tagger|intent-recognizer)/.test(url) },
  { area: 'dialog (dialog manager, slot filling, parsers)', test: (url) => /\/(src|dist)\/conversation\//.test(url) },
  { area: 'recommender', test: (url) => /\/(src|dist)\/recommend\//.test(url) },
  { area: 'reply SSML (fulfillment/reply-speech, speech/)', test: (url) => /(src|dist)\/(fulfillment\/reply-speech|speech\/)/.test(url) },
  { area: 'store (codecs, batching, catalogue)', test: (url) => /\/(src|dist)\/store\//.test(url) },
  { area: 'fulfilment (turn runner, intents)', test: (url) => /\/(src|dist)\/fulfillment\//.test(url) || /\/(src|dist)\/app\.[jt]s$/.test(url) },
  { area: 'gateway (protocol, connection)', test: (url) => /\/(src|dist)\/gateway\//.test(url) },
  { area: 'WebSocket framing (ws)', test: (url) => url.includes('/node_modules/ws/') },
  { area: 'logging (pino)', test: (url) => /node_modules\/(pino|sonic-boom)/.test(url) },
  { area: 'other project code', test: (url) => /\/(src|dist)\//.test(url) && !url.includes('/node_modules/') },
  { area: 'other libraries', test: (url) => url.includes('/node_modules/') },
];
const UNATTRIBUTED = 'Node internals (sockets, timers, microtasks)';

/**
 * Process `pid`'s main-thread profile in `dir` (Node names them CPU.<date>.<time>.<pid>.<thread>.<seq>
 * .cpuprofile, thread 0 being the main one), so older runs' profiles in the same folder are ignored.
 */
export function mainThreadProfile(dir: string, pid: number): string {
  const name = readdirSync(dir).find((file) => file.endsWith('.cpuprofile') && file.includes(`.${pid}.0.`));
  if (name === undefined) throw new Error(`no main-thread .cpuprofile of process ${pid} in ${dir}`);
  return path.join(dir, name);
}

/**
 * Sampled ms per area within [endTime - fromEndMs, endTime - toEndMs] of the profile (ms before
 * the profile's end, which is the process's exit).
 */
export function areaTimes(file: string, fromEndMs: number, toEndMs: number): Map<string, number> {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const areaOfNode = new Map<number, string>();
  const areaOf = (id: number): string => {
    const known = areaOfNode.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    let area = UNATTRIBUTED;
    if (node !== undefined) {
      const match = AREAS.find((rule) => rule.test(node.callFrame.url, node.callFrame.functionName));
      const up = parent.get(id);
      area = match !== undefined ? match.area : up === undefined ? UNATTRIBUTED : areaOf(up);
    }
    areaOfNode.set(id, area);
    return area;
  };
  const from = profile.endTime - fromEndMs * 1000;
  const to = profile.endTime - toEndMs * 1000;
  const times = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) continue;
    const area = areaOf(profile.samples[i] as number);
    times.set(area, (times.get(area) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  }
  return times;
}

/**
 * Each busy area's share of the main thread's busy samples, and that share of `mainCpuMsPerTurn`
 * (the thread's measured CPU per turn), largest first.
 */
export function perTurnBreakdown(times: Map<string, number>, mainCpuMsPerTurn: number): Array<{ area: string; share: number; msPerTurn: number }> {
  const busy = [...times].filter(([area]) => area !== 'idle');
  const total = busy.reduce((sum, [, ms]) => sum + ms, 0);
  return busy
    .map(([area, ms]) => ({ area, share: total === 0 ? 0 : ms / total, msPerTurn: total === 0 ? NaN : (ms / total) * mainCpuMsPerTurn }))
    .sort((a, b) => b.share - a.share);
}
