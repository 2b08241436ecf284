import { describe, expect, it } from 'vitest';
import { SAMPLE_RATES, checkRequestText, findVoice, listVoices, speechErrorFromPolly, thrown, validateRequest, type SynthesizeRequest } from './speech-test-kit.js';

const base: SynthesizeRequest = { text: 'Hi', voiceId: 'Joanna', engine: 'neural', outputFormat: 'mp3' };
const codeOf = (request: Partial<SynthesizeRequest>): unknown => (thrown(() => validateRequest({ ...base, ...request })) as { code?: string }).code;

describe('voices', () => {
  it('knows the brand voices and their engines', () => {
    for (const id of ['Joanna', 'Matthew', 'Amy', 'Brian', 'Emma', 'Danielle', 'Ruth', 'Kevin', 'Olivia', 'Nicole', 'Russell']) expect(findVoice(id)).toBeDefined();
    expect(findVoice('Kevin')?.supportedEngines).toEqual(['neural']);
    expect(findVoice('joanna')).toBeUndefined();
    expect(listVoices({ engine: 'long-form' }).map((v) => v.id)).toEqual(expect.arrayContaining(['Danielle', 'Gregory', 'Ruth', 'Patrick']));
    expect(listVoices({ languageCode: 'en-AU' }).length).toBeGreaterThanOrEqual(3);
  });
});

