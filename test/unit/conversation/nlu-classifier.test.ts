import { describe, expect, it } from 'vitest';
import { IntentRecognizer } from '../../../src/conversation/local/intent-recognizer.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { storeLocale } from '../../helpers/bot-builder.js';

const locale = storeLocale();
const recognizer = new IntentRecognizer(locale, new SlotTypeRegistry(locale), { seed: 'test' });
const recognize = (text: string) => recognizer.recognize(tokenize(text));

// Paraphrases that are not sample utterances of the test bot.
const HELD_OUT: Array<[string, string]> = [
  ['hey hello', 'Greeting'], ['hi there', 'Greeting'], ['good afternoon', 'Greeting'],
  ['can you help', 'Help'], ['what are you able to do', 'Help'],
  ['show me some sneakers', 'RecommendItems'], ['i am looking for a jacket under 200', 'RecommendItems'],
  ['recommend me watches', 'RecommendItems'], ['got any trainers below 80 bucks', 'RecommendItems'],
  ['tell me more about the summit boot', 'ItemDetails'], ['details about the aero buds', 'ItemDetails'],
  ['where is my package', 'OrderStatus'], ['track order PS-123456', 'OrderStatus'], ['what is the status of my order', 'OrderStatus'],
  ['when do you open', 'StoreHours'], ['what are the store hours', 'StoreHours'], ['are you open today', 'StoreHours'],
  ['ok bye', 'Goodbye'], ['goodbye and thanks', 'Goodbye'], ['see you', 'Goodbye'],
];

describe('intent recognizer', () => {
  it('classifies held-out paraphrases', () => {
    const correct = HELD_OUT.filter(([text, name]) => recognize(text).intentName === name).length;
    expect(correct / HELD_OUT.length).toBeGreaterThanOrEqual(0.85);
  });

  it.each(['what is the capital of peru', 'asdf qwer', 'tell me a joke about cats'])('falls back on out-of-scope "%s"', (text) => {
    const result = recognize(text);
    expect(result.isFallback).toBe(true);
    expect(result.intentName).toBe('FallbackIntent');
  });

  it('reports at most five sorted scores, fallback included', () => {
    const { ranked } = recognize('show me running shoes');
    expect(ranked.length).toBe(5);
    expect(ranked.map((r) => r.score)).toEqual([...ranked.map((r) => r.score)].sort((a, b) => b - a));
    expect(ranked[0]?.intentName).toBe('RecommendItems');
    expect(recognize('asdf qwer').ranked.some((r) => r.intentName === 'FallbackIntent')).toBe(true);
  });

  it('is more confident for a sample-like utterance than for a vague one', () => {
    const clear = recognize('show me running shoes under 100 dollars').ranked[0]?.score ?? 0;
    const vague = recognize('running').ranked.find((r) => r.intentName === 'RecommendItems')?.score ?? 0;
    expect(clear).toBeGreaterThan(0.8);
    expect(clear).toBeGreaterThan(vague);
  });

  it('is deterministic for a seed', () => {
    const again = new IntentRecognizer(locale, new SlotTypeRegistry(locale), { seed: 'test' });
    expect(again.recognize(tokenize('where is my order')).ranked).toEqual(recognize('where is my order').ranked);
  });
});
