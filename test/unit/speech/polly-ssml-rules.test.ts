/**
 * The reference's Polly SSML rules (tables 1.7 and 1.8) as a table: each document x engine is
 * accepted, rejected (with a code), or accepted with a warning, the way Polly treats it.
 */
import { describe, expect, it } from 'vitest';
import { lintSsml, validateSsml, type SpeechEngine } from '../../../src/speech/index.js';

/** ok | error:<code> | warn:<code> (valid, with a validation or lint warning). */
type Expect = 'ok' | `error:${string}` | `warn:${string}`;
type Row = [name: string, ssml: string, standard: Expect, neural: Expect, longForm: Expect, generative: Expect];

const S = (body: string): string => `<speak>${body}</speak>`;
const OK: Expect = 'ok';
const NO: Expect = 'error:unsupported-on-engine';

const ROWS: Row[] = [
  ['speak', S('Hello.'), OK, OK, OK, OK],
  ['break strength', S('Wait<break strength="x-strong"/>now.'), OK, OK, OK, OK],
  ['break 10s (the maximum)', S('Wait<break time="10s"/>now.'), 'warn:long-break', 'warn:long-break', 'warn:long-break', 'warn:long-break'],
  ['break 10000ms', S('Wait<break time="10000ms"/>now.'), 'warn:long-break', 'warn:long-break', 'warn:long-break', 'warn:long-break'],
  ['break over 10s', S('Wait<break time="11s"/>now.'), 'error:break-too-long', 'error:break-too-long', 'error:break-too-long', 'error:break-too-long'],
  ['break 10001ms', S('Wait<break time="10001ms"/>now.'), 'error:break-too-long', 'error:break-too-long', 'error:break-too-long', 'error:break-too-long'],
  ['break bad strength', S('<break strength="huge"/>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['emphasis', S('I <emphasis level="strong">really</emphasis> like it.'), OK, NO, NO, NO],
  ['lang', S('<lang xml:lang="fr-FR">Je ne sais quoi</lang>'), OK, OK, OK, OK],
  ['mark', S('Mary had <mark name="animal"/>a little lamb.'), OK, OK, OK, 'warn:no-effect'],
  ['p and s', S('<p><s>One.</s><s>Two.</s></p>'), OK, OK, OK, OK],
  ['phoneme ipa', S('You say <phoneme alphabet="ipa" ph="pɪˈkɑːn">pecan</phoneme>.'), OK, OK, OK, OK],
  ['phoneme x-sampa', S('<phoneme alphabet="x-sampa" ph="pI\'kA:n">pecan</phoneme>'), OK, OK, OK, OK],
  ['phoneme bad alphabet', S('<phoneme alphabet="arpabet" ph="P IY">pecan</phoneme>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['prosody volume', S('<prosody volume="+6dB">Loud and clear.</prosody>'), OK, OK, OK, OK],
  ['prosody volume keyword', S('<prosody volume="x-soft">Quiet.</prosody>'), OK, OK, OK, OK],
  ['prosody volume without dB', S('<prosody volume="+6">Loud.</prosody>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['prosody rate 20%', S('<prosody rate="20%">Slow.</prosody>'), OK, OK, OK, OK],
  ['prosody rate 200%', S('<prosody rate="200%">Fast.</prosody>'), OK, OK, OK, OK],
  ['prosody rate 19%', S('<prosody rate="19%">Too slow.</prosody>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['prosody rate 201%', S('<prosody rate="201%">Too fast.</prosody>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['prosody rate x-fast', S('<prosody rate="x-fast">Fast.</prosody>'), OK, OK, OK, OK],
  ['prosody pitch', S('<prosody pitch="+10%">High.</prosody>'), OK, NO, NO, NO],
  ['prosody pitch keyword', S('<prosody pitch="x-low">Low.</prosody>'), OK, NO, NO, NO],
  ['prosody max-duration', S('<prosody amazon:max-duration="2s">Say this quickly.</prosody>'), OK, NO, NO, NO],
  ['prosody without attributes', S('<prosody>Hm.</prosody>'), 'error:missing-attribute', 'error:missing-attribute', 'error:missing-attribute', 'error:missing-attribute'],
  ['generative prosody mid-sentence', S('This is <prosody rate="150%">very fast</prosody> speech.'), OK, OK, OK, 'error:prosody-not-whole-sentences'],
  ['generative prosody inside s', S('<s>This is <prosody rate="150%">fast</prosody> speech.</s>'), OK, OK, OK, 'error:prosody-not-whole-sentences'],
  ['generative prosody around sentences', S('First. <prosody rate="90%">Second sentence. Third.</prosody> Fourth.'), OK, OK, OK, OK],
  ['generative prosody around s', S('<prosody rate="90%"><s>One</s><s>Two</s></prosody>'), OK, OK, OK, OK],
  ['say-as characters', S('<say-as interpret-as="characters">NASA</say-as>'), OK, 'warn:standard-fallback', OK, OK],
  ['say-as spell-out', S('<say-as interpret-as="spell-out">hello</say-as>'), OK, 'warn:standard-fallback', OK, OK],
  ['say-as cardinal', S('<say-as interpret-as="cardinal">12345</say-as>'), OK, OK, OK, OK],
  ['say-as ordinal', S('<say-as interpret-as="ordinal">3</say-as>'), OK, OK, OK, OK],
  ['say-as digits', S('<say-as interpret-as="digits">2026</say-as>'), OK, OK, OK, OK],
  ['say-as fraction', S('<say-as interpret-as="fraction">3+1/2</say-as>'), OK, OK, OK, OK],
  ['say-as unit', S('<say-as interpret-as="unit">1/2inch</say-as>'), OK, OK, OK, OK],
  ['say-as date', S('<say-as interpret-as="date" format="yyyymmdd">????0922</say-as>'), OK, OK, OK, OK],
  ['say-as time', S('<say-as interpret-as="time">1\'21"</say-as>'), OK, OK, OK, OK],
  ['say-as address', S('<say-as interpret-as="address">12 Main St</say-as>'), OK, OK, OK, OK],
  ['say-as expletive', S('<say-as interpret-as="expletive">darn</say-as>'), OK, OK, OK, OK],
  ['say-as telephone', S('<say-as interpret-as="telephone">2025550199</say-as>'), OK, OK, OK, OK],
  ['say-as unknown value', S('<say-as interpret-as="currency">$5</say-as>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['sub', S('My favorite chemical element is <sub alias="aluminium">Al</sub>.'), OK, OK, OK, OK],
  ['w role', S('I <w role="amazon:VB">read</w> it.'), OK, OK, OK, OK],
  ['w bad role', S('<w role="verb">read</w>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['amazon:breath', S('Hi.<amazon:breath duration="long" volume="x-loud"/>There.'), OK, NO, NO, NO],
  ['amazon:auto-breaths', S('<amazon:auto-breaths frequency="low">A long text.</amazon:auto-breaths>'), OK, NO, NO, NO],
  ['amazon:domain news (no voice given)', S('<amazon:domain name="news">Headline.</amazon:domain>'), NO, 'warn:voice-dependent', NO, NO],
  ['amazon:effect drc', S('<amazon:effect name="drc">Compressed.</amazon:effect>'), OK, OK, OK, NO],
  ['amazon:effect whispered', S('<amazon:effect name="whispered">Secret.</amazon:effect>'), OK, NO, NO, NO],
  ['amazon:effect phonation soft', S('<amazon:effect phonation="soft">Soft.</amazon:effect>'), OK, NO, NO, NO],
  ['vocal-tract-length +100%', S('<amazon:effect vocal-tract-length="+100%">Big.</amazon:effect>'), OK, NO, NO, NO],
  ['vocal-tract-length -50%', S('<amazon:effect vocal-tract-length="-50%">Small.</amazon:effect>'), OK, NO, NO, NO],
  ['vocal-tract-length absolute', S('<amazon:effect vocal-tract-length="150%">Big.</amazon:effect>'), OK, NO, NO, NO],
  ['vocal-tract-length over +100%', S('<amazon:effect vocal-tract-length="+101%">Huge.</amazon:effect>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['vocal-tract-length under -50%', S('<amazon:effect vocal-tract-length="-51%">Tiny.</amazon:effect>'), 'error:invalid-value', 'error:invalid-value', 'error:invalid-value', 'error:invalid-value'],
  ['audio', S('<audio src="https://example.com/a.mp3"/>'), 'error:unsupported-tag', 'error:unsupported-tag', 'error:unsupported-tag', 'error:unsupported-tag'],
  ['voice', S('<voice name="Joanna">Hi</voice>'), 'error:unsupported-tag', 'error:unsupported-tag', 'error:unsupported-tag', 'error:unsupported-tag'],
  ['unknown tag', S('<shout>Hi</shout>'), 'error:unknown-tag', 'error:unknown-tag', 'error:unknown-tag', 'error:unknown-tag'],
  ['unknown attribute', S('<break length="2s"/>'), 'error:unknown-attribute', 'error:unknown-attribute', 'error:unknown-attribute', 'error:unknown-attribute'],
  ['root is not speak', '<p>Hello</p>', 'error:root-not-speak', 'error:root-not-speak', 'error:root-not-speak', 'error:root-not-speak'],
  ['not well-formed', '<speak>Hi <break time="1s"></speak>', 'error:malformed-xml', 'error:malformed-xml', 'error:malformed-xml', 'error:malformed-xml'],
];

const ENGINES: SpeechEngine[] = ['standard', 'neural', 'long-form', 'generative'];

function outcome(ssml: string, engine: SpeechEngine): { ok: boolean; codes: string[]; warnings: string[] } {
  const result = validateSsml(ssml, { engine });
  const lint = result.root === undefined ? [] : lintSsml(result.root, { engine });
  const all = [...result.diagnostics, ...lint];
  return { ok: result.ok, codes: all.filter((d) => d.severity === 'error').map((d) => d.code), warnings: all.filter((d) => d.severity === 'warning').map((d) => d.code) };
}

describe('Polly SSML rules per engine (reference 1.7, 1.8)', () => {
  for (const [name, ssml, ...expected] of ROWS) {
    ENGINES.forEach((engine, index) => {
      const expect_ = expected[index] ?? 'ok';
      it(`${name} on ${engine}: ${expect_}`, () => {
        const result = outcome(ssml, engine);
        if (expect_ === 'ok') {
          expect(result.codes).toEqual([]);
          expect(result.warnings).toEqual([]);
        } else if (expect_.startsWith('error:')) {
          expect(result.ok).toBe(false);
          expect(result.codes).toContain(expect_.slice('error:'.length));
        } else {
          expect(result.ok).toBe(true);
          expect(result.warnings).toContain(expect_.slice('warn:'.length));
        }
      });
    });
  }
});

describe('voice-dependent rules', () => {
  const news = S('<amazon:domain name="news">Headline.</amazon:domain>');
  it.each(['Joanna', 'Matthew', 'Amy', 'Lupe'])('newscaster style is accepted for neural %s', (voiceId) => {
    expect(validateSsml(news, { engine: 'neural', voiceId }).diagnostics).toEqual([]);
  });
  it.each(['Brian', 'Emma', 'Ruth', 'Kevin'])('newscaster style is rejected for neural %s', (voiceId) => {
    const result = validateSsml(news, { engine: 'neural', voiceId });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.code)).toContain('unsupported-for-voice');
  });
  it('reads telephone numbers only in the listed languages', () => {
    const phone = S('<say-as interpret-as="telephone">2025550199</say-as>');
    expect(lintSsml(phone, { engine: 'standard', voiceId: 'Joanna' })).toEqual([]);
    expect(lintSsml(phone, { engine: 'standard', languageCode: 'nl-NL' }).map((d) => d.code)).toEqual(['telephone-language']);
  });
});

describe('diagnostics carry positions', () => {
  it('points at the offending element and attribute', () => {
    const result = validateSsml('<speak>\n  Hi.\n  <emphasis>Wow</emphasis>\n  <break time="20s"/>\n</speak>', { engine: 'neural' });
    const emphasis = result.diagnostics.find((d) => d.code === 'unsupported-on-engine');
    const longBreak = result.diagnostics.find((d) => d.code === 'break-too-long');
    expect(emphasis).toMatchObject({ line: 3, column: 3, engine: 'neural', severity: 'error' });
    expect(longBreak).toMatchObject({ line: 4, column: 10 });
  });
});