describe('validateRequest', () => {
  it('fills in Polly defaults', () => {
    expect(validateRequest({ text: 'Hi', voiceId: 'Joanna', outputFormat: 'mp3' })).toMatchObject({ engine: 'standard', textType: 'text', sampleRate: '22050', lexiconNames: [] });
    expect(validateRequest(base).sampleRate).toBe('24000');
    expect(validateRequest({ ...base, outputFormat: 'pcm' }).sampleRate).toBe('16000');
    expect(validateRequest({ ...base, outputFormat: 'ogg_opus' }).sampleRate).toBe('48000');
    expect(validateRequest({ ...base, outputFormat: 'mulaw' }).sampleRate).toBe('8000');
  });

  it('accepts exactly the documented format x sample rate table', () => {
    const all = ['8000', '16000', '22050', '24000', '44100', '48000'];
    for (const [format, rates] of Object.entries(SAMPLE_RATES)) {
      for (const rate of all) {
        const request = { ...base, outputFormat: format as SynthesizeRequest['outputFormat'], sampleRate: rate };
        if (rates.includes(rate)) expect(validateRequest(request).sampleRate).toBe(rate);
        else expect(codeOf(request)).toBe('PARLEY_SPEECH_INVALID_SAMPLE_RATE');
      }
    }
  });

  it.each([
    ['an unknown voice', { voiceId: 'Robot' }, 'PARLEY_SPEECH_UNKNOWN_VOICE'],
    ['an engine the voice lacks (Kevin has no standard)', { voiceId: 'Kevin', engine: 'standard' as const }, 'PARLEY_SPEECH_ENGINE_NOT_SUPPORTED'],
    ['the default standard engine for a neural-only voice', { voiceId: 'Ruth', engine: undefined }, 'PARLEY_SPEECH_ENGINE_NOT_SUPPORTED'],
    ['long-form on Joanna', { engine: 'long-form' as const }, 'PARLEY_SPEECH_ENGINE_NOT_SUPPORTED'],
    ['pcm at 22050 Hz', { outputFormat: 'pcm' as const, sampleRate: '22050' }, 'PARLEY_SPEECH_INVALID_SAMPLE_RATE'],
    ['an unknown format', { outputFormat: 'wav' as never }, 'PARLEY_SPEECH_INVALID_FORMAT'],
    ['marks with mp3', { speechMarkTypes: ['word' as const] }, 'PARLEY_SPEECH_MARKS_NOT_SUPPORTED_FOR_FORMAT'],
    ['ssml marks on plain text', { outputFormat: 'json' as const, speechMarkTypes: ['ssml' as const] }, 'PARLEY_SPEECH_SSML_MARKS_NEED_SSML'],
    ['json without mark types', { outputFormat: 'json' as const }, 'PARLEY_SPEECH_INVALID_REQUEST'],
    ['marks on generative', { engine: 'generative' as const, outputFormat: 'json' as const, speechMarkTypes: ['word' as const] }, 'PARLEY_SPEECH_MARKS_NOT_SUPPORTED_FOR_ENGINE'],
    ['six lexicons', { lexiconNames: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'PARLEY_SPEECH_TOO_MANY_LEXICONS'],
    ['a bad lexicon name', { lexiconNames: ['brand_names'] }, 'PARLEY_SPEECH_INVALID_REQUEST'],
    ['a language the voice does not speak', { languageCode: 'fr-FR' }, 'PARLEY_SPEECH_LANGUAGE_NOT_SUPPORTED'],
  ])('rejects %s', (_name, request, code) => {
    expect(codeOf(request)).toBe(code);
  });

  it('accepts marks with json and ssml text', () => {
    expect(validateRequest({ ...base, textType: 'ssml', outputFormat: 'json', speechMarkTypes: ['sentence', 'word', 'viseme', 'ssml'] }).sampleRate).toBeUndefined();
    expect(validateRequest({ ...base, voiceId: 'Aditi', engine: 'standard', languageCode: 'hi-IN' }).languageCode).toBe('hi-IN');
  });
});

describe('Polly error mapping', () => {
  it('maps modeled exceptions to Parley codes, retryable only for throttling and failures', () => {
    expect(speechErrorFromPolly('InvalidSsmlException')).toMatchObject({ code: 'PARLEY_SPEECH_INVALID_SSML', status: 400, retryable: false });
    expect(speechErrorFromPolly('LexiconNotFoundException')).toMatchObject({ code: 'PARLEY_SPEECH_LEXICON_NOT_FOUND', status: 404 });
    expect(speechErrorFromPolly('ThrottlingException')).toMatchObject({ code: 'PARLEY_SPEECH_THROTTLED', retryable: true });
    expect(speechErrorFromPolly('SomethingNew')).toMatchObject({ code: 'PARLEY_SPEECH_SERVICE_FAILURE', retryable: true });
  });
});

describe('checkRequestText', () => {
  it('returns billed characters (SSML tags excluded)', () => {
    expect(checkRequestText({ text: '<speak>Hi <break time="1s"/>there</speak>', textType: 'ssml', engine: 'neural', voiceId: 'Joanna' })).toBe(8);
    expect(checkRequestText({ text: 'Hi there', textType: 'text', engine: 'neural', voiceId: 'Joanna' })).toBe(8);
  });

  it('refuses invalid SSML before it reaches Polly, with diagnostics', () => {
    const error = thrown(() => checkRequestText({ text: '<speak><emphasis>x</emphasis></speak>', textType: 'ssml', engine: 'neural', voiceId: 'Joanna' }));
    expect(error).toMatchObject({ code: 'PARLEY_SPEECH_INVALID_SSML', details: { diagnostics: [expect.objectContaining({ code: 'unsupported-on-engine' })] } });
  });

  it('refuses one request over the limits (callers split first)', () => {
    expect(thrown(() => checkRequestText({ text: 'a'.repeat(3001), textType: 'text', engine: 'standard', voiceId: 'Joanna' }))).toMatchObject({ code: 'PARLEY_SPEECH_TEXT_TOO_LONG' });
    const tagged = `<speak>${'<break time="1ms"/>'.repeat(400)}</speak>`;
    expect(thrown(() => checkRequestText({ text: tagged, textType: 'ssml', engine: 'standard', voiceId: 'Joanna' }))).toMatchObject({ code: 'PARLEY_SPEECH_TEXT_TOO_LONG' });
  });
});
