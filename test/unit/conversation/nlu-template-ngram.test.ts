import { describe, expect, it } from 'vitest';
import type { BotLocaleDefinition, SlotTypeDefinition } from '../../../src/conversation/local/bot-model.js';
import { IntentNgram, NgramModel, TokenAlphabet, type NgramSmoothing } from '../../../src/conversation/local/nlu-template-ngram.js';
import { TemplateModel, type TemplateModelOptions } from '../../../src/conversation/local/nlu-template-model.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { intent, slot } from '../../helpers/bot-builder.js';

const words = (text: string) => tokenize(text).map((t) => t.norm);
const listType = (name: string, values: string[]): SlotTypeDefinition => ({ name, values: values.map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' });
const fallback = intent('FallbackIntent', [], { parentIntentSignature: 'AMAZON.FallbackIntent' });
const localeOf = (intents: BotLocaleDefinition['intents'], slotTypes: SlotTypeDefinition[]): BotLocaleDefinition => ({ localeId: 'en_US', nluConfidenceThreshold: 0.4, intents: [...intents, fallback], slotTypes });
const trigram: TemplateModelOptions = { ngram: { order: 3, smoothing: 'witten-bell', sum: false, weight: 1 } };

/** Ids 3.. of a small alphabet: a b c d and one slot token x. */
function smallModel(order: number, smoothing: NgramSmoothing): { model: NgramModel; radix: number } {
  const alphabet = new TokenAlphabet();
  const [a, b, c, d, x] = ['a', 'b', 'c', 'd', '{x}'].map((t) => alphabet.add(t)) as [number, number, number, number, number];
  const sequences = [[a, b, x], [a, b, c], [a, x, d], [b, b], [a, b, x, d]];
  // The base covers exactly the alphabet, so the distribution must sum to one over its ids.
  return { model: new NgramModel(sequences, order, alphabet.size, alphabet.size, smoothing), radix: alphabet.size };
}

describe('class n-gram model', () => {
  for (const order of [2, 3]) {
    for (const smoothing of ['witten-bell', 'kneser-ney'] as const) {
      it(`sums to one over the vocabulary in every history (order ${order}, ${smoothing})`, () => {
        const { model, radix } = smallModel(order, smoothing);
        // Seen histories (start, after a, after a b), and ones never seen (after d d, after the unknown word).
        const paths = [[], [3], [3, 4], [6, 6], [TokenAlphabet.UNKNOWN], [7]];
        for (const path of paths) {
          const history = path.reduce((h, token) => model.next(h, token), model.startHistory);
          let total = 0;
          for (let token = 0; token < radix; token += 1) total += Math.exp(model.logProb(history, token));
          expect(total).toBeCloseTo(1, 10);
        }
      });
    }
  }

  it('gives seen continuations more than unseen ones and an unseen history its lower order', () => {
    const { model } = smallModel(3, 'witten-bell');
    const afterAB = model.next(model.next(model.startHistory, 3), 4);
    expect(model.logProb(afterAB, 7)).toBeGreaterThan(model.logProb(afterAB, 6));
    // "d d" never occurred: the model falls back to what follows "d" (the end, twice).
    const afterDD = model.next(model.next(model.startHistory, 6), 6);
    expect(model.logProb(afterDD, TokenAlphabet.END)).toBeGreaterThan(model.logProb(afterDD, 3));
  });

  it('refuses an alphabet too large for its packed keys', () => {
    expect(() => new NgramModel([[3]], 3, 300_000, 300_000, 'witten-bell')).toThrow(/does not fit/);
  });

  it('takes the best reading of the words as carrier words and slot fillers', () => {
    const { model } = smallModel(3, 'witten-bell');
    const x = 7;
    const ngram = new IntentNgram(model, [x]);
    const span = (_t: number, start: number, end: number): number => -1.5 * (end - start);
    const text = [3, 4, TokenAlphabet.UNKNOWN, 6];
    // Every way to cut the words into carrier words and fillers of x, scored directly.
    let best = -Infinity;
    const walk = (p: number, history: number, score: number): void => {
      if (p === text.length) {
        best = Math.max(best, score + model.logProb(history, TokenAlphabet.END));
        return;
      }
      const word = text[p] as number;
      walk(p + 1, model.next(history, word), score + model.logProb(history, word));
      for (let e = p + 1; e <= text.length; e += 1) walk(e, model.next(history, x), score + model.logProb(history, x) + span(0, p, e));
    };
    walk(0, model.startHistory, 0);
    expect(ngram.logLikelihood(text, span, false)).toBeCloseTo(best, 10);
    // Summing over readings gives at least the best one.
    expect(ngram.logLikelihood(text, span, true)).toBeGreaterThanOrEqual(best);
  });
});

describe('template model with a class n-gram', () => {
  const movies = listType('movie', ['heat', 'jaws', 'alien']);
  const titles = listType('title', ['dune', 'emma', 'ulysses']);
  const locale = localeOf([
    intent('Screening', ['when is {movie} playing', 'when is {movie} playing tonight', 'when is {movie} playing nearby', 'when is {movie} playing at noon'], { slots: [slot('movie', 'movie')] }),
    intent('Work', ['when is {title} playing', 'find {title}', 'show me {title}'], { slots: [slot('title', 'title')] }),
  ], [movies, titles]);
  const labels = ['Screening', 'Work', 'FallbackIntent'];
  const registry = new SlotTypeRegistry(locale);

  it('lets a carrier pattern shared by several templates of an intent outweigh a single template of another', () => {
    const text = words('when is zorblax playing');
    // Exact templates: each intent has the one template, and Work's is one of three, not four.
    const [screeningExact, workExact] = new TemplateModel(locale, registry, labels).logLikelihoods(text);
    expect(workExact).toBeGreaterThan(screeningExact as number);
    // The trigram sees that Screening says "when is ... playing" in all its templates.
    const [screening, work, other] = new TemplateModel(locale, registry, labels, undefined, trigram).logLikelihoods(text);
    expect(screening).toBeGreaterThan(work as number);
    expect(other).toBe(-Infinity);
  });

  it('explains a phrasing no template has word for word', () => {
    // "when is {movie} playing nearby tonight" is no template, but its trigrams are Screening's.
    const [screening, work] = new TemplateModel(locale, registry, labels, undefined, trigram).logLikelihoods(words('when is zorblax playing nearby tonight'));
    expect(screening).toBeGreaterThan(-Infinity);
    expect(screening).toBeGreaterThan(work as number);
    expect(new TemplateModel(locale, registry, labels).logLikelihoods(words('when is zorblax playing nearby tonight'))[0]).toBe(-Infinity);
  });

  it('leaves out excluded templates', () => {
    const text = words('show me dune');
    const all = new TemplateModel(locale, registry, labels, undefined, trigram).logLikelihoods(text);
    const without = new TemplateModel(locale, registry, labels, (label, i) => label === 1 && i === 2, trigram).logLikelihoods(text);
    expect(without[1]).toBeLessThan((all[1] as number) - 1);
    // Screening's model is the same; only the shared alphabet (the uniform base) lost two words.
    expect(without[0]).toBeCloseTo(all[0] as number, 3);
  });

  it('scores only the contenders with the n-gram, the others by their exact-template share', () => {
    const mixed: TemplateModelOptions = { ngram: { order: 3, smoothing: 'witten-bell', sum: false, weight: 0.5 } };
    const model = new TemplateModel(locale, registry, labels, undefined, mixed);
    const text = words('when is heat playing');
    const full = model.logLikelihoods(text);
    const some = model.logLikelihoods(text, (label) => label === 0);
    expect(some[0]).toBeCloseTo(full[0] as number, 10);
    const exact = new TemplateModel(locale, registry, labels).logLikelihoods(text);
    expect(some[1]).toBeCloseTo((exact[1] as number) + Math.log(0.5), 10);
  });
});
