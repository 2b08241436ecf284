/**
 * Spoken input accuracy through the kiosk path's local recognizer: the demo bot's sample
 * utterances (slots filled with the bot's values) are spoken by the local synthesizer in several
 * voices and rates, recognized by PocketSphinx with the language model Parley builds from the bot,
 * then understood by the local engine. Prints word error rate, intent accuracy (against the same
 * engine on the exact text, the ceiling) and recognition latency. The peer, in the same run, is
 * PocketSphinx with its own general US English model (en-us.lm.bin and the whole CMUdict), on the
 * first voice and rate only (it loads a 30 MB model per utterance, so it is slow), compared with
 * Parley's model on that same audio.
 *
 * Overfitting checks: `--held-out` builds the language model and the engine from the bot without
 * the sample utterances it speaks (each intent's first --per-intent samples), so every spoken
 * phrasing is new to both; `--phrasings new` speaks NEW_PHRASINGS below instead, phrasings
 * written for this bench and absent from the bot. Recognizer CPU is the child processes' user +
 * system time (load-independent, unlike the wall-clock latencies).
 *
 * Usage: npx tsx bench/kiosk-asr.ts [--per-intent 6] [--voices Joanna,Matthew,Kimberly] [--rates medium,slow] [--no-peer] [--held-out] [--phrasings samples|new]
 * Needs: apt-get install -y pocketsphinx pocketsphinx-en-us
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalConversationEngine, loadBot } from '../src/conversation/local/index.js';
import { padWithQuietNoise } from '../src/conversation/speech-input/audio-conditioning.js';
import { PocketsphinxRecognizer, parseBacktrace } from '../src/conversation/speech-input/pocketsphinx-recognizer.js';
import { spokenValues } from '../src/conversation/speech-input/bot-sentences.js';
import { runRecognizerProcess } from '../src/conversation/speech-input/recognizer-process.js';
import { spokenWords } from '../src/conversation/speech-input/spoken-words.js';
import { joinSpelledCodes } from '../src/conversation/speech-input/spelled-codes.js';
import { parseTemplate } from '../src/conversation/local/utterance-templates.js';
import type { Recognition } from '../src/conversation/speech-input/port.js';
import { LocalTts } from '../src/speech/index.js';

const { values: args } = parseArgs({
  options: {
    'per-intent': { type: 'string', default: '6' },
    voices: { type: 'string', default: 'Joanna,Matthew,Kimberly' },
    rates: { type: 'string', default: 'medium,slow' },
    'no-peer': { type: 'boolean', default: false },
    bot: { type: 'string', default: 'bots/ParleyStore' },
    'held-out': { type: 'boolean', default: false },
    phrasings: { type: 'string', default: 'samples' },
  },
});
if (args.phrasings !== 'samples' && args.phrasings !== 'new') throw new Error('--phrasings is samples or new');
const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const perIntent = Number(args['per-intent']);
const voices = (args.voices ?? '').split(',');
const rates = (args.rates ?? '').split(',');

const fullBot = await loadBot(path.resolve(args.bot ?? 'bots/ParleyStore'));
const fullLocale = fullBot.locales[0];
if (fullLocale === undefined) throw new Error('the bot has no locale');
/** With --held-out, the bot without the samples this bench speaks (FallbackIntent keeps its none). */
const locale = args['held-out']
  ? { ...fullLocale, intents: fullLocale.intents.map((intent) => ({ ...intent, sampleUtterances: intent.sampleUtterances.slice(perIntent) })) }
  : fullLocale;
const bot = { ...fullBot, locales: [locale, ...fullBot.locales.slice(1)] };

/**
 * Phrasings of the demo bot's intents that are not among its sample utterances (checked at
 * start), written for this bench; slot values are the bot's own.
 */
