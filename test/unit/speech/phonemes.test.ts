/**
 * `<phoneme>` and lexicon pronunciations on the local synthesizer: IPA and X-SAMPA are mapped to
 * eSpeak NG's English mnemonics by Parley's table, and eSpeak must speak exactly those phonemes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EspeakThread } from '../../../src/speech/local/espeak-thread.js';
import { ipaToEspeak, xsampaToEspeak } from '../../../src/speech/local/phonemes.js';
import { localPieces } from '../../../src/speech/local/pieces.js';
import { LocalTts } from '../../../src/speech/local-tts.js';
import { collect } from './audio-analysis.js';
import { isParleyErrorLike, loadLexicon } from './speech-test-kit.js';

/** The phonemes eSpeak reports (as IPA) for one document, stress marks removed. */
async function spokenPhonemes(ssml: string): Promise<string> {
  const phonemes: string[] = [];
  for await (const chunk of EspeakThread.shared().synthesize(ssml, 'en-us')) {
    for (const event of chunk.events) if (event.type === 'phoneme' && typeof event.id === 'string' && event.id.trim() !== '') phonemes.push(event.id.replace(/[ˈˌ]/g, ''));
  }
  return phonemes.join(' ');
}

const mnemonics = (ipa: string): string => {
  const result = ipaToEspeak(ipa);
  if (!result.ok) throw new Error(result.problem.message);
  return result.mnemonics;
};

const tts = new LocalTts();
const visemes = async (text: string, lexicons?: LocalTts): Promise<string> => {
  const marks = new TextDecoder().decode(await collect(lexicons ?? tts, { text, textType: 'ssml', voiceId: 'Joanna', outputFormat: 'json', speechMarkTypes: ['viseme'] }));
  return marks.trim().split('\n').map((line) => (JSON.parse(line) as { value: string }).value).join('');
};

describe('IPA and X-SAMPA to eSpeak phonemes', () => {
  beforeAll(async () => {
    await spokenPhonemes('<speak>Warm up.</speak>');
  });

  it('makes eSpeak say each English IPA symbol as written', async () => {
    // [IPA as a lexicon or <phoneme> gives it, what eSpeak en-us reports back for the mapped mnemonics]
    const cases: Array<[string, string]> = [
      ['θɪŋk', 'θ ɪ ŋ k'], ['ðɪs', 'ð ɪ s'], ['tʃɜːtʃ', 'tʃ ɜː tʃ'], ['dʒʌdʒ', 'dʒ ʌ dʒ'], ['ʃuː', 'ʃ uː'],
      ['ˈmɛʒɚ', 'm ɛ ʒ ɚ'], ['ɹɛn', 'ɹ ɛ n'], ['heɪ', 'h eɪ'], ['bɔːt', 'b ɔː t'], ['bʊk', 'b ʊ k'],
      ['kæt', 'k æ t'], ['baɪ', 'b aɪ'], ['bɔɪ', 'b ɔɪ'], ['haʊ', 'h aʊ'], ['ɡoʊ', 'ɡ oʊ'], ['jes', 'j e s'],
      ['wiːl', 'w iː l'], ['fɑːðɚ', 'f ɑː ð ɚ'], ['t͡ʃɪp', 'tʃ ɪ p'], ['vəˈlɔːrə', 'v ə l ɔː ɹ ə'], ['ʔ', 'ʔ'],
    ];
    for (const [ipa, expected] of cases) {
      expect(await spokenPhonemes(`<speak>[[${mnemonics(ipa)}]] </speak>`), ipa).toBe(expected);
    }
  });

  it('reads X-SAMPA through the same table', () => {
    expect(xsampaToEspeak('t@"mA:toU')).toEqual(ipaToEspeak('təˈmɑːtoʊ'));
    expect(xsampaToEspeak('"r\\{nd%Am')).toEqual(ipaToEspeak('ˈɹændˌɑm'));
  });

  it('names the first symbol it cannot map', () => {
    expect(ipaToEspeak('təˈʘɑː')).toEqual({ ok: false, problem: expect.objectContaining({ symbol: 'ʘ', index: 3, message: expect.stringContaining('U+0298') }) });
    expect(xsampaToEspeak('t@"m&')).toMatchObject({ ok: false, problem: { symbol: '&' } });
  });
});

