/**
 * The local synthesizer (eSpeak NG WebAssembly): cold start, then for a one-sentence reply over
 * warm calls the time to first audio (request to first chunk) and the real-time factor (wall time
 * / audio time), for pcm 16 kHz (the peer: eSpeak and the resampler alone), pcm with an IPA
 * `<phoneme>`, mp3 22.05 kHz, mp3 with vocal-tract-length (the STFT chain) and Ogg Vorbis 22.05 kHz
 * (libvorbis WebAssembly); `vsPcm` is each case's total time over the pcm case's, same run. Then a
 * reply sentence's speech marks and audio asked for at once, as replies do: eSpeak runs per
 * sentence and times, against the same with eSpeak speaking each request (`twoRuns`).
 * Target: time to first audio under 100 ms warm. Usage: npx tsx bench/speech-local.ts [runs]
 */
import { LocalTts, type SynthesizeRequest } from '../src/speech/index.js';
import { EspeakThread } from '../src/speech/local/espeak-thread.js';

const RUNS = Number(process.argv[2] ?? 10);
const SENTENCE = 'Thanks for calling Northpeak, your Trailhawk jacket ships today.';

// Each case speaks its sentence again every run: an engine that keeps no finished run, so every
// run is eSpeak's (the shared engine replays a document asked for again within seconds).
const unshared = new EspeakThread({ keepMs: 0 });
const tts = new LocalTts({ engine: () => unshared });
const coldStart = performance.now();
await drain({ text: 'Warm up.', voiceId: 'Joanna', outputFormat: 'pcm' });
process.stderr.write(`cold start (load eSpeak + first sentence): ${Math.round(performance.now() - coldStart)} ms\n`);

const cases: Array<[string, SynthesizeRequest, number]> = [
  ['pcm-16k', { text: SENTENCE, voiceId: 'Joanna', outputFormat: 'pcm', sampleRate: '16000' }, 16_000],
  ['pcm-16k-phoneme', { text: `<speak>${SENTENCE.replace('Northpeak', '<phoneme alphabet="ipa" ph="ˈnɔːɹθˌpiːk">Northpeak</phoneme>')}</speak>`, textType: 'ssml', voiceId: 'Joanna', outputFormat: 'pcm', sampleRate: '16000' }, 16_000],
  ['mp3-22k', { text: SENTENCE, voiceId: 'Matthew', outputFormat: 'mp3' }, 0],
  ['mp3-22k-vtl', { text: `<speak><amazon:effect vocal-tract-length="+25%">${SENTENCE}</amazon:effect></speak>`, textType: 'ssml', voiceId: 'Matthew', outputFormat: 'mp3' }, 0],
  ['ogg-22k', { text: SENTENCE, voiceId: 'Matthew', outputFormat: 'ogg_vorbis' }, 0],
];
const audioSeconds = (await drain(cases[0]?.[1] ?? { text: SENTENCE, voiceId: 'Joanna', outputFormat: 'pcm' })).bytes / 2 / 16_000;
await drain({ text: 'Warm up.', voiceId: 'Joanna', outputFormat: 'ogg_vorbis' });
let pcmTotalMs = 0;
for (const [name, request] of cases) {
  const firsts: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await drain(request);
    firsts.push(run.firstMs);
    totals.push(run.totalMs);
  }
  firsts.sort((a, b) => a - b);
  totals.sort((a, b) => a - b);
  const median = (values: number[]): number => values[Math.floor(values.length / 2)] ?? 0;
  if (name === 'pcm-16k') pcmTotalMs = median(totals);
  console.log(JSON.stringify({ case: name, runs: RUNS, audioSeconds: round(audioSeconds), firstAudioMsP50: round(median(firsts)), firstAudioMsMax: round(firsts.at(-1) ?? 0), totalMsP50: round(median(totals)), realTimeFactor: round(median(totals) / 1000 / audioSeconds), vsPcm: round(median(totals) / pcmTotalMs) }));
}

// A reply's sentence is asked for twice at once, speech marks and audio (fulfillment/reply-speech):
// eSpeak speaks it once for both. The peer asks for the audio of another order number, a document
// eSpeak has not spoken, as every sentence was spoken twice before runs were shared.
{
  const marksOf = (text: string): SynthesizeRequest => ({ text, voiceId: 'Joanna', outputFormat: 'json', speechMarkTypes: ['sentence', 'word'] });
  const audioOf = (text: string): SynthesizeRequest => ({ text, voiceId: 'Joanna', outputFormat: 'pcm', sampleRate: '16000' });
  const reply = new LocalTts();
  const rows = { shared: { firsts: [] as number[], totals: [] as number[], espeakRuns: 0 }, twoRuns: { firsts: [] as number[], totals: [] as number[], espeakRuns: 0 } };
  for (let i = 0; i < RUNS; i++) {
    // One new sentence per request (a finished run is replayed for a few seconds).
    const sentence = (order: number): string => `Thanks for calling Northpeak, your order ${order} ships today.`;
    for (const mode of ['shared', 'twoRuns'] as const) {
      const order = 1000 + 10 * i + (mode === 'shared' ? 0 : 5);
      const runsBefore = EspeakThread.shared().runsStarted;
      const started = performance.now();
      const [, audio] = await Promise.all([drain(marksOf(sentence(order)), reply), drain(audioOf(sentence(mode === 'shared' ? order : order + 1)), reply)]);
      rows[mode].espeakRuns += EspeakThread.shared().runsStarted - runsBefore;
      rows[mode].firsts.push(audio.firstMs);
      rows[mode].totals.push(performance.now() - started);
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  // eSpeak runs per reply sentence: its worker's CPU.
  const shared = { espeakRunsPerSentence: rows.shared.espeakRuns / RUNS, firstAudioMsP50: round(median(rows.shared.firsts)), totalMsP50: round(median(rows.shared.totals)) };
  const twoRuns = { espeakRunsPerSentence: rows.twoRuns.espeakRuns / RUNS, firstAudioMsP50: round(median(rows.twoRuns.firsts)), totalMsP50: round(median(rows.twoRuns.totals)) };
  console.log(JSON.stringify({ case: 'reply-sentence-marks+audio', runs: RUNS, shared, twoRuns, firstAudioRatio: round(shared.firstAudioMsP50 / twoRuns.firstAudioMsP50), totalRatio: round(shared.totalMsP50 / twoRuns.totalMsP50) }));
}

async function drain(request: SynthesizeRequest, synthesizer: LocalTts = tts): Promise<{ firstMs: number; totalMs: number; bytes: number }> {
  const started = performance.now();
  const result = await synthesizer.synthesize(request);
  let firstMs = -1;
  let bytes = 0;
  for await (const chunk of result.audio) {
    if (firstMs < 0) firstMs = performance.now() - started;
    bytes += chunk.byteLength;
  }
  return { firstMs, totalMs: performance.now() - started, bytes };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
