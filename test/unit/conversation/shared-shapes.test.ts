import { describe, expect, it } from 'vitest';
import type { SlotTypeDefinition } from '../../../src/conversation/local/bot-model.js';
import { shapeConflicts, sharedShapes, utteranceShape, type ShapedIntent } from '../../../src/conversation/local/shared-shapes.js';

const list = (name: string, values: string[], strategy: SlotTypeDefinition['resolutionStrategy']): SlotTypeDefinition => ({
  name,
  values: values.map((value) => ({ value, synonyms: [] })),
  resolutionStrategy: strategy,
});

const intent = (name: string, sampleUtterances: string[], slots: Record<string, string>): ShapedIntent => ({
  name,
  sampleUtterances,
  slots: Object.entries(slots).map(([slot, slotTypeName]) => ({ name: slot, slotTypeName })),
});

describe('utteranceShape', () => {
  it('turns every slot into a gap and compares as duplicates are compared', () => {
    expect(utteranceShape('When is  {movie_name} playing?')).toBe('when is {} playing');
    expect(utteranceShape('when is {object_name} playing')).toBe('when is {} playing');
    expect(utteranceShape('{a}{b} now')).toBe('{} {} now');
  });
});

describe('shapeConflicts', () => {
  const titles = [list('MovieTitle', ['heat', 'alien'], 'ORIGINAL_VALUE'), list('BookTitle', ['emma', 'dune'], 'ORIGINAL_VALUE')];

  it('finds an utterance with the words of another intent\'s, its slots aside, reported once against the first', () => {
    const intents = [
      intent('Screening', ['when is {movie} playing', 'find {movie}'], { movie: 'MovieTitle' }),
      intent('Search', ['when is {title} playing', 'find {title} for me'], { title: 'BookTitle' }),
      intent('Other', ['when is {title} playing'], { title: 'BookTitle' }),
    ];
    expect(shapeConflicts(intents, titles)).toEqual([
      { intent: 'Search', index: 0, otherIntent: 'Screening', otherIndex: 0 },
      { intent: 'Other', index: 0, otherIntent: 'Screening', otherIndex: 0 },
    ]);
    expect(sharedShapes(intents, titles)).toEqual(new Map([['when is {} playing', ['Other', 'Screening', 'Search']]]));
  });

  it('leaves one intent\'s own phrasings, different words, and slots in other places alone', () => {
    const intents = [
      intent('Screening', ['when is {movie} playing', 'when is {movie} showing'], { movie: 'MovieTitle' }),
      intent('Search', ['when was {title} written', 'is {title} playing when'], { title: 'BookTitle' }),
    ];
    expect(shapeConflicts(intents, titles)).toEqual([]);
  });

  it('tells slots apart by their lists when both take only their own values and share none', () => {
    const sizes = list('Size', ['small', 'large'], 'TOP_RESOLUTION');
    const colours = list('Colour', ['red', 'blue'], 'TOP_RESOLUTION');
    const intents = [intent('SetSize', ['make it {size}'], { size: 'Size' }), intent('SetColour', ['make it {colour}'], { colour: 'Colour' })];
    expect(shapeConflicts(intents, [sizes, colours])).toEqual([]);
    // A value both lists hold, an open list, or the same type on both sides: only the value can tell.
    const sharing = list('Colour', ['red', 'Large'], 'TOP_RESOLUTION');
    expect(shapeConflicts(intents, [sizes, sharing])).toHaveLength(1);
    expect(shapeConflicts(intents, [sizes, { ...colours, resolutionStrategy: 'ORIGINAL_VALUE' }])).toHaveLength(1);
    const sameType = [intent('SetSize', ['make it {size}'], { size: 'Size' }), intent('Resize', ['make it {to}'], { to: 'Size' })];
    expect(shapeConflicts(sameType, [sizes])).toHaveLength(1);
  });

  it('tells distinct built-ins apart, and a built-in from a closed list but not from an open one', () => {
    const sizes = list('Size', ['small', 'large'], 'TOP_RESOLUTION');
    const pair = (typeA: string, typeB: string) => [intent('A', ['order {x} now'], { x: typeA }), intent('B', ['order {y} now'], { y: typeB })];
    expect(shapeConflicts(pair('AMAZON.Number', 'AMAZON.Date'), [])).toEqual([]);
    expect(shapeConflicts(pair('AMAZON.Number', 'Size'), [sizes])).toEqual([]);
    expect(shapeConflicts(pair('AMAZON.Number', 'AMAZON.Number'), [])).toHaveLength(1);
    expect(shapeConflicts(pair('AMAZON.Number', 'Size'), [{ ...sizes, resolutionStrategy: 'ORIGINAL_VALUE' }])).toHaveLength(1);
    // A pattern's language is not compared: a regex type is taken as open.
    expect(shapeConflicts(pair('AMAZON.Number', 'Size'), [{ ...sizes, regexPattern: '[0-9]+' }])).toHaveLength(1);
  });

  it('needs every gap to be ambiguous: one slot whose values cannot be the other\'s tells the two apart', () => {
    const sizes = list('Size', ['small', 'large'], 'TOP_RESOLUTION');
    const colours = list('Colour', ['red', 'blue'], 'TOP_RESOLUTION');
    const intents = [
      intent('Order', ['a {size} {item} please'], { size: 'Size', item: 'MovieTitle' }),
      intent('Paint', ['a {colour} {thing} please'], { colour: 'Colour', thing: 'BookTitle' }),
    ];
    expect(shapeConflicts(intents, [sizes, colours, ...titles])).toEqual([]);
    expect(shapeConflicts(intents, [sizes, { ...colours, resolutionStrategy: 'ORIGINAL_VALUE' }, ...titles])).toHaveLength(1);
  });

  it('does not count utterances without slots: identical words are a duplicate, an error of their own', () => {
    expect(shapeConflicts([intent('A', ['hello'], {}), intent('B', ['hello'], {})], [])).toEqual([]);
  });
});
