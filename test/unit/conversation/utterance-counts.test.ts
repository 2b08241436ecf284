import { describe, expect, it } from 'vitest';
import type { BotLocaleDefinition, IntentDefinition } from '../../../src/conversation/local/bot-model.js';
import { MAX_REPEATS_PER_UTTERANCE, repeatedByCount, utteranceCountsJson } from '../../../src/conversation/local/utterance-counts.js';

const intent = (name: string, sampleUtterances: string[], sampleUtteranceCounts?: number[]): IntentDefinition => ({
  name, sampleUtterances, slots: [], fulfillmentCodeHook: false, ...(sampleUtteranceCounts ? { sampleUtteranceCounts } : {}),
});
const localeOf = (...intents: IntentDefinition[]): BotLocaleDefinition => ({ localeId: 'en_US', nluConfidenceThreshold: 0.4, intents, slotTypes: [] });

describe('repeatedByCount', () => {
  it('leaves a bot without counts as it is', () => {
    const locale = localeOf(intent('A', ['hi', 'hello']));
    expect(repeatedByCount(locale)).toBe(locale);
  });

  it('repeats each sample utterance in place as often as its count, once where none is given', () => {
    const locale = localeOf(intent('Find', ['find {title}', 'search {title}', 'look up {title}'], [3, 1, 2]), intent('Hi', ['hi']));
    const repeated = repeatedByCount(locale);
    expect(repeated.intents.map((i) => i.sampleUtterances)).toEqual([
      ['find {title}', 'find {title}', 'find {title}', 'search {title}', 'look up {title}', 'look up {title}'],
      ['hi'],
    ]);
    expect(repeated.intents[0]).not.toHaveProperty('sampleUtteranceCounts');
    expect(locale.intents[0]?.sampleUtterances).toHaveLength(3);
  });

  it('scales counts down to a bounded number of repeats, keeping every utterance at least once', () => {
    const counts = [1_000_000, 10, 1, 1];
    const repeated = repeatedByCount(localeOf(intent('A', ['a {x}', 'b {x}', 'c {x}', 'd {x}'], counts)));
    const lengths = ['a {x}', 'b {x}', 'c {x}', 'd {x}'].map((u) => repeated.intents[0]?.sampleUtterances.filter((s) => s === u).length);
    expect(lengths.reduce<number>((n, l) => n + (l ?? 0), 0)).toBeLessThanOrEqual(MAX_REPEATS_PER_UTTERANCE * 4 + 3);
    expect(lengths).toEqual([16, 1, 1, 1]);
  });

  it('writes only the utterances said more than once to Parley\'s file, and nothing when none is', () => {
    expect(utteranceCountsJson(intent('A', ['a', 'b', 'c'], [1, 4, 2]))).toEqual({ utteranceCounts: [{ utterance: 'b', count: 4 }, { utterance: 'c', count: 2 }] });
    expect(utteranceCountsJson(intent('A', ['a'], [1]))).toBeUndefined();
    expect(utteranceCountsJson(intent('A', ['a']))).toBeUndefined();
  });
});
