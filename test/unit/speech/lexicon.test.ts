import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { LEXICON_LIMITS, applyLexiconAliases, checkLexicon, loadLexicon, thrown } from './speech-test-kit.js';

const pls = (lexemes: string, attributes = 'alphabet="ipa" xml:lang="en-US"'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" ${attributes}>\n${lexemes}\n</lexicon>`;
const alias = (grapheme: string, to: string): string => `<lexeme><grapheme>${grapheme}</grapheme><alias>${to}</alias></lexeme>`;

describe('PLS lexicons', () => {
  it('parses the shipped brand lexicon', async () => {
    const lexicon = loadLexicon(await readFile('ssml/lexicons/Brand.pls', 'utf8'), 'Brand');
    expect(lexicon).toMatchObject({ name: 'Brand', alphabet: 'ipa', languageCode: 'en-US' });
    expect(lexicon.lexemes.find((l) => l.graphemes.includes('Northpeak'))?.alias).toBe('North Peak');
    expect(lexicon.size).toBeLessThanOrEqual(LEXICON_LIMITS.maxChars);
  });

  it('accepts the reference examples (an alias and a phoneme lexeme)', () => {
    const lexicon = loadLexicon(pls(`${alias('W3C', 'World Wide Web Consortium')}<lexeme><grapheme>pecan</grapheme><phoneme>pɪˈkɑːn</phoneme></lexeme>`), 'W3C');
    expect(lexicon.lexemes).toEqual([
      { graphemes: ['W3C'], alias: 'World Wide Web Consortium' },
      { graphemes: ['pecan'], phoneme: 'pɪˈkɑːn' },
    ]);
    expect(checkLexicon(pls(alias('a', 'b'), 'alphabet="x-sampa" xml:lang="en-GB"'), 'Sampa').ok).toBe(true);
  });

  it.each([
    ['a lexicon over 4,000 characters', pls(alias('W3C', 'World Wide Web Consortium').repeat(80)), 'Big', 'lexicon-too-large', 'PARLEY_SPEECH_LEXICON_TOO_LARGE'],
    ['a bad name', pls(alias('a', 'b')), 'brand-names', 'invalid-name', 'PARLEY_SPEECH_INVALID_REQUEST'],
    ['a name over 20 characters', pls(alias('a', 'b')), 'A'.repeat(21), 'invalid-name', 'PARLEY_SPEECH_INVALID_REQUEST'],
    ['an unsupported alphabet', pls(alias('a', 'b'), 'alphabet="arpabet" xml:lang="en-US"'), 'Arpa', 'unsupported-alphabet', 'PARLEY_SPEECH_UNSUPPORTED_ALPHABET'],
    ['a replacement over 100 characters', pls(alias('a', 'b'.repeat(101))), 'Long', 'lexeme-too-long', 'PARLEY_SPEECH_LEXEME_TOO_LONG'],
    ['no language', pls(alias('a', 'b'), 'alphabet="ipa"'), 'NoLang', 'invalid-lexicon', 'PARLEY_SPEECH_INVALID_LEXICON'],
    ['no lexemes', pls(''), 'Empty', 'invalid-lexicon', 'PARLEY_SPEECH_INVALID_LEXICON'],
    ['a lexeme without replacement', pls('<lexeme><grapheme>x</grapheme></lexeme>'), 'Half', 'invalid-lexicon', 'PARLEY_SPEECH_INVALID_LEXICON'],
    ['malformed XML', '<lexicon version="1.0">', 'Broken', 'invalid-lexicon', 'PARLEY_SPEECH_INVALID_LEXICON'],
  ])('rejects %s', (_name, content, name, diagnostic, code) => {
    const result = checkLexicon(content, name);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toContain(diagnostic);
    expect(thrown(() => loadLexicon(content, name))).toMatchObject({ code });
  });

  it('applies aliases to whole words, first lexicon first, only for its language', () => {
    const first = loadLexicon(pls(alias('Northpeak', 'North Peak') + alias('GPS', 'G P S')), 'One');
    const second = loadLexicon(pls(alias('Northpeak', 'Nope') + alias('Velora', 'Vel Ora')), 'Two');
    const gb = loadLexicon(pls(alias('Velora', 'British'), 'alphabet="ipa" xml:lang="en-GB"'), 'Gb');
    const text = 'Northpeak GPS watch, NorthpeakX and Velora.';
    expect(applyLexiconAliases(text, [first, second, gb], 'en-US')).toBe('North Peak G P S watch, NorthpeakX and Vel Ora.');
    expect(applyLexiconAliases(text, [gb], 'en-GB')).toBe('Northpeak GPS watch, NorthpeakX and British.');
  });

  it('a generic language code applies to every variant', () => {
    const en = loadLexicon(pls(alias('Zephyr', 'Zeffer'), 'alphabet="ipa" xml:lang="en"'), 'En');
    expect(applyLexiconAliases('Zephyr', [en], 'en-AU')).toBe('Zeffer');
  });
});