describe('phonemes on the local synthesizer', () => {
  it('speaks a phoneme tag as written, not as the word would be read', async () => {
    const plain = await visemes('<speak>tomato</speak>');
    const ipa = await visemes('<speak><phoneme alphabet="ipa" ph="təˈmɑːtoʊ">tomato</phoneme></speak>');
    const xsampa = await visemes('<speak><phoneme alphabet="x-sampa" ph=\'t@"mA:toU\'>tomato</phoneme></speak>');
    // eSpeak reads "tomato" with eɪ (viseme e); the tag asks for ɑː (viseme a).
    expect(plain).toContain('t@pe');
    expect(ipa).toContain('t@pa');
    expect(xsampa).toBe(ipa);
    const audio = async (text: string): Promise<Buffer> => Buffer.from(await collect(tts, { text, textType: 'ssml', voiceId: 'Joanna', outputFormat: 'pcm' }));
    expect((await audio('<speak>tomato</speak>')).equals(await audio('<speak><phoneme alphabet="ipa" ph="təˈmɑːtoʊ">tomato</phoneme></speak>'))).toBe(false);
  });

  it('speaks lexicon pronunciations', async () => {
    const lexicon = loadLexicon(`<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>tomato</grapheme><phoneme>təˈmɑːtoʊ</phoneme></lexeme>
</lexicon>`, 'Tomato');
    const withLexicon = new LocalTts({ lexicons: new Map([['Tomato', lexicon]]) });
    const marks = async (names: string[]): Promise<string> => {
      const bytes = await collect(withLexicon, { text: 'A tomato.', voiceId: 'Joanna', outputFormat: 'json', speechMarkTypes: ['viseme'], lexiconNames: names });
      return new TextDecoder().decode(bytes).trim().split('\n').map((line) => (JSON.parse(line) as { value: string }).value).join('');
    };
    expect(await marks([])).toContain('t@pe');
    expect(await marks(['Tomato'])).toContain('t@pa');
  });

  it('gives words spoken from phonemes their word marks on the written text', async () => {
    const lexicon = loadLexicon(`<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="x-sampa" xml:lang="en-US">
  <lexeme><grapheme>Velora</grapheme><phoneme>v@"lO:r@</phoneme></lexeme>
</lexicon>`, 'Velora');
    const withLexicon = new LocalTts({ lexicons: new Map([['Velora', lexicon]]) });
    const text = '<speak>Say <phoneme alphabet="ipa" ph="təˈmɑːtoʊ">tomato</phoneme>. A Velora jacket, Velora.</speak>';
    const lines = new TextDecoder().decode(await collect(withLexicon, { text, textType: 'ssml', voiceId: 'Joanna', outputFormat: 'json', speechMarkTypes: ['word', 'sentence'], lexiconNames: ['Velora'] }));
    const marks = lines.trim().split('\n').map((line) => JSON.parse(line) as { type: string; time: number; start: number; end: number; value: string });
    const words = marks.filter((m) => m.type === 'word');
    expect(words.map((w) => w.value)).toEqual(['Say', 'tomato', 'A', 'Velora', 'jacket', 'Velora']);
    for (const [i, word] of words.entries()) {
      expect(Buffer.from(text).subarray(word.start, word.end).toString()).toBe(word.value);
      expect(word.time).toBeGreaterThan(words[i - 1]?.time ?? -1);
    }
    expect(marks.filter((m) => m.type === 'sentence').map((m) => m.value)).toEqual(['Say <phoneme alphabet="ipa" ph="təˈmɑːtoʊ">tomato</phoneme>.', 'A Velora jacket, Velora.']);
  });

  it('rejects an IPA symbol outside the table with a diagnostic at the attribute', async () => {
    const text = '<speak>Hello\n<phoneme alphabet="ipa" ph="həˈʘoʊ">hello</phoneme></speak>';
    const error = await tts.synthesize({ text, textType: 'ssml', voiceId: 'Joanna', outputFormat: 'pcm' }).catch((e: unknown) => e);
    expect(isParleyErrorLike(error, 'PARLEY_SPEECH_INVALID_SSML')).toBe(true);
    expect((error as { details: { diagnostics: unknown[] } }).details.diagnostics).toEqual([
      { severity: 'error', code: 'unknown-phoneme', message: expect.stringContaining('"ʘ" (U+0298)'), line: 2, column: 25 },
    ]);
  });

  it('never lets typed brackets become phoneme input, and leaves other languages to the written text', () => {
    expect(localPieces('Say [[h@loU]] now.', false, [], 'en-US')[0]?.ssml).not.toContain('[[');
    expect(localPieces('<speak><phoneme alphabet="ipa" ph="ʘ">hola</phoneme></speak>', true, [], 'es-US')[0]?.ssml).toBe('<speak>hola</speak>');
  });
});
