/**
 * Spoken replies under load: N concurrent WebSocket sessions with audio on replay the demo
 * conversations against a running Parley (a child process from source, embedded defaults, local
 * synthesizer behind the audio cache). Before the service starts, `parley cache warm` (the same
 * command, same code) fills the bench's empty disk tier with the static phrases of the brand
 * scripts and the bot's fixed messages for the default voice profile, at the configured origin
 * quota (--no-warm skips it). Each session waits for a reply's audio to end, thinks, and says the
 * next line. Prints, after a warm-up replay:
 *   - reply-to-first-audio-byte (turn.reply received -> first binary frame), p50/p99, for all
 *     turns and for cached replies (a reply text already heard earlier in the run);
 *   - the audio cache's hit ratio over the measured window (GET /metrics before and after it, all
 *     turns: hits of every tier over memory-tier lookups, each lookup a phrase or a sentence), and
 *     the share of billed characters served from the cache (characters saved over saved + sent to
 *     the origin) over the same window;
 *   - origin calls per second (sampled each second from /metrics) against Polly's quota;
 *   - the server's own parley_reply_first_audio_seconds histogram (count, mean, p50 bucket).
 *
 *   npx tsx bench/ws-audio.ts [--sessions 200] [--warmup 30] [--duration 40] [--think-ms 300-1000] [--format mp3|pcm] [--no-warm]
 *
 * Budget (DESIGN.md): first audio byte of a cached reply p50 under 5 ms after the reply text; origin
 * calls never above the quota (neural: 8/s, burst 10). On the shared 2-core machine the figures are
 * pessimistic.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { freePort, percentile, waitReady, openChat } from './lib/service-process.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '200' },
    duration: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '30' },
    'think-ms': { type: 'string', default: '300-1000' },
    format: { type: 'string', default: 'mp3' },
    'no-warm': { type: 'boolean', default: false },
  },
});
const SESSIONS = Number(values.sessions);
const DURATION_S = Number(values.duration);
const WARMUP_S = Number(values.warmup);
const FORMAT = values.format === 'pcm' ? 'pcm' : 'mp3';
const [THINK_MIN, THINK_MAX] = (values['think-ms'] ?? '300-1000').split('-').map(Number) as [number, number];
/** Polly's neural quota (../shared/reference): the default voice profile is neural (standard: 80/s, burst 100). */
const QUOTA = { perSecond: 8, burst: 10 };

/** The demo bot's common paths, round-robin over sessions (as bench/ws-sessions.ts). */
const SCRIPTS: string[][] = [
  ['hi', 'what are your store hours', 'what can you do', 'thanks, bye'],
  ['hello there', 'what are your store hours', 'I need a new backpack', 'goodbye'],
  ['hey', 'recommend some headphones under 50 dollars', 'what can you do', 'bye'],
  ['good morning', 'I want to book a fitting', 'tomorrow', '3pm', 'yes'],
  ['hi', 'I need hiking boots', 'show me Northpeak jackets under 200 dollars', 'see you'],
];

/** Prometheus text -> sum of each metric's samples by name and label set (`name{labels}`). */
async function scrape(url: string): Promise<Map<string, number> | undefined> {
  try {
    const response = await fetch(`${url}/metrics`);
    if (!response.ok) return undefined;
    const samples = new Map<string, number>();
    for (const line of (await response.text()).split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      const space = line.lastIndexOf(' ');
      samples.set(line.slice(0, space), Number(line.slice(space + 1)));
    }
    return samples;
  } catch {
    return undefined;
  }
}

function total(samples: Map<string, number> | undefined, prefix: string, labelFilter = ''): number {
  let sum = 0;
  for (const [name, value] of samples ?? []) if (name.startsWith(prefix) && name.includes(labelFilter)) sum += value;
  return sum;
}

interface Session {
  ws: WebSocket;
  script: string[];
  step: number;
  replyAt: number | undefined;
  replyText: string;
  gotAudio: boolean;
}

async function openSession(url: string, index: number): Promise<Session> {
  const ws = await openChat(url, { siteKey: 'demo-site', context: { device: 'kiosk', timeZone: 'UTC' }, audio: { enabled: true, format: FORMAT } });
  return { ws, script: SCRIPTS[index % SCRIPTS.length] as string[], step: 0, replyAt: undefined, replyText: '', gotAudio: false };
}

/** `parley cache warm` into the bench's data dir, for the default voice profile and the bench's format. */
async function warm(env: NodeJS.ProcessEnv): Promise<void> {
  const profile = env.PARLEY_VOICE_PROFILE ?? 'joanna-neural';
  process.stderr.write(`warming the audio cache (parley cache warm --profiles ${profile} --formats ${FORMAT},json)\n`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'cache', 'warm', '--profiles', profile, '--formats', `${FORMAT},json`], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`cache warm failed (exit ${code}): ${out}`);
  warmSummary = { ...(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>), wallS: Math.round((performance.now() - started) / 100) / 10 };
  process.stderr.write(`warm: ${JSON.stringify(warmSummary)}\n`);
}

