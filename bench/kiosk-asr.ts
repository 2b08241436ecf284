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
 * Usage: npx tsx bench/kiosk-asr.ts [--per-intent 6] [--voices Joanna,Matthew,Kimberly] [--rates medium,slow] [--no-peer]
 * Needs: apt-get install -y pocketsphinx pocketsphinx-en-us
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LocalConversationEngine, loadBot } from '../src/conversation/local/index.js';
import { PocketsphinxRecognizer, parseWordTimes } from '../src/conversation/speech-input/pocketsphinx-recognizer.js';
import { spokenValues } from '../src/conversation/speech-input/bot-sentences.js';
import { runRecognizerProcess } from '../src/conversation/speech-input/recognizer-process.js';
import { spokenWords } from '../src/conversation/speech-input/spoken-words.js';
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
  },
});
const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const perIntent = Number(args['per-intent']);
const voices = (args.voices ?? '').split(',');
const rates = (args.rates ?? '').split(',');

const bot = await loadBot(path.resolve(args.bot ?? 'bots/ParleyStore'));
const locale = bot.locales[0];
if (locale === undefined) throw new Error('the bot has no locale');
const workDir = mkdtempSync(path.join(tmpdir(), 'parley-kiosk-asr-'));
const built = performance.now();
const recognizer = await PocketsphinxRecognizer.create(locale, { command: 'pocketsphinx_continuous', modelDir: MODEL_DIR, workDir, timeoutMs: 60_000, maxConcurrent: 1 });
const buildMs = performance.now() - built;
if (!recognizer.available) throw new Error('PocketSphinx is not installed: apt-get install -y pocketsphinx pocketsphinx-en-us');
const engine = LocalConversationEngine.fromBot(bot, { localeId: locale.localeId });
const tts = new LocalTts();

/** Utterances with slots filled from the bot's own values (a different value per sample). */
function utterances(): Array<{ text: string; intent: string }> {
  const types = new Map(locale!.slotTypes.map((t) => [t.name, t]));
  const out: Array<{ text: string; intent: string }> = [];
  for (const intent of locale!.intents) {
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

async function generalModel(pcm: Buffer): Promise<Recognition> {
  const file = path.join(workDir, 'peer.raw');
  writeFileSync(file, pcm);
  const output = await runRecognizerProcess({
    command: 'pocketsphinx_continuous',
    args: ['-infile', file, '-hmm', `${MODEL_DIR}/en-us`, '-lm', `${MODEL_DIR}/en-us.lm.bin`, '-dict', `${MODEL_DIR}/cmudict-en-us.dict`, '-samprate', '16000', '-time', 'yes', '-logfn', '/dev/null'],
    timeoutMs: 120_000,
  });
  return parseWordTimes(output);
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

async function intentOf(text: string, n: number): Promise<string> {
  if (text.trim() === '') return 'None';
  const result = await engine.recognizeText({ sessionId: `bench-${n}`, text });
  return result.sessionState.intent?.name ?? 'None';
}

class Tally {
  errors = 0;
  words = 0;
  correct = 0;
  n = 0;
  latencies: number[] = [];
  add(reference: string[], heard: string, intentRight: boolean, ms: number): void {
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
    return { wer: round(this.errors / this.words), intentAccuracy: round(this.correct / this.n), p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), realTimeFactor: round(total / audioMs) };
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
      const heard = await recognizer.recognize(pcm, locale.localeId);
      const ms = performance.now() - started;
      const right = (await intentOf(heard.transcript, n++)) === item.intent;
      parley.add(reference, heard.transcript, right, ms);
      tally.add(reference, heard.transcript, right, ms);
      if (!args['no-peer'] && voice === voices[0] && rate === rates[0]) {
        parleyOnPeerAudio.add(reference, heard.transcript, right, ms);
        peerAudioMs += (pcm.byteLength / 32_000) * 1000;
        const peerStarted = performance.now();
        const general = await generalModel(pcm);
        const peerMs = performance.now() - peerStarted;
        peer.add(reference, general.transcript, (await intentOf(general.transcript, n++)) === item.intent, peerMs);
      }
      process.stderr.write(`${voice}/${rate} ${item.intent}: "${item.text}" -> "${heard.transcript}"\n`);
    }
  }
}
const voiceAudioMs = audioMs / Math.max(1, voices.length * rates.length);
const result = {
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
