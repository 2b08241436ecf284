import { beforeAll, describe, expect, it } from 'vitest';
import { LocalTts } from '../../../src/speech/local-tts.js';
import { analyseVoice, collect, mp3Frames, oggVorbis, pcmSamples } from './audio-analysis.js';
import { isParleyErrorLike } from './speech-test-kit.js';

const tts = new LocalTts();
const seconds = (bytes: Uint8Array, rate: number): number => bytes.byteLength / 2 / rate;
const ssml = (body: string): string => `<speak>${body}</speak>`;
const VOWELS = 'Ah, how far the large barn lay. Oh no, all our cars are far away.';

describe('LocalTts (eSpeak NG, WebAssembly)', () => {
  beforeAll(async () => {
    await collect(tts, { text: 'Warm up.', voiceId: 'Joanna', outputFormat: 'pcm' });
  });

  it('takes longer to say the same words as the prosody rate falls', async () => {
    const at = async (rate: string): Promise<number> => seconds(await collect(tts, { text: ssml(`<prosody rate="${rate}">Thanks for calling, your order is on its way.</prosody>`), textType: 'ssml', voiceId: 'Matthew', outputFormat: 'pcm' }), 16_000);
    const [slow, normal, fast] = [await at('50%'), await at('100%'), await at('150%')];
    expect(slow).toBeGreaterThan(normal * 1.4);
    expect(normal).toBeGreaterThan(fast * 1.2);
  });

  it('lowers the formants with vocal-tract-length +25% and keeps the fundamental within 5%', async () => {
    const plain = analyseVoice(pcmSamples(await collect(tts, { text: ssml(VOWELS), textType: 'ssml', voiceId: 'Brian', outputFormat: 'pcm' })), 16_000);
    const longer = analyseVoice(pcmSamples(await collect(tts, { text: ssml(`<amazon:effect vocal-tract-length="+25%">${VOWELS}</amazon:effect>`), textType: 'ssml', voiceId: 'Brian', outputFormat: 'pcm' })), 16_000);
    console.info('formants', JSON.stringify({ plain, longer }));
    expect(longer.f1).toBeLessThan(plain.f1 * 0.93);
    expect(longer.f2).toBeLessThan(plain.f2 * 0.93);
    expect(Math.abs(longer.f0 / plain.f0 - 1)).toBeLessThan(0.05);
  });

  it('honours the sample rate and writes mp3 frames that add up to the audio length', async () => {
    const text = 'Your fitting is booked for Tuesday at ten.';
    const pcm8 = await collect(tts, { text, voiceId: 'Amy', outputFormat: 'pcm', sampleRate: '8000' });
    const pcm16 = await collect(tts, { text, voiceId: 'Amy', outputFormat: 'pcm', sampleRate: '16000' });
    expect(Math.abs(seconds(pcm8, 8000) - seconds(pcm16, 16_000))).toBeLessThan(0.01);
    const mp3 = await collect(tts, { text, voiceId: 'Amy', outputFormat: 'mp3', sampleRate: '24000' });
    const frames = mp3Frames(mp3);
    expect(frames.sampleRateHz).toBe(24_000);
    expect(Math.abs(frames.seconds - seconds(pcm16, 16_000))).toBeLessThan(0.15);
    for (const rate of [8000, 44_100]) {
      const other = mp3Frames(await collect(tts, { text, voiceId: 'Amy', outputFormat: 'mp3', sampleRate: String(rate) }));
      expect(other.sampleRateHz).toBe(rate);
      // Encoder delay, padding and LAME's Info frame: at most three frames beyond the audio.
      const frameSeconds = (rate >= 32_000 ? 1152 : 576) / rate;
      expect(other.seconds - seconds(pcm16, 16_000)).toBeGreaterThan(-frameSeconds);
      expect(other.seconds - seconds(pcm16, 16_000)).toBeLessThan(3 * frameSeconds);
    }
  });

  it('writes a valid Ogg Vorbis stream (pages, CRCs, identification header) as long as the pcm', async () => {
    const text = 'Your fitting is booked for Tuesday at ten.';
    const pcm = await collect(tts, { text, voiceId: 'Joanna', outputFormat: 'pcm', sampleRate: '16000' });
    for (const rate of [16_000, 22_050, 48_000]) {
      const result = await tts.synthesize({ text, voiceId: 'Joanna', outputFormat: 'ogg_vorbis', sampleRate: String(rate) });
      expect(result.contentType).toBe('audio/ogg');
      const chunks: Uint8Array[] = [];
      for await (const chunk of result.audio) chunks.push(chunk);
      const ogg = oggVorbis(Buffer.concat(chunks));
      expect(ogg).toMatchObject({ channels: 1, sampleRateHz: rate });
      expect(ogg.packets).toBeGreaterThan(3);
      expect(Math.abs(ogg.seconds - seconds(pcm, 16_000))).toBeLessThan(0.01);
    }
    // The default rate follows Polly: 22,050 Hz on standard, 24,000 Hz on neural.
    expect(oggVorbis(await collect(tts, { text: 'Hi.', voiceId: 'Joanna', engine: 'neural', outputFormat: 'ogg_vorbis' })).sampleRateHz).toBe(24_000);
  });

  it('whispers with the same length and a similar level', async () => {
    const voiced = pcmSamples(await collect(tts, { text: ssml('Come closer.'), textType: 'ssml', voiceId: 'Joanna', outputFormat: 'pcm' }));
    const whispered = pcmSamples(await collect(tts, { text: ssml('<amazon:effect name="whispered">Come closer.</amazon:effect>'), textType: 'ssml', voiceId: 'Joanna', outputFormat: 'pcm' }));
    const rms = (x: Float64Array): number => Math.sqrt(x.reduce((sum, v) => sum + v * v, 0) / x.length);
    expect(Math.abs(whispered.length - voiced.length)).toBeLessThan(voiced.length * 0.01);
    expect(rms(whispered)).toBeGreaterThan(rms(voiced) * 0.2);
    expect(analyseVoice(whispered, 16_000).voicedFrames).toBeLessThan(analyseVoice(voiced, 16_000).voicedFrames * 0.3);
  });

  it('writes word, sentence and ssml marks in order, inside the audio, on the request bytes', async () => {
    const text = ssml('Welcome to Northpeak. <mark name="offer"/>Today the Trailhawk jacket is twenty percent off.');
    const lines = new TextDecoder().decode(await collect(tts, { text, textType: 'ssml', voiceId: 'Joanna', outputFormat: 'json', speechMarkTypes: ['sentence', 'word', 'ssml'] }));
    const marks = lines.trim().split('\n').map((line) => JSON.parse(line) as { time: number; type: string; start: number; end: number; value: string });
    const audio = seconds(await collect(tts, { text, textType: 'ssml', voiceId: 'Joanna', outputFormat: 'pcm' }), 16_000) * 1000;
    const words = marks.filter((m) => m.type === 'word');
    expect(words.map((w) => w.value)).toEqual(['Welcome', 'to', 'Northpeak', 'Today', 'the', 'Trailhawk', 'jacket', 'is', 'twenty', 'percent', 'off']);
    for (const [i, word] of words.entries()) {
      expect(word.time).toBeGreaterThanOrEqual(words[i - 1]?.time ?? 0);
      expect(word.time).toBeLessThan(audio);
      expect(Buffer.from(text).subarray(word.start, word.end).toString()).toBe(word.value);
    }
    expect(marks.filter((m) => m.type === 'sentence').map((m) => m.value)).toEqual(['Welcome to Northpeak.', 'Today the Trailhawk jacket is twenty percent off.']);
    const offer = marks.find((m) => m.type === 'ssml');
    expect(offer?.value).toBe('offer');
    expect(offer?.time).toBeLessThanOrEqual(words[3]?.time ?? 0);
  });

  it('stops a stream within one chunk when aborted, and refuses formats it cannot write', async () => {
    const controller = new AbortController();
    const result = await tts.synthesize({ text: 'One. Two. Three. Four.', voiceId: 'Joanna', outputFormat: 'pcm' }, controller.signal);
    const iterator = result.audio[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await expect(iterator.next()).rejects.toSatisfy((error: unknown) => isParleyErrorLike(error, 'PARLEY_SPEECH_ABORTED'));
    await expect(tts.synthesize({ text: 'Hi.', voiceId: 'Joanna', outputFormat: 'ogg_opus' })).rejects.toSatisfy((error: unknown) => isParleyErrorLike(error, 'PARLEY_SPEECH_INVALID_FORMAT'));
    await expect(tts.synthesize({ text: 'Hi.', voiceId: 'Joanna', outputFormat: 'pcm', lexiconNames: ['Nope'] })).rejects.toSatisfy((error: unknown) => isParleyErrorLike(error, 'PARLEY_SPEECH_LEXICON_NOT_FOUND'));
  });
});