let warmSummary: Record<string, unknown> | undefined;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-audio-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PARLEY_DATA_DIR: dataDir,
    PARLEY_LOG_LEVEL: 'warn',
    PARLEY_SEED_CUSTOMERS: '300',
    PARLEY_SEED_ITEMS: '1000',
    PARLEY_MAX_CONNECTIONS: String(SESSIONS + 50),
  };
  if (values['no-warm'] !== true) await warm(env);
  process.stderr.write(`starting parley on ${url} (from source, data in ${dataDir})\n`);
  // The server's log goes to stderr: stdout carries only the result line.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', process.stderr, 'inherit'] });
  try {
    await waitReady(url, child, 900_000);
    process.stderr.write(`opening ${SESSIONS} sessions with ${FORMAT} audio\n`);
    const sessions: Session[] = [];
    for (let i = 0; i < SESSIONS; i += 50) {
      sessions.push(...(await Promise.all(Array.from({ length: Math.min(50, SESSIONS - i) }, (_, k) => openSession(url, i + k)))));
    }

    const firstAudio: number[] = [];
    const cachedFirstAudio: number[] = [];
    const heardTexts = new Set<string>();
    const counts = { turns: 0, audioErrors: 0, errors: 0, noAudio: 0 };
    const errorCodes = new Map<string, number>();
    let measuring = false;
    let stopped = false;
    const think = () => THINK_MIN + Math.random() * (THINK_MAX - THINK_MIN);
    const sendNext = (session: Session) => {
      if (stopped) return;
      const text = session.script[session.step % session.script.length] as string;
      session.step += 1;
      session.replyAt = undefined;
      session.gotAudio = false;
      session.ws.send(JSON.stringify({ type: 'turn.text', text }));
    };
    const next = (session: Session) => setTimeout(() => sendNext(session), think());

    for (const session of sessions) {
      session.ws.on('message', (data, isBinary) => {
        if (isBinary) {
          if (session.replyAt === undefined || session.gotAudio) return;
          session.gotAudio = true;
          const ms = performance.now() - session.replyAt;
          if (!measuring) return;
          firstAudio.push(ms);
          if (heardTexts.has(session.replyText)) cachedFirstAudio.push(ms);
          return;
        }
        const message = JSON.parse(String(data)) as { type: string; text?: string; code?: string; segments?: number };
        switch (message.type) {
          case 'turn.reply':
            session.replyAt = performance.now();
            session.replyText = message.text ?? '';
            if (measuring) counts.turns += 1;
            // A reply with nothing to say has no audio at all: go on.
            if (session.replyText.trim() === '') next(session);
            return;
          case 'audio.end':
            if (!session.gotAudio && measuring) counts.noAudio += 1;
            heardTexts.add(session.replyText);
            next(session);
            return;
          case 'audio.error':
            if (measuring) {
              counts.audioErrors += 1;
              errorCodes.set(message.code ?? '?', (errorCodes.get(message.code ?? '?') ?? 0) + 1);
            }
            next(session);
            return;
          case 'error':
            if (measuring) counts.errors += 1;
            next(session);
            return;
          default:
            return;
        }
      });
      setTimeout(() => sendNext(session), Math.random() * THINK_MAX);
    }

    // Origin calls per second and engine, sampled over the whole run (warm-up included: that is
    // when misses happen). Each count is read at some moment between a scrape's request and its
    // answer, and under load that gap is long, so the rate (calls over the time between answers)
    // swings; the quota check allows the most a token bucket lets through in the longest interval
    // the two reads can span (burst + rate x interval).
    const originPerSecond = new Map<string, number>();
    const quotaExcess = new Map<string, number>();
    const engines = ['neural', 'standard', 'long-form', 'generative'];
    let last = { sent: performance.now(), at: 0, samples: await scrape(url) };
    last.at = performance.now();
    const sampler = setInterval(() => {
      const sent = performance.now();
      void scrape(url).then((samples) => {
        const at = performance.now();
        for (const engine of engines) {
          const label = `engine="${engine}"`;
          const calls = total(samples, 'parley_audio_origin_calls_total', label) - total(last.samples, 'parley_audio_origin_calls_total', label);
          const longest = (at - last.sent) / 1000;
          originPerSecond.set(engine, Math.max(originPerSecond.get(engine) ?? 0, calls / Math.max(0.001, (at - last.at) / 1000)));
          quotaExcess.set(engine, Math.max(quotaExcess.get(engine) ?? 0, calls - (QUOTA.burst + QUOTA.perSecond * longest)));
        }
        last = { sent, at, samples };
      });
    }, 1000);

    process.stderr.write(`warming up for ${WARMUP_S} s\n`);
    await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
    const before = await scrape(url);
    measuring = true;
    const started = performance.now();
    const progress = setInterval(() => process.stderr.write(`  ${((performance.now() - started) / 1000).toFixed(0)}s: ${counts.turns} turns, ${firstAudio.length} with audio\n`), 10_000);
    await new Promise((r) => setTimeout(r, DURATION_S * 1000));
    measuring = false;
    stopped = true;
    clearInterval(progress);
    clearInterval(sampler);
    const after = await scrape(url);
    const elapsedS = (performance.now() - started) / 1000;

    const lookups = total(after, 'parley_audio_cache_hits_total', 'tier="memory"') + total(after, 'parley_audio_cache_misses_total', 'tier="memory"') - (total(before, 'parley_audio_cache_hits_total', 'tier="memory"') + total(before, 'parley_audio_cache_misses_total', 'tier="memory"'));
    const hits = total(after, 'parley_audio_cache_hits_total') - total(before, 'parley_audio_cache_hits_total');
    const window = (name: string): number => total(after, name) - total(before, name);
    const savedChars = window('parley_audio_characters_saved_total');
    const originChars = window('parley_audio_origin_characters_total');
    const histCount = total(after, 'parley_reply_first_audio_seconds_count');
    const histSum = total(after, 'parley_reply_first_audio_seconds_sum');
    let histP50: number | undefined;
    for (const [name, value] of after ?? []) {
      const le = /^parley_reply_first_audio_seconds_bucket\{le="([^"]+)"/.exec(name)?.[1];
      if (le !== undefined && value >= histCount / 2 && (histP50 === undefined || Number(le) < histP50)) histP50 = Number(le);
    }
    firstAudio.sort((a, b) => a - b);
    cachedFirstAudio.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 100) / 100;
    process.stdout.write(
      `${JSON.stringify({
        bench: 'ws-audio',
        sessions: SESSIONS,
        format: FORMAT,
        durationS: round(elapsedS),
        turns: counts.turns,
        turnsWithAudio: firstAudio.length,
        audioErrors: counts.audioErrors,
        audioErrorCodes: Object.fromEntries(errorCodes),
        errors: counts.errors,
        firstAudioP50Ms: round(percentile(firstAudio, 50)),
        firstAudioP99Ms: round(percentile(firstAudio, 99)),
        cachedReplies: cachedFirstAudio.length,
        cachedFirstAudioP50Ms: round(percentile(cachedFirstAudio, 50)),
        cachedFirstAudioP99Ms: round(percentile(cachedFirstAudio, 99)),
        targetCachedP50Ms: 5,
        // Each speech request (a phrase or sentence, audio or marks) counted once, when its answer is known.
        cacheHitRatio: after === undefined ? 'no /metrics' : round(window('parley_audio_cache_lookups_total{result="hit"}') / Math.max(1, window('parley_audio_cache_lookups_total'))),
        cacheLookups: window('parley_audio_cache_lookups_total'),
        cacheMisses: window('parley_audio_cache_lookups_total{result="miss"}'),
        // Per tier (memory lookups vs hits of either tier), which can straddle the window's edges under load.
        tierHitRatio: round(hits / Math.max(1, lookups)),
        characterHitRatio: after === undefined ? 'no /metrics' : round(savedChars / Math.max(1, savedChars + originChars)),
        originCallsInWindow: window('parley_audio_origin_calls_total'),
        warm: warmSummary ?? 'skipped',
        originCallsMaxPerSecond: Object.fromEntries([...originPerSecond].filter(([, rate]) => rate > 0).map(([engine, rate]) => [engine, round(rate)])),
        originQuota: QUOTA,
        // A full bucket (burst) plus one second of refill is the most a token bucket lets through in any second.
        // No interval between two scrapes held more calls than the bucket allows in it (burst + rate x interval).
        originWithinQuota: (quotaExcess.get('neural') ?? 0) <= 0,
        originQuotaExcessCalls: round(quotaExcess.get('neural') ?? 0),
        // Since the server started (warm-up and cold misses included); buckets end at 2.5 s.
        serverFirstAudio: {
          count: histCount,
          meanMs: round((histSum / Math.max(1, histCount)) * 1000),
          p50Bucket: histP50 === undefined ? null : Number.isFinite(histP50) ? `<= ${histP50 * 1000} ms` : '> 2500 ms',
          within5msShare: round(total(after, 'parley_reply_first_audio_seconds_bucket{le="0.005"}') / Math.max(1, histCount)),
        },
      })}\n`,
    );
    for (const session of sessions) session.ws.close();
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