const NEW_PHRASINGS: ReadonlyArray<{ text: string; intent: string }> = [
  { text: 'i would like to book a fitting for tomorrow', intent: 'BookFitting' },
  { text: 'can you schedule a gait analysis', intent: 'BookFitting' },
  { text: 'i need to get fitted for shoes on friday', intent: 'BookFitting' },
  { text: 'okay bye for now', intent: 'Goodbye' },
  { text: 'thanks that is all for today', intent: 'Goodbye' },
  { text: 'hello good morning', intent: 'Greeting' },
  { text: 'hi how are you doing', intent: 'Greeting' },
  { text: 'i need some help please', intent: 'Help' },
  { text: 'what can you help me with', intent: 'Help' },
  { text: 'tell me about the ridge parka', intent: 'ItemDetails' },
  { text: 'how much does the pulse buds cost', intent: 'ItemDetails' },
  { text: 'can you tell me more about the glide runner five', intent: 'ItemDetails' },
  { text: 'where is my order right now', intent: 'OrderStatus' },
  { text: 'can you check the status of my order', intent: 'OrderStatus' },
  { text: 'has my order shipped yet', intent: 'OrderStatus' },
  { text: 'show me some hiking boots', intent: 'RecommendItems' },
  { text: 'do you have any running shoes under one hundred dollars', intent: 'RecommendItems' },
  { text: 'i am looking for sandals', intent: 'RecommendItems' },
  { text: 'what time do you open tomorrow', intent: 'StoreHours' },
  { text: 'are you open on saturday', intent: 'StoreHours' },
  { text: 'how late are you open tonight', intent: 'StoreHours' },
];
const workDir = mkdtempSync(path.join(tmpdir(), 'parley-kiosk-asr-'));
const built = performance.now();
const recognizer = await PocketsphinxRecognizer.create(locale, { command: 'pocketsphinx_batch', modelDir: MODEL_DIR, workDir, timeoutMs: 60_000, maxConcurrent: 1 });
const buildMs = performance.now() - built;
if (!recognizer.available) throw new Error('PocketSphinx is not installed: apt-get install -y pocketsphinx pocketsphinx-en-us');
const engine = LocalConversationEngine.fromBot(bot, { localeId: locale.localeId });
const tts = new LocalTts();

/** Utterances with slots filled from the bot's own values (a different value per sample). */
function utterances(): Array<{ text: string; intent: string }> {
  if (args.phrasings === 'new') {
    const known = new Set(fullLocale!.intents.flatMap((i) => i.sampleUtterances.map((u) => spokenWords(u).join(' '))));
    for (const item of NEW_PHRASINGS) if (known.has(item.text)) throw new Error(`"${item.text}" is one of the bot's samples`);
    return [...NEW_PHRASINGS];
  }
  const types = new Map(fullLocale!.slotTypes.map((t) => [t.name, t]));
  const out: Array<{ text: string; intent: string }> = [];
  for (const intent of fullLocale!.intents) {
    intent.sampleUtterances.slice(0, perIntent).forEach((source, n) => {
      const words = parseTemplate(source).parts.flatMap((part) => {
        if (part.kind === 'words') return part.words;
        const typeName = intent.slots.find((s) => s.name === part.slotName)?.slotTypeName ?? '';
        const options = spokenValues(typeName, types);
        return options[(n * 5 + 1) % options.length] ?? [];
      });
      out.push({ text: words.join(' '), intent: intent.name });
    });
  }
  return out;
}

async function speak(text: string, voiceId: string, rate: string): Promise<Buffer> {
  const result = await tts.synthesize({ text: `<speak><prosody rate="${rate}">${text}</prosody></speak>`, textType: 'ssml', voiceId, outputFormat: 'pcm', sampleRate: '16000' });
  const chunks: Uint8Array[] = [];
  for await (const chunk of result.audio) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The same decoder and audio conditioning as Parley's, with the general model. */
async function generalModel(pcm: Buffer): Promise<Recognition> {
  writeFileSync(path.join(workDir, 'peer.raw'), padWithQuietNoise(pcm));
  writeFileSync(path.join(workDir, 'peer.ctl'), 'peer\n');
  await runRecognizerProcess({
    command: 'pocketsphinx_batch',
    args: ['-ctl', path.join(workDir, 'peer.ctl'), '-cepdir', workDir, '-cepext', '.raw', '-adcin', 'yes', '-adchdr', '0', '-hmm', `${MODEL_DIR}/en-us`, '-lm', `${MODEL_DIR}/en-us.lm.bin`, '-dict', `${MODEL_DIR}/cmudict-en-us.dict`, '-samprate', '16000', '-backtrace', 'yes', '-logfn', path.join(workDir, 'peer.log')],
    timeoutMs: 120_000,
  });
  return parseBacktrace(readFileSync(path.join(workDir, 'peer.log'), 'utf8'));
}

/** User + system CPU ms of this process's finished children (the recognizer runs), from /proc. */
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function wordErrors(reference: string[], hypothesis: string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= hypothesis.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      row.push(Math.min(substitution, (previous[j] as number) + 1, (row[j - 1] as number) + 1));
    }
    previous = row;
  }
  return previous[hypothesis.length] as number;
}

/** The intent the product path gives these words (spelled codes joined, as RecognizingConversation does). */
async function intentOf(text: string, n: number): Promise<string> {
  if (text.trim() === '') return 'None';
  const result = await engine.recognizeText({ sessionId: `bench-${n}`, text: joinSpelledCodes(text) });
  return result.sessionState.intent?.name ?? 'None';
}

