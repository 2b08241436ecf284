import { describe, expect, it } from 'vitest';
import { CheckedSynthesizer, type SpeechSynthesizer, type SynthesisResult, type SynthesizeRequest } from './speech-test-kit.js';

/** Records what reaches the engine; answers with one empty chunk. */
class RecordingSynthesizer implements SpeechSynthesizer {
  readonly calls: SynthesizeRequest[] = [];
  async synthesize(request: SynthesizeRequest): Promise<SynthesisResult> {
    this.calls.push(request);
    async function* audio(): AsyncIterable<Uint8Array> {
      yield new Uint8Array(0);
    }
    return { audio: audio(), contentType: 'audio/mpeg', requestCharacters: request.text.length };
  }
}

describe('CheckedSynthesizer', () => {
  it('passes valid requests on with Polly defaults filled in', async () => {
    const inner = new RecordingSynthesizer();
    await new CheckedSynthesizer(inner).synthesize({ text: '<speak>Hi</speak>', textType: 'ssml', voiceId: 'Joanna', engine: 'neural', outputFormat: 'mp3' });
    expect(inner.calls[0]).toMatchObject({ sampleRate: '24000', lexiconNames: [], speechMarkTypes: [] });
  });

  it.each([
    ['malformed SSML', { text: '<speak>oops', textType: 'ssml' as const }, 'PARLEY_SPEECH_INVALID_SSML'],
    ['SSML the engine rejects', { text: '<speak><amazon:effect name="whispered">x</amazon:effect></speak>', textType: 'ssml' as const }, 'PARLEY_SPEECH_INVALID_SSML'],
    ['over-long text', { text: 'word '.repeat(700) }, 'PARLEY_SPEECH_TEXT_TOO_LONG'],
    ['an unknown voice', { voiceId: 'Nobody' }, 'PARLEY_SPEECH_UNKNOWN_VOICE'],
    ['a bad sample rate', { outputFormat: 'pcm' as const, sampleRate: '24000' }, 'PARLEY_SPEECH_INVALID_SAMPLE_RATE'],
  ])('never sends %s to the engine', async (_name, change, code) => {
    const inner = new RecordingSynthesizer();
    const request: SynthesizeRequest = { text: 'Hi', voiceId: 'Joanna', engine: 'neural', outputFormat: 'mp3', ...change };
    await expect(new CheckedSynthesizer(inner).synthesize(request)).rejects.toMatchObject({ code });
    expect(inner.calls).toEqual([]);
  });

  it('does not start a cancelled synthesis', async () => {
    const inner = new RecordingSynthesizer();
    const signal = AbortSignal.abort();
    await expect(new CheckedSynthesizer(inner).synthesize({ text: 'Hi', voiceId: 'Joanna', outputFormat: 'mp3' }, signal)).rejects.toMatchObject({ code: 'PARLEY_SPEECH_ABORTED' });
    expect(inner.calls).toEqual([]);
  });
});
