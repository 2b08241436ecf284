import { describe, expect, it } from 'vitest';
import type { BotLocaleDefinition } from '../../../src/conversation/local/bot-model.js';
import { SeededRandom } from '../../../src/conversation/local/seeded-random.js';
import { LocaleSlotTagger } from '../../../src/conversation/local/slot-tagger-locale.js';
import { startSlotTagger } from '../../../src/conversation/local/slot-tagger-training.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { intent, slot } from '../../helpers/bot-builder.js';
import { segmentIndex, segmentTable, type FeatureRows, type SegmentTable } from '../../../src/conversation/local/slot-tagger-segments.js';
import { beginTag, insideTag, OUTSIDE_TAG, segmentsOf, SlotTagger } from '../../../src/conversation/local/slot-tagger.js';

const row = (rows: FeatureRows, r: number): number[] => [...rows.features.subarray(rows.offsets[r] as number, rows.offsets[r + 1] as number)];
/** A span's features: its start's, its end's and its own (none for a span running past the end). */
const featuresOf = (table: SegmentTable, start: number, length: number): number[] => {
  const own = row(table.bySpan, segmentIndex(table, start, length));
  return own.length === 0 ? [] : [...row(table.byStart, start), ...row(table.byLast, start + length - 1), ...own];
};

describe('segment features', () => {
  it('lists every span of up to maxLength words, and none running past the end', () => {
    const table = segmentTable(['rate', 'secret', 'water', 'five'], [[], [], [], []], 3);
    expect(table.bySpan.offsets.length).toBe(4 * 3 + 1);
    expect(table.byStart.offsets.length).toBe(4 + 1);
    for (let start = 0; start < 4; start += 1) {
      for (let length = 1; length <= 3; length += 1) {
        expect(featuresOf(table, start, length).length > 0).toBe(start + length <= 4);
      }
    }
    // The same words around a span give the same features; other boundaries give others.
    const again = segmentTable(['rate', 'secret', 'water', 'five'], [[], [], [], []], 3);
    expect(featuresOf(again, 1, 2)).toEqual(featuresOf(table, 1, 2));
    expect(featuresOf(table, 1, 1)).not.toEqual(featuresOf(table, 1, 2));
  });

  it('marks a span that is a listed value, or the head or tail of one', () => {
    const words = ['play', 'secret', 'water', 'now'];
    const gazetteer = [[], ['B:Title'], ['L:Title'], []];
    const plain = segmentTable(words, [[], [], [], []], 3);
    const listed = segmentTable(words, gazetteer, 3);
    // Whole value, head, tail: one flag more than without the gazetteer; a span across it: none.
    expect(featuresOf(listed, 1, 2).length).toBe(featuresOf(plain, 1, 2).length + 1);
    expect(featuresOf(listed, 1, 1).length).toBe(featuresOf(plain, 1, 1).length + 1);
    expect(featuresOf(listed, 2, 1).length).toBe(featuresOf(plain, 2, 1).length + 1);
    expect(featuresOf(listed, 1, 3)).toEqual(featuresOf(plain, 1, 3));
    const [whole, head, tail] = [featuresOf(listed, 1, 2).at(-1), featuresOf(listed, 1, 1).at(-1), featuresOf(listed, 2, 1).at(-1)];
    expect(new Set([whole, head, tail]).size).toBe(3);
  });

  it('rejects a segment length that is not a positive whole number', () => {
    expect(() => segmentTable(['a'], [[]], 0)).toThrow(/positive integer/);
    expect(() => segmentTable(['a'], [[]], 2.5)).toThrow(/positive integer/);
  });
});