class Tally {
  errors = 0;
  words = 0;
  correct = 0;
  n = 0;
  latencies: number[] = [];
  cpuMs = 0;
  add(reference: string[], heard: string, intentRight: boolean, ms: number, cpuMs = 0): void {
    this.cpuMs += cpuMs;
    this.errors += wordErrors(reference, heard.split(' ').filter(Boolean));
    this.words += reference.length;
    this.correct += intentRight ? 1 : 0;
    this.n += 1;
    this.latencies.push(ms);
  }
  summary(audioMs: number): Record<string, number> {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    const total = this.latencies.reduce((a, b) => a + b, 0);
    return { wer: round(this.errors / this.words), intentAccuracy: round(this.correct / this.n), p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), realTimeFactor: round(total / audioMs), cpuMsPerUtterance: Math.round(this.cpuMs / Math.max(1, this.n)) };
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
const cases = utterances();
const parley = new Tally();
const peer = new Tally();
/** Parley's model on the audio the peer heard. */
const parleyOnPeerAudio = new Tally();
let peerAudioMs = 0;
let textCorrect = 0;
let audioMs = 0;
let n = 0;
const byVoice: Record<string, Tally> = {};
for (const item of cases) if ((await intentOf(item.text, n++)) === item.intent) textCorrect += 1;
for (const voice of voices) {
  for (const rate of rates) {
    const tally = (byVoice[`${voice}/${rate}`] = new Tally());
    for (const item of cases) {
      const pcm = await speak(item.text, voice, rate);
      audioMs += (pcm.byteLength / 32_000) * 1000;
      const reference = spokenWords(item.text);
      const started = performance.now();
      const cpuBefore = childCpuMs();
      const heard = await recognizer.recognize(pcm, locale.localeId);
      const ms = performance.now() - started;
      const cpuMs = childCpuMs() - cpuBefore;
      const right = (await intentOf(heard.transcript, n++)) === item.intent;
      parley.add(reference, heard.transcript, right, ms, cpuMs);
      tally.add(reference, heard.transcript, right, ms, cpuMs);
      if (!args['no-peer'] && voice === voices[0] && rate === rates[0]) {
        parleyOnPeerAudio.add(reference, heard.transcript, right, ms, cpuMs);
        peerAudioMs += (pcm.byteLength / 32_000) * 1000;
        const peerStarted = performance.now();
        const peerCpuBefore = childCpuMs();
        const general = await generalModel(pcm);
        const peerMs = performance.now() - peerStarted;
        peer.add(reference, general.transcript, (await intentOf(general.transcript, n++)) === item.intent, peerMs, childCpuMs() - peerCpuBefore);
      }
      process.stderr.write(`${right ? 'ok ' : 'BAD'} ${voice}/${rate} ${item.intent}: "${item.text}" -> "${heard.transcript}"\n`);
    }
  }
}
const voiceAudioMs = audioMs / Math.max(1, voices.length * rates.length);
const result = {
  phrasings: args.phrasings,
  heldOut: args['held-out'],
  loadAverage: loadavg().map((x) => round(x)),
  utterances: cases.length,
  voices,
  rates,
  recognitions: parley.n,
  modelBuildMs: Math.round(buildMs),
  model: { words: recognizer.info?.words, sentences: recognizer.info?.sentences, composed: recognizer.info?.pronunciations.composed.length, missing: recognizer.info?.pronunciations.missing },
  textIntentAccuracy: round(textCorrect / cases.length),
  parley: parley.summary(audioMs),
  ...(args['no-peer']
    ? {}
    : {
        peerAudio: `${voices[0]}/${rates[0]}`,
        parleyOnPeerAudio: parleyOnPeerAudio.summary(peerAudioMs),
        generalModel: peer.summary(peerAudioMs),
        werRatio: round(parleyOnPeerAudio.errors / parleyOnPeerAudio.words / (peer.errors / peer.words)),
        latencyRatioP50: round((parleyOnPeerAudio.summary(peerAudioMs).p50Ms ?? 0) / (peer.summary(peerAudioMs).p50Ms || 1)),
      }),
  byVoice: Object.fromEntries(Object.entries(byVoice).map(([key, tally]) => [key, { wer: tally.summary(voiceAudioMs).wer, intentAccuracy: tally.summary(voiceAudioMs).intentAccuracy }])),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
await recognizer.close();
rmSync(workDir, { recursive: true, force: true });
process.exit(0);
