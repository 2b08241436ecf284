import { describe, expect, it } from 'vitest';
import { buildBotFromExamples, parseExamples } from '../../../src/conversation/eval/index.js';
import type { BotLocaleDefinition } from '../../../src/conversation/local/bot-model.js';
import { isLexName } from '../../../src/conversation/local/bot-names.js';
import { IntentRecognizer } from '../../../src/conversation/local/intent-recognizer.js';
import { Delexicalizer } from '../../../src/conversation/local/nlu-delexicalizer.js';
import { outOfScopeFrames } from '../../../src/conversation/local/nlu-training-data.js';
import { OUT_OF_SCOPE_FRAMES } from '../../../src/conversation/local/out-of-scope-words.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { BRAND_TYPE, CATEGORY_TYPE, intent, slot } from '../../helpers/bot-builder.js';

const line = (text: string, intentName: string, slots: Array<[string, string]> = []) =>
  JSON.stringify({ text, intent: intentName, slots: slots.map(([name, value]) => ({ name, value, start: text.indexOf(value), end: text.indexOf(value) + value.length })) });

/** `count` lines of `frame` ("... {x} ...") cycling through `values` for {x}, titles made unique. */
function lines(frame: string, intentName: string, slotName: string, values: string[], count: number, titles: string[] = []): string[] {
  return Array.from({ length: count }, (_, i) => {
    const value = values[i % values.length] as string;
    const title = titles[i % Math.max(1, titles.length)];
    const text = frame.replace('{x}', value).replace('{t}', title ?? '');
    return line(text, intentName, [[slotName, value], ...(title ? [['title', title] as [string, string]] : [])]);
  });
}

const TITLES = ['the red river', 'blue moon rising', 'a night in rome', 'the last harbor', 'silver lining', 'northern lights', 'the quiet year', 'iron gate'];
// object_type is a small closed vocabulary used differently by two intents: its own type each.
// title is an open vocabulary (every value new): one shared type. kind is the same list in both.
const examples = parseExamples([
  ...lines('find the {x} {t}', 'SearchWork', 'object_type', ['song', 'book', 'tv show'], 12, TITLES),
  ...lines('show the {x} for {t}', 'SearchScreening', 'object_type', ['movie schedule', 'movie times'], 12, TITLES.map((t) => `${t} ii`)),
  ...lines('find {x} places', 'SearchWork', 'kind', ['nice', 'quiet', 'cheap'], 6),
  ...lines('show {x} places', 'SearchScreening', 'kind', ['nice', 'quiet', 'cheap'], 6),
].join('\n'), 'train.jsonl');

