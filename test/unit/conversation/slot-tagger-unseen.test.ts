import { describe, expect, it } from 'vitest';
import type { BotLocaleDefinition, IntentDefinition } from '../../../src/conversation/local/bot-model.js';
import { opennessByType, wordsInSeveralPhrases } from '../../../src/conversation/local/slot-tagger-unseen.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { intent, slot } from '../../helpers/bot-builder.js';

const values = (...list: string[]): Array<{ value: string; synonyms: string[] }> => list.map((value) => ({ value, synonyms: [] }));

// Titles are an open list (no value repeats); states a closed one used by many utterances.
const locale: BotLocaleDefinition = {
  localeId: 'en_US',
  nluConfidenceThreshold: 0.4,
  slotTypes: [
    { name: 'TitleType', values: values('time for heroes', 'night of the hunter', 'heroes of old'), resolutionStrategy: 'ORIGINAL_VALUE' },
    { name: 'StateType', values: values('texas', 'ohio'), resolutionStrategy: 'ORIGINAL_VALUE' },
  ],
  intents: [
    intent('Search', ['find {Title}', 'look for the book {Title}', 'the weather in {State}', 'is it cold in {State}', 'rain in {State} today', 'snow in {State}'], {
      slots: [slot('Title', 'TitleType'), slot('State', 'StateType')],
    }),
  ],
};
const registry = new SlotTypeRegistry(locale);
const search = locale.intents[0] as IntentDefinition;
const work = search.sampleUtterances.map((source) => ({ intent: search, source }));

describe('words of an unseen value', () => {
  const shared = wordsInSeveralPhrases(work, registry);

  it('keeps words found in another value or in a sample utterance', () => {
    expect(shared.has('heroes')).toBe(true); // two titles
    expect(shared.has('for')).toBe(true); // a title and "look for the book"
    expect(shared.has('the')).toBe(true);
    expect(shared.has('of')).toBe(true);
  });

  it('hides words only one value brings', () => {
    expect(shared.has('time')).toBe(false);
    expect(shared.has('night')).toBe(false);
    expect(shared.has('hunter')).toBe(false);
    expect(shared.has('texas')).toBe(false);
  });

  it('counts a word once per phrase, however often the phrase repeats it', () => {
    const repeated: BotLocaleDefinition = { ...locale, slotTypes: [{ name: 'TitleType', values: values('tora tora tora'), resolutionStrategy: 'ORIGINAL_VALUE' }] };
    const only = wordsInSeveralPhrases([{ intent: search, source: 'find {Title}' }], new SlotTypeRegistry(repeated));
    expect(only.has('tora')).toBe(false);
  });
});

describe('openness of a slot type', () => {
  it('is its distinct values over the utterances using it, at most 1', () => {
    const openness = opennessByType(work, registry);
    // 3 titles in 2 utterances: capped at 1; 2 states in 4 utterances: 0.5.
    expect(openness.get('TitleType')).toBe(1);
    expect(openness.get('StateType')).toBe(0.5);
    expect(openness.has('Unused')).toBe(false);
  });
});