describe('semi-Markov decoding', () => {
  it('turns BIO tags into segments', () => {
    const tags = Int32Array.from([OUTSIDE_TAG, beginTag(0), insideTag(0), beginTag(1), insideTag(2), OUTSIDE_TAG]);
    expect(segmentsOf(tags)).toEqual([
      { start: 0, end: 1, tag: OUTSIDE_TAG }, { start: 1, end: 3, tag: beginTag(0) }, { start: 3, end: 4, tag: beginTag(1) },
      { start: 4, end: 5, tag: beginTag(2) }, { start: 5, end: 6, tag: OUTSIDE_TAG },
    ]);
  });

  // The decoder against brute force: every segmentation scored from the same random weights.
  it('finds the highest-scoring segmentation', () => {
    const dimension = 1 << 8;
    const slots = 3;
    const tagCount = 1 + 2 * slots;
    const random = new SeededRandom('segments');
    for (let round = 0; round < 30; round += 1) {
      const tagger = new SlotTagger(slots, dimension);
      const weights = Float32Array.from({ length: dimension + tagCount }, () => random.next() * 2 - 1);
      const transitions = Float32Array.from({ length: (tagCount + 1) * tagCount }, () => random.next() * 2 - 1);
      tagger.importWeights({ weights, transitions });
      const n = 1 + random.int(6);
      const maxLength = 1 + random.int(3);
      const words = Array.from({ length: n }, () => `w${random.int(4)}`);
      const table = segmentTable(words, words.map(() => []), maxLength);
      const features = words.map(() => Int32Array.from({ length: 3 }, () => random.int(1 << 30)));
      // Intent with slots 0 and 2 only.
      const allowed = Int32Array.from([OUTSIDE_TAG, beginTag(0), insideTag(0), beginTag(2), insideTag(2)]);
      const score = (tags: Int32Array): number => {
        let total = 0;
        let previous = tagCount;
        for (const s of segmentsOf(tags)) {
          total += transitions[previous * tagCount + s.tag] as number;
          previous = s.tag;
          for (let i = s.start; i < s.end; i += 1) {
            const tag = i === s.start ? s.tag : s.tag + 1;
            for (const f of features[i] as Int32Array) total += weights[(f & (dimension - 1)) + tag] as number;
          }
          if (s.tag !== OUTSIDE_TAG) for (const f of featuresOf(table, s.start, s.end - s.start)) total += weights[(f & (dimension - 1)) + s.tag] as number;
        }
        return total;
      };
      let best = -Infinity;
      const labels = [OUTSIDE_TAG, beginTag(0), beginTag(2)];
      const search = (at: number, tags: number[]): void => {
        if (at === n) { best = Math.max(best, score(Int32Array.from(tags))); return; }
        for (const label of labels) {
          for (let length = 1; length <= (label === OUTSIDE_TAG ? 1 : Math.min(maxLength, n - at)); length += 1) {
            search(at + length, [...tags, ...Array.from({ length }, (_, i) => (i === 0 ? label : label + 1))]);
          }
        }
      };
      search(0, []);
      const scored = { score: NaN };
      const decoded = tagger.decodeSegments(features, allowed, table, scored);
      expect(segmentsOf(decoded).every((s) => s.end - s.start <= maxLength)).toBe(true);
      expect(score(decoded)).toBeCloseTo(best, 4);
      // The score it reports is the best segmentation's, found by brute force.
      expect(scored.score).toBeCloseTo(best, 4);
    }
  });
});

