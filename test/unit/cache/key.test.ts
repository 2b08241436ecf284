import { describe, expect, it } from 'vitest';
import { KEY_PATTERN, audioKey, entryName, normalizeText, parseEntryName } from '../../../src/cache/index.js';
import { loadLexicon, type Lexicon, type SynthesizeRequest } from '../../../src/speech/index.js';

const pls = (grapheme: string, alias: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>${grapheme}</grapheme><alias>${alias}</alias></lexeme>
</lexicon>`;

const lexicons = new Map<string, Lexicon>([['Brand', loadLexicon(pls('Northpeak', 'North peak'), 'Brand')]]);
const context = { origin: 'local', lexicons };
const base: SynthesizeRequest = { text: '<speak>Your order ships today.</speak>', textType: 'ssml', voiceId: 'Joanna', engine: 'neural', outputFormat: 'mp3', lexiconNames: ['Brand'] };

describe('audioKey', () => {
  it('is 43 base64url characters and stable', () => {
    const key = audioKey(base, context);
    expect(key).toMatch(KEY_PATTERN);
    expect(audioKey({ ...base }, context)).toBe(key);
  });

  it('treats Polly defaults given or omitted as the same request', () => {
    expect(audioKey({ ...base, sampleRate: '24000' }, context)).toBe(audioKey(base, context));
    const plain: SynthesizeRequest = { text: 'Hello.', voiceId: 'Joanna', outputFormat: 'pcm' };
    expect(audioKey({ ...plain, engine: 'standard', textType: 'text', sampleRate: '16000' }, context)).toBe(audioKey(plain, context));
  });

  it('changes with every field that changes the audio', () => {
    const key = audioKey(base, context);
    const variants: SynthesizeRequest[] = [
      { ...base, voiceId: 'Matthew' },
      { ...base, engine: 'standard' },
      { ...base, outputFormat: 'pcm' },
      { ...base, sampleRate: '16000' },
      { ...base, lexiconNames: [] },
      { ...base, text: '<speak>Your order ships tomorrow.</speak>' },
      { ...base, text: 'Your order ships today.', textType: 'text' },
    ];
    const keys = variants.map((request) => audioKey(request, context));
    expect(new Set([key, ...keys]).size).toBe(variants.length + 1);
    expect(audioKey(base, { ...context, origin: 'polly' })).not.toBe(key);
  });

  it('follows the content of the lexicons, not their names', () => {
    const changed = new Map([['Brand', loadLexicon(pls('Northpeak', 'Nor peak'), 'Brand')]]);
    expect(audioKey(base, { origin: 'local', lexicons: changed })).not.toBe(audioKey(base, context));
    const same = new Map([['Brand', loadLexicon(pls('Northpeak', 'North peak'), 'Brand')]]);
    expect(audioKey(base, { origin: 'local', lexicons: same })).toBe(audioKey(base, context));
  });

  it('ignores whitespace that does not change the speech', () => {
    expect(audioKey({ ...base, text: '<speak>  Your order\n ships   today. </speak>' }, context)).toBe(audioKey(base, context));
    expect(normalizeText('<speak><s>Hello there. </s></speak>')).toBe('<speak><s>Hello there.</s></speak>');
  });

  it('keys speech marks without the sample rate, with their types in any order', () => {
    const marks: SynthesizeRequest = { ...base, outputFormat: 'json', speechMarkTypes: ['word', 'sentence'] };
    expect(audioKey({ ...marks, speechMarkTypes: ['sentence', 'word'] }, context)).toBe(audioKey(marks, context));
    expect(audioKey({ ...marks, speechMarkTypes: ['word'] }, context)).not.toBe(audioKey(marks, context));
  });

  it('refuses a request Polly would refuse', () => {
    expect(() => audioKey({ ...base, voiceId: 'Nobody' }, context)).toThrow(expect.objectContaining({ code: 'PARLEY_SPEECH_UNKNOWN_VOICE' }));
  });
});

describe('entry names', () => {
  it('round-trip and reject anything that could reach a path', () => {
    const key = audioKey(base, context);
    expect(parseEntryName(entryName(key, 'ogg_vorbis'))).toEqual({ key, extension: 'ogg' });
    for (const bad of ['../etc/passwd', `${key}.exe`, `${key}.mp3/..`, `${key.slice(1)}.mp3`, `${key}x.mp3`, `${key}.MP3`, `a/${key.slice(2)}.mp3`]) {
      expect(() => parseEntryName(bad)).toThrow(expect.objectContaining({ code: 'PARLEY_CACHE_INVALID_KEY' }));
    }
    expect(() => entryName('short', 'mp3')).toThrow(expect.objectContaining({ code: 'PARLEY_CACHE_INVALID_KEY' }));
  });
});
