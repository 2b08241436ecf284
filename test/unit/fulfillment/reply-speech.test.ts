/**
 * ReplySpeech: what a reply's audio will be and how it is cut into sentences, with the real brand
 * assets and the speech toolkit. Customer text is spoken as characters, never as markup.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TurnReply } from '../../../src/fulfillment/port.js';
import { ReplySpeech } from '../../../src/fulfillment/reply-speech.js';
import { createSpeechSynthesizer, loadBrandAssets, parseSsml, type BrandAssets } from '../../../src/speech/index.js';

const SSML_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../ssml');
let brand: BrandAssets;

beforeAll(async () => {
  brand = await loadBrandAssets(SSML_DIR);
});

async function voice(audioKey?: (request: unknown) => string): Promise<ReplySpeech> {
  // The synthesizer starts nothing until asked to speak; these tests never ask.
  const synthesizer = await createSpeechSynthesizer({ engine: 'local', polly: { region: 'us-east-1', timeoutMs: 5000, maxAttempts: 1 } }, { lexicons: brand.lexicons });
  return new ReplySpeech({ synthesizer, profiles: brand.profiles, defaultProfile: 'joanna-neural', sessions: { recordPlayback: async () => undefined }, ...(audioKey === undefined ? {} : { audioKey }) });
}

const reply = (fields: Partial<TurnReply>): TurnReply => ({ text: '', ...fields }) as TurnReply;

describe('ReplySpeech', () => {
  it('resolves what the client will get, refusing a rate the format lacks', async () => {
    const speech = await voice();
    expect(speech.deliveryFor({})).toEqual({ format: 'mp3', sampleRate: 24000, mode: 'stream', contentType: 'audio/mpeg' });
    expect(speech.deliveryFor({ format: 'pcm', sampleRate: 8000, mode: 'url' })).toEqual({ format: 'pcm', sampleRate: 8000, mode: 'stream', contentType: 'audio/pcm' });
    expect(() => speech.deliveryFor({ format: 'pcm', sampleRate: 24000 })).toThrow(expect.objectContaining({ code: 'PARLEY_GATEWAY_AUDIO_UNSUPPORTED' }));
    const cached = await voice(() => 'k'.repeat(43));
    const delivery = cached.deliveryFor({ format: 'ogg_vorbis', mode: 'url' });
    expect(delivery.mode).toBe('url');
    const [first] = cached.sentencesOf(reply({ text: 'Hello.' }), delivery);
    expect(cached.audioUrl(first as never)).toBe(`/v1/audio/${'k'.repeat(43)}.ogg`);
  });

  it('speaks reply text sentence by sentence, markup typed by a customer escaped', async () => {
    const speech = await voice();
    const text = 'Hi! You said <break time="10s"/> & "more". Anything else?';
    const sentences = speech.sentencesOf(reply({ text }), speech.deliveryFor({ format: 'pcm' }));
    expect(sentences.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(sentences.map((s) => s.text)).toEqual(['Hi!', 'You said <break time="10s"/> & "more".', 'Anything else?']);
    for (const sentence of sentences) {
      expect(sentence.request).toMatchObject({ textType: 'ssml', voiceId: 'Joanna', engine: 'neural', outputFormat: 'pcm', sampleRate: '16000' });
      const parsed = parseSsml(sentence.request.text);
      expect(parsed.ok).toBe(true);
      expect(sentence.request.text).not.toMatch(/<break/);
    }
    expect(sentences[1]?.request.text).toContain('&lt;break time=');
  });

  it("speaks a reply's own SSML with its voice profile, and nothing for an empty reply", async () => {
    const speech = await voice();
    const delivery = speech.deliveryFor({ format: 'mp3', sampleRate: 22050 });
    const sentences = speech.sentencesOf(reply({ text: 'ignored', speech: { ssml: '<speak>Welcome back. <s>Your fitting is booked.</s></speak>', voiceProfile: 'brian-standard' } }), delivery);
    expect(sentences.map((s) => s.text)).toEqual(['Welcome back.', 'Your fitting is booked.']);
    expect(sentences[0]?.request).toMatchObject({ voiceId: 'Brian', engine: 'standard', lexiconNames: ['BrandGB'], sampleRate: '22050' });
    expect(speech.sentencesOf(reply({ text: '   ' }), delivery)).toEqual([]);
    // A second identical reply is served from the compiled-sentence memo, equal and not shared.
    const again = speech.sentencesOf(reply({ text: 'ignored', speech: { ssml: '<speak>Welcome back. <s>Your fitting is booked.</s></speak>', voiceProfile: 'brian-standard' } }), delivery);
    expect(again).toEqual(sentences);
    expect(again).not.toBe(sentences);
  });
});

describe('ReplySpeech playback drain (shutdown)', () => {
  const record = (turnId: string) => ({ sessionId: 's-1', turnId, segments: 2, segmentsSent: 1, segmentsHeard: 1, audioMs: 900, heardMs: 400, outcome: 'disconnected' as const });

  async function slowVoice(delayMs: number): Promise<{ speech: ReplySpeech; written: string[] }> {
    const written: string[] = [];
    // A database that takes delayMs per write (the port, as the Mongo repository implements it).
    const sessions = { recordPlayback: (_session: string, turnId: string) => new Promise<void>((resolve) => setTimeout(() => { written.push(turnId); resolve(); }, delayMs)) };
    const synthesizer = await createSpeechSynthesizer({ engine: 'local', polly: { region: 'us-east-1', timeoutMs: 5000, maxAttempts: 1 } });
    return { speech: new ReplySpeech({ synthesizer, profiles: brand.profiles, defaultProfile: 'joanna-neural', sessions }), written };
  }

  it('waits for slow writes within the bound, including one started just after the drain began', async () => {
    const { speech, written } = await slowVoice(300);
    void speech.recordPlayback(record('t-1'));
    const drained = speech.drainPlayback(2000);
    // A stream stopped by the shutdown writes its record a moment later.
    setImmediate(() => void speech.recordPlayback(record('t-2')));
    expect(await drained).toEqual([]);
    expect(written.sort()).toEqual(['t-1', 't-2']);
  });

  it('gives up at the bound and reports what is still unwritten', async () => {
    const { speech, written } = await slowVoice(2000);
    const pending = speech.recordPlayback(record('t-3'));
    const started = Date.now();
    const dropped = await speech.drainPlayback(200);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(dropped).toEqual([record('t-3')]);
    expect(written).toEqual([]);
    await pending;
    expect(await speech.drainPlayback(0)).toEqual([]);
  });
});
