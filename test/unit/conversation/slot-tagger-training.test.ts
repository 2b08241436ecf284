import { describe, expect, it } from 'vitest';
import type { BotLocaleDefinition } from '../../../src/conversation/local/bot-model.js';
import { LocaleSlotTagger } from '../../../src/conversation/local/slot-tagger-locale.js';
import { slotTaggerUtterances, startSlotTagger, WORKER_MIN_UTTERANCES } from '../../../src/conversation/local/slot-tagger-training.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { intent, slot } from '../../helpers/bot-builder.js';

const locale: BotLocaleDefinition = {
  localeId: 'en_US',
  nluConfidenceThreshold: 0.4,
  slotTypes: [
    { name: 'CityType', values: ['paris', 'new york', 'lagos', 'osaka'].map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' },
  ],
  intents: [
    intent('BookTrip', ['fly me to {City}', 'book a trip from {From} to {City}', 'i want to go to {City} tomorrow'], {
      slots: [slot('City', 'CityType'), slot('From', 'CityType')],
    }),
    intent('Greeting', ['hello']),
  ],
};
const registry = new SlotTypeRegistry(locale);
const spans = (tagger: LocaleSlotTagger, text: string) => tagger.spans(tokenize(text), 'BookTrip').map(({ slotName, startToken, endToken }) => ({ slotName, startToken, endToken }));

describe('slot tagger training on a worker thread', () => {
  it('trains small bots in-process by default', () => {
    expect(slotTaggerUtterances(locale)).toBe(3);
    expect(slotTaggerUtterances(locale)).toBeLessThan(WORKER_MIN_UTTERANCES);
    expect(startSlotTagger(locale, registry, { seed: 's' }).inWorker).toBe(false);
  });

  it('gives a worker-trained tagger the same weights and answers as one trained in-process', () => {
    const local = new LocaleSlotTagger(locale, registry, { seed: 's' });
    const pending = startSlotTagger(locale, registry, { seed: 's', worker: true });
    expect(pending.inWorker).toBe(true);
    const remote = pending.join();
    expect(pending.workerError).toBeUndefined();
    const a = local.exportTrained();
    const b = remote.exportTrained();
    // Byte comparison: a deep equality over a million floats takes seconds.
    const bytes = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    expect(b.weights.length).toBe(a.weights.length);
    expect(bytes(b.weights).equals(bytes(a.weights))).toBe(true);
    expect(bytes(b.transitions).equals(bytes(a.transitions))).toBe(true);
    expect(a.weights.some((w) => w !== 0)).toBe(true);
    expect(new Set(b.vocabulary)).toEqual(new Set(a.vocabulary));
    for (const text of ['book a trip from lagos to osaka', 'fly me to zanzibar']) expect(spans(remote, text)).toEqual(spans(local, text));
    expect(spans(remote, 'book a trip from lagos to osaka')).toEqual([
      { slotName: 'From', startToken: 4, endToken: 5 },
      { slotName: 'City', startToken: 6, endToken: 7 },
    ]);
  });

  it('tells the epochs done, from the worker as from in-process training, up to all of them', () => {
    const told = (worker: boolean): Array<[number, number]> => {
      const steps: Array<[number, number]> = [];
      const pending = startSlotTagger(locale, registry, { seed: 's', worker, epochs: 5 }, (done, total) => steps.push([done, total]));
      pending.join();
      expect(pending.workerError).toBeUndefined();
      return steps;
    };
    expect(told(false)).toEqual([[1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
    // The waiting thread looks at the count when woken, so it may see several epochs at once.
    const fromWorker = told(true);
    expect(fromWorker.at(-1)).toEqual([5, 5]);
    expect(fromWorker.map(([done]) => done)).toEqual([...fromWorker.map(([done]) => done)].sort((x, y) => x - y));
    expect(new Set(fromWorker.map(([done]) => done)).size).toBe(fromWorker.length);
  });

  it('rejects weights of another shape', () => {
    const trained = new LocaleSlotTagger(locale, registry, { seed: 's' }).exportTrained();
    expect(() => new LocaleSlotTagger(locale, registry, { seed: 's' }, { ...trained, transitions: new Float32Array(3) })).toThrow(/another shape/);
  });
});