describe('slot types of a bot built from examples', () => {
  const bot = buildBotFromExamples(examples);
  const locale = bot.locales[0] as BotLocaleDefinition;
  const typeOf = (intentName: string, slotName: string) => locale.intents.find((i) => i.name === intentName)?.slots.find((s) => s.name === slotName)?.slotTypeName;
  const valuesOf = (typeName: string | undefined) => locale.slotTypes.find((t) => t.name === typeName)?.values.map((v) => v.value);

  it('gives intents that use a closed vocabulary differently their own types', () => {
    expect(typeOf('SearchWork', 'object_type')).toBe('object_type_SearchWork_values');
    expect(typeOf('SearchScreening', 'object_type')).toBe('object_type_SearchScreening_values');
    expect(valuesOf(typeOf('SearchWork', 'object_type'))).toEqual(['song', 'book', 'tv show']);
    expect(valuesOf(typeOf('SearchScreening', 'object_type'))).toEqual(['movie schedule', 'movie times']);
  });

  it('keeps one type for open vocabularies and for lists the intents share', () => {
    expect(typeOf('SearchWork', 'title')).toBe('title_values');
    expect(typeOf('SearchScreening', 'title')).toBe('title_values');
    expect(valuesOf('title_values')).toHaveLength(16);
    expect(typeOf('SearchWork', 'kind')).toBe('kind_values');
    expect(typeOf('SearchScreening', 'kind')).toBe('kind_values');
  });

  it('uses valid, distinct Lex names and can keep one type per slot name', () => {
    const names = locale.slotTypes.map((t) => t.name);
    expect(names.every(isLexName)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    const shared = buildBotFromExamples(examples, { splitSlotTypes: false }).locales[0] as BotLocaleDefinition;
    expect(shared.slotTypes.map((t) => t.name).sort()).toEqual(['kind_values', 'object_type_values', 'title_values']);
  });

  it('makes a Lex name of a slot or intent name that ends in a separator', () => {
    // "city-" and "Find_" are Lex names; "city-_values" (two separators in a row) is not.
    const edges = parseExamples([
      ...lines('find the {x}', 'Find_', 'kind-', ['song', 'book'], 8),
      ...lines('show the {x}', 'Show', 'kind-', ['movie times', 'schedule'], 8),
      ...lines('weather in {x}', 'Weather', 'city-', ['paris', 'rome', 'oslo', 'bonn'], 1),
    ].join('\n'), 'edges.jsonl');
    const names = (buildBotFromExamples(edges).locales[0] as BotLocaleDefinition).slotTypes.map((t) => t.name);
    expect(names).toEqual(['kind_Find_values', 'kind_Show_values', 'city_values']);
    expect(names.every(isLexName)).toBe(true);
  });

  it('shortens a split type name over the 100 characters Lex allows and keeps it unique', () => {
    const longIntent = `Intent${'X'.repeat(94)}`; // as long as Lex allows an intent name
    const long = parseExamples([
      ...lines('find the {x}', longIntent, 'object_type', ['song', 'book'], 8),
      ...lines('show the {x}', 'Other', 'object_type', ['movie times', 'schedule'], 8),
    ].join('\n'), 'long.jsonl');
    const names = (buildBotFromExamples(long).locales[0] as BotLocaleDefinition).slotTypes.map((t) => t.name);
    expect(names).toHaveLength(2);
    expect(names.every((n) => isLexName(n) && n.length <= 100)).toBe(true);
  });
});

describe('delexicalizer', () => {
  const locale: BotLocaleDefinition = {
    localeId: 'en_US', nluConfidenceThreshold: 0.4, slotTypes: [CATEGORY_TYPE, BRAND_TYPE, { name: 'Title', values: [{ value: 'summit', synonyms: [] }, { value: 'the giant river', synonyms: [] }], resolutionStrategy: 'ORIGINAL_VALUE' }],
    intents: [intent('Find', ['find {Category}'], { slots: [slot('Category', 'CategoryType')] })],
  };
  const delex = new Delexicalizer(new SlotTypeRegistry(locale));
  const apply = (text: string) => delex.apply(tokenize(text))?.join(' ') ?? null;

  it('replaces values of every type by their class token, longest first, numbers too', () => {
    expect(apply('show me the giant river under 100 dollars')).toBe('show me slot_title under slot_amazonnumber dollars');
    expect(apply('find the giant rivers')).toBe('find slot_title');
    expect(apply('hello there')).toBeNull();
  });

  it('still accepts a one-edit typo in a closed list', () => {
    expect(apply('find runing shoes')).toBe(apply('find running shoes'));
    expect(apply('find running shoes')).toContain('slot_categorytype');
  });
});

describe('out-of-scope synthesis', () => {
  it("leaves out the chit-chat frames that are the bot's own phrasings", () => {
    const locale: BotLocaleDefinition = {
      localeId: 'en_US', nluConfidenceThreshold: 0.4, slotTypes: [],
      intents: [intent('Play', ['please play some {artist} now', 'play music'], { slots: [slot('artist', 'AMAZON.FirstName')] })],
    };
    const frames = outOfScopeFrames(locale);
    expect(frames).not.toContain('play some {}');
    expect(frames).toEqual(OUT_OF_SCOPE_FRAMES.filter((f) => f !== 'play some {}'));
  });

  it('keeps an in-scope phrase with an unlisted value in scope', () => {
    const bot = buildBotFromExamples(parseExamples([
      ...lines('play some {x}', 'PlayMusic', 'artist', ['adele', 'queen', 'nina simone', 'bb king', 'the cure', 'miles davis'], 6),
      ...lines('play some {x} music', 'PlayMusic', 'genre', ['jazz', 'rock', 'blues'], 3),
      ...lines('what is the weather in {x}', 'GetWeather', 'city', ['paris', 'london', 'berlin', 'rome', 'oslo', 'madrid'], 6),
      ...lines('will it rain in {x} tomorrow', 'GetWeather', 'city', ['paris', 'lima', 'cairo'], 3),
    ].join('\n'), 'train.jsonl'));
    const botLocale = bot.locales[0] as BotLocaleDefinition;
    const recognizer = new IntentRecognizer(botLocale, new SlotTypeRegistry(botLocale), { seed: 'test' });
    const result = recognizer.recognize(tokenize('play some zorblax quendril'));
    expect(result.intentName).toBe('PlayMusic');
    expect(recognizer.recognize(tokenize('what is the wether in paris')).intentName).toBe('GetWeather');
  });
});
