import { describe, expect, it } from 'vitest';
import { findByCarrier } from '../../../src/conversation/local/free-text-slot.js';
import { SeededRandom } from '../../../src/conversation/local/seeded-random.js';
import { pickSample } from '../../../src/conversation/local/slot-samples.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { parseTemplate, slotContexts } from '../../../src/conversation/local/utterance-templates.js';

const values = Array.from({ length: 10 }, (_, i) => `value ${i}`);
const shareOfFirst = (headShare: number): number => {
  const random = new SeededRandom('samples');
  let first = 0;
  for (let i = 0; i < 20_000; i += 1) if (pickSample(values, random, headShare) === 'value 0') first += 1;
  return first / 20_000;
};

describe('slot value sampling for tagger training', () => {
  it('draws uniformly without a head share', () => {
    expect(shareOfFirst(0)).toBeCloseTo(0.1, 1);
  });

  it('draws by rank (weight 1 / rank) with a full head share, so the first values dominate', () => {
    // 1 / H(10) = 0.341 for the first of ten values.
    expect(shareOfFirst(1)).toBeCloseTo(0.341, 1);
    expect(shareOfFirst(0.3)).toBeCloseTo(0.3 * 0.341 + 0.7 * 0.1, 1);
  });

  it('still reaches the tail of the list', () => {
    const random = new SeededRandom('tail');
    const seen = new Set(Array.from({ length: 2000 }, () => pickSample(values, random, 1)));
    expect(seen.size).toBe(10);
  });

  it('rejects an empty list', () => {
    expect(() => pickSample([], new SeededRandom(1), 0.3)).toThrow(/empty/);
  });
});

describe('free text located by carrier phrases', () => {
  const contexts = (templates: string[]) => slotContexts(templates.map(parseTemplate), 'Title');
  const found = (text: string, templates: string[]) => {
    const tokens = tokenize(text);
    const span = findByCarrier(tokens, contexts(templates));
    return span && tokens.slice(span.startToken, span.endToken).map((t) => t.norm).join(' ');
  };

  it('takes the words after the carrier up to its suffix, without a leading article', () => {
    expect(found('please play the time for heroes on repeat', ['play {Title} on repeat'])).toBe('time for heroes');
  });

  it('prefers the carrier with more matching words', () => {
    expect(found('i want to watch the movie blue skies tonight', ['watch {Title}', 'watch the movie {Title} tonight'])).toBe('blue skies');
  });

  it('does not take one matching word of a longer carrier', () => {
    expect(found('open about face', ['tell me about {Title}'])).toBeNull();
  });

  it('breaks ties by the earlier carrier, whatever the position', () => {
    expect(found('find rain and show sun', ['show {Title}', 'find {Title}'])).toBe('sun');
    expect(found('find rain and show sun', ['find {Title}', 'show {Title}'])).toBe('rain and show sun');
  });
});
