import { describe, expect, it } from 'vitest';
import { buildBotFromExamples, parseExamples } from '../../../src/conversation/eval/index.js';
import type { BotLocaleDefinition } from '../../../src/conversation/local/bot-model.js';
import { CarrierSpelling } from '../../../src/conversation/local/carrier-spelling.js';
import { oneEditApart, withinOneEdit } from '../../../src/conversation/local/fuzzy-words.js';
import { IntentRecognizer } from '../../../src/conversation/local/intent-recognizer.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';

describe('one edit apart', () => {
  it('accepts one substitution, deletion, insertion or swap at any length', () => {
    expect(oneEditApart('play', 'plan')).toBe(true);
    expect(oneEditApart('find', 'fnd')).toBe(true);
    expect(oneEditApart('find', 'finds')).toBe(true);
    expect(oneEditApart('find', 'fnid')).toBe(true);
    expect(oneEditApart('find', 'fund')).toBe(true);
    expect(oneEditApart('find', 'fnud')).toBe(false);
    expect(oneEditApart('play', 'pl')).toBe(false);
  });

  it('leaves the slot values’ rule (five letters or more) as it was', () => {
    expect(withinOneEdit('shoe', 'show')).toBe(false);
    expect(withinOneEdit('shoes', 'shows')).toBe(true);
  });
});

describe('carrier spelling', () => {
  const carriers = ['play', 'play', 'play', 'find', 'find', 'show', 'show', 'weather', 'weather', 'tonight', 'plan'];
  const spelling = new CarrierSpelling(carriers);

  it('reads a word one edit from a carrier word as that word', () => {
    expect(spelling.correct('plya')).toBe('play');
    expect(spelling.correct('fimd')).toBe('find');
    expect(spelling.correct('wether')).toBe('weather');
    expect(spelling.correct('tonite')).toBeUndefined();
  });

  it('prefers the carrier word used most', () => {
    // "plan" is used once (too rare to be meant), "play" three times.
    expect(spelling.correct('plat')).toBe('play');
    const even = new CarrierSpelling(['cart', 'cart', 'card', 'card']);
    expect(even.correct('carx')).toBe('card');
  });

  it('ignores short words, numbers and words that are carriers themselves', () => {
    expect(new CarrierSpelling(['the', 'the', 'for', 'for']).correct('teh')).toBeUndefined();
    expect(spelling.correct('sh0w')).toBeUndefined();
    expect(spelling.correct('play')).toBe('play');
  });
});

describe('the intent recognizer with misspelled carrier words', () => {
  const line = (text: string, intent: string, value: string, slot: string) =>
    JSON.stringify({ text, intent, slots: [{ name: slot, value, start: text.indexOf(value), end: text.indexOf(value) + value.length }] });
  const songs = ['yellow submarine', 'hey jude', 'let it be', 'come together', 'something', 'help'];
  const cities = ['paris', 'berlin', 'rome', 'madrid', 'lisbon', 'oslo'];
  const examples = parseExamples([
    ...songs.map((s) => line(`play ${s}`, 'PlayMusic', s, 'song')),
    ...songs.map((s) => line(`play the song ${s}`, 'PlayMusic', s, 'song')),
    ...songs.map((s) => line(`find ${s}`, 'FindSong', s, 'song')),
    ...songs.map((s) => line(`find the song ${s}`, 'FindSong', s, 'song')),
    ...cities.map((c) => line(`weather forecast for ${c}`, 'GetWeather', c, 'city')),
    ...cities.map((c) => line(`what is the weather in ${c}`, 'GetWeather', c, 'city')),
  ].join('\n'), 'train.jsonl');
  const locale = buildBotFromExamples(examples).locales[0] as BotLocaleDefinition;
  const registry = new SlotTypeRegistry(locale);
  const withSpelling = new IntentRecognizer(locale, registry, { seed: 't' });
  const withoutSpelling = new IntentRecognizer(locale, registry, { seed: 't', spellCarriers: false });
  const recognize = (text: string, spell: boolean) => (spell ? withSpelling : withoutSpelling).recognize(tokenize(text));

  // Only the carrier word tells playing a song from finding it.
  it('finds the intent the typo hides, which is a coin toss without the correction', () => {
    const score = (text: string, intent: string, spell: boolean) => recognize(text, spell).ranked.find((r) => r.intentName === intent)?.score ?? 0;
    for (const [text, intent] of [['plya hey jude', 'PlayMusic'], ['fnid the song let it be', 'FindSong'], ['wether forecast for rome', 'GetWeather']] as const) {
      expect(recognize(text, true).intentName).toBe(intent);
      expect(score(text, intent, true)).toBeGreaterThan(0.9);
    }
    expect(score('plya hey jude', 'PlayMusic', false)).toBeLessThan(0.6);
    expect(recognize('fnid the song let it be', false).intentName).not.toBe('FindSong');
  });
});