describe('semi-Markov training', () => {
  it('learns a span from segment features alone', () => {
    // Every word has the same token features, so only the whole-segment features tell where the
    // value is: a broken segment update leaves the tagger unable to find it.
    const words = ['rate', 'secret', 'water', 'now'];
    const table = segmentTable(words, words.map(() => []), 3);
    const same = Int32Array.of(12345);
    const gold = Int32Array.from([OUTSIDE_TAG, beginTag(0), insideTag(0), OUTSIDE_TAG]);
    const allowed = Int32Array.from([OUTSIDE_TAG, beginTag(0), insideTag(0)]);
    const tagger = new SlotTagger(1, 1 << 12);
    tagger.train([{ features: words.map(() => same), tags: gold, allowed, segments: table }], { epochs: 5, seed: 's' });
    expect([...tagger.decodeSegments(words.map(() => same), allowed, table)]).toEqual([...gold]);
  });

  const titles = ['secret water', 'time for heroes', 'the chipmunk song', 'dune', 'the long walk home', 'blue', 'a tale of two cities'];
  const small: BotLocaleDefinition = {
    localeId: 'en_US',
    nluConfidenceThreshold: 0.4,
    slotTypes: [{ name: 'TitleType', values: titles.map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' }],
    intents: [intent('Rate', ['rate {Title} five stars', 'give {Title} a three', 'i would rate {Title} two out of 6'], { slots: [slot('Title', 'TitleType')] })],
  };
  // A thousand distinct carriers: enough for segment decoding by default.
  const verbs = ['rate', 'give', 'score', 'grade', 'mark'];
  const large: BotLocaleDefinition = {
    ...small,
    intents: [intent('Rate', Array.from({ length: 1000 }, (_, i) => `${verbs[i % 5]} {Title} ${i % 10} out of ${10 + Math.floor(i / 5)}`), { slots: [slot('Title', 'TitleType')] })],
  };

  it('decodes segments in large bots and word by word in small ones, unless told', () => {
    expect(new LocaleSlotTagger(small, new SlotTypeRegistry(small), { seed: 's' }).segmentLength).toBe(0);
    expect(new LocaleSlotTagger(small, new SlotTypeRegistry(small), { seed: 's', segmentLength: 4 }).segmentLength).toBe(4);
    const tagger = new LocaleSlotTagger(large, new SlotTypeRegistry(large), { seed: 's', sequenceBudget: 1000, epochs: 2 });
    expect(tagger.segmentLength).toBe(10);
    const tokens = tokenize('rate the chipmunk song 4 out of 12');
    expect(tagger.spans(tokens, 'Rate').map((x) => [x.startToken, x.endToken])).toEqual([[1, 4]]);
    expect(() => new LocaleSlotTagger(small, new SlotTypeRegistry(small), { seed: 's', segmentLength: -1 })).toThrow(/segmentLength/);
  });

  it("scores how well an utterance reads as each intent's, when decoding by segment", () => {
    const songs = ['yellow submarine', 'hey jude', 'let it be', 'help'];
    const two: BotLocaleDefinition = {
      ...small,
      slotTypes: [...small.slotTypes, { name: 'SongType', values: songs.map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' }],
      intents: [
        ...small.intents,
        intent('Play', ['play {Song}', 'play the song {Song} now', 'put on {Song}'], { slots: [slot('Song', 'SongType')] }),
        intent('Hello', ['hello', 'hi there']),
      ],
    };
    const registry = new SlotTypeRegistry(two);
    const tagger = new LocaleSlotTagger(two, registry, { seed: 's', segmentLength: 4 });
    const rate = tokenize('rate the long walk home five stars');
    const play = tokenize('play the song hey jude now');
    const asRate = tagger.readingScore(rate, 'Rate') as number;
    const asPlay = tagger.readingScore(rate, 'Play') as number;
    expect(asRate).toBeGreaterThan(asPlay);
    expect(tagger.readingScore(play, 'Play') as number).toBeGreaterThan(tagger.readingScore(play, 'Rate') as number);
    // None for an intent without slots, or for a tagger decoding word by word.
    expect(tagger.readingScore(rate, 'Hello')).toBeUndefined();
    expect(new LocaleSlotTagger(two, registry, { seed: 's' }).readingScore(rate, 'Rate')).toBeUndefined();
  });

  it('gives a worker-trained segment tagger the same answers as one trained in-process', () => {
    const registry = new SlotTypeRegistry(small);
    const local = new LocaleSlotTagger(small, registry, { seed: 's', segmentLength: 4 });
    const pending = startSlotTagger(small, registry, { seed: 's', segmentLength: 4, worker: true });
    const remote = pending.join();
    expect(pending.workerError).toBeUndefined();
    expect(remote.segmentLength).toBe(4);
    for (const text of ['rate the long walk home five stars', 'give moby dick a three', 'i would rate blue two out of 6']) {
      expect(remote.spans(tokenize(text), 'Rate')).toEqual(local.spans(tokenize(text), 'Rate'));
    }
  });
});
