import { describe, expect, it } from 'vitest';
import {
  CheckedSynthesizer, SplittingSynthesizer, splitRequest, textOfRoot, type SpeechSynthesizer, type SynthesisResult, type SynthesizeRequest,
} from './speech-test-kit.js';

/** "Audio" is the request text's bytes, so the joined stream shows what was sent, in order. */
class EchoSynthesizer implements SpeechSynthesizer {
  readonly calls: SynthesizeRequest[] = [];
  async synthesize(request: SynthesizeRequest): Promise<SynthesisResult> {
    this.calls.push(request);
    async function* audio(): AsyncIterable<Uint8Array> {
      yield new TextEncoder().encode(request.text);
    }
    return { audio: audio(), contentType: 'audio/mpeg', requestCharacters: request.text.length };
  }
}

async function collect(audio: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of audio) out.push(new TextDecoder().decode(chunk));
  return out;
}

const sentences = (count: number): string => Array.from({ length: count }, (_, i) => `Sentence number ${i} is about boots & trails.`).join(' ');

describe('SplittingSynthesizer', () => {
  it('passes a request within the limits through unchanged', async () => {
    const inner = new EchoSynthesizer();
    const request: SynthesizeRequest = { text: 'Hello.', voiceId: 'Joanna', outputFormat: 'mp3' };
    await new SplittingSynthesizer(inner).synthesize(request);
    expect(inner.calls).toEqual([request]);
  });

  it('splits over-long plain text at sentences and streams the pieces in order', async () => {
    const inner = new EchoSynthesizer();
    const text = sentences(200);
    const result = await new SplittingSynthesizer(new CheckedSynthesizer(inner)).synthesize({ text, voiceId: 'Joanna', engine: 'neural', outputFormat: 'mp3' });
    const chunks = await collect(result.audio);
    expect(inner.calls.length).toBeGreaterThan(2);
    expect(inner.calls.every((c) => c.text.length <= 3000 && c.text.trimEnd().endsWith('.'))).toBe(true);
    expect(chunks.join('')).toBe(text);
    expect(result.requestCharacters).toBe(text.length);
  });

  it('splits over-long SSML into valid documents with balanced tags', async () => {
    const inner = new EchoSynthesizer();
    const ssml = `<speak><prosody rate="95%">${sentences(150).replace(/&/g, '&amp;')}</prosody></speak>`;
    const result = await new SplittingSynthesizer(new CheckedSynthesizer(inner)).synthesize({ text: ssml, textType: 'ssml', voiceId: 'Joanna', engine: 'neural', outputFormat: 'pcm' });
    await collect(result.audio);
    expect(inner.calls.length).toBeGreaterThan(1);
    expect(inner.calls.every((c) => c.text.startsWith('<speak><prosody rate="95%">') && c.text.endsWith('</prosody></speak>'))).toBe(true);
    expect(inner.calls.map((c) => textOfRoot(c.text)).join('')).toBe(textOfRoot(ssml));
  });

  it('refuses over-long speech marks requests, which cannot be joined', async () => {
    const request: SynthesizeRequest = { text: sentences(200), voiceId: 'Joanna', outputFormat: 'json', speechMarkTypes: ['word'] };
    await expect(new SplittingSynthesizer(new EchoSynthesizer()).synthesize(request)).rejects.toMatchObject({ code: 'PARLEY_SPEECH_TEXT_TOO_LONG' });
  });

  it('stops between pieces once aborted', async () => {
    const inner = new EchoSynthesizer();
    const controller = new AbortController();
    const result = await new SplittingSynthesizer(inner).synthesize({ text: sentences(200), voiceId: 'Joanna', outputFormat: 'mp3' }, controller.signal);
    const iterator = result.audio[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await expect(iterator.next()).rejects.toMatchObject({ code: 'PARLEY_SPEECH_ABORTED' });
    expect(inner.calls).toHaveLength(1);
  });

  it('leaves malformed SSML whole for the checks to report', () => {
    expect(splitRequest({ text: '<speak>oops', textType: 'ssml', voiceId: 'Joanna', outputFormat: 'mp3' })).toHaveLength(1);
  });
});
