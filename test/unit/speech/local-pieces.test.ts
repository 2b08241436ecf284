import { describe, expect, it } from 'vitest';
import { localPieces } from '../../../src/speech/local/pieces.js';
import { loadLexicon } from './speech-test-kit.js';

const BRAND = loadLexicon(`<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>NPK</grapheme><alias>Northpeak</alias></lexeme>
</lexicon>`, 'Brand');

describe('localPieces (SSML for eSpeak)', () => {
  it('cuts at sentences and effect changes, and carries the effects', () => {
    const pieces = localPieces('<speak>One. <amazon:effect vocal-tract-length="+25%">Two <amazon:effect name="whispered">three</amazon:effect></amazon:effect> four.</speak>', true, [], 'en-US');
    expect(pieces.map((p) => [p.text, p.effects])).toEqual([
      ['One.', { vocalTractLength: 1, isWhispered: false }],
      ['Two', { vocalTractLength: 1.25, isWhispered: false }],
      ['three', { vocalTractLength: 1.25, isWhispered: true }],
      ['four.', { vocalTractLength: 1, isWhispered: false }],
    ]);
    expect(pieces.every((p) => !p.ssml.includes('amazon:'))).toBe(true);
  });

  it('applies lexicon aliases, makes dB volumes relative and drops what eSpeak does not know', () => {
    const [piece] = localPieces('<speak><prosody volume="+6dB" amazon:max-duration="2s">NPK <phoneme alphabet="ipa" ph="pɪˈkɑːn">pecan</phoneme> <amazon:breath/><sub alias="and">&amp;</sub></prosody></speak>', true, [BRAND], 'en-US');
    expect(piece?.ssml).toBe('<speak><prosody volume="+100%">Northpeak  [[pI\'kA:n]]  <sub alias="and">&amp;</sub></prosody></speak>');
  });

  it('escapes plain text and clips vocal-tract-length to Polly\'s range', () => {
    expect(localPieces('Fish & chips < 5 pounds.', false, [], 'en-US')[0]?.ssml).toBe('<speak>Fish &amp; chips &lt; 5 pounds.</speak>');
    expect(localPieces('<speak><amazon:effect vocal-tract-length="+300%">Big.</amazon:effect></speak>', true, [], 'en-US')[0]?.effects.vocalTractLength).toBe(2);
  });
});
