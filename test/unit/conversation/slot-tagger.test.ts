import { describe, expect, it } from 'vitest';
import type { BotLocaleDefinition } from '../../../src/conversation/local/bot-model.js';
import { LocaleSlotTagger } from '../../../src/conversation/local/slot-tagger-locale.js';
import { sentenceFeatures, wordShape } from '../../../src/conversation/local/slot-tagger-features.js';
import { hashString } from '../../../src/conversation/local/seeded-random.js';
import { SlotFiller } from '../../../src/conversation/local/slot-filler.js';
import { taggerAllows } from '../../../src/conversation/local/slot-tagger-candidates.js';
import { SlotTypeMatcher } from '../../../src/conversation/local/slot-type-matcher.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';
import { localNow } from '../../../src/conversation/local/zoned-clock.js';
import { intent, slot } from '../../helpers/bot-builder.js';

// A tiny music bot: artists and playlists are open lists, so unseen names must be found by context.
const locale: BotLocaleDefinition = {
  localeId: 'en_US',
  nluConfidenceThreshold: 0.4,
  slotTypes: [
    { name: 'ArtistType', values: ['miles davis', 'nina simone', 'bob marley', 'adele', 'prince'].map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' },
    { name: 'PlaylistType', values: ['road trip', 'chill vibes', 'morning run'].map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' },
  ],
  intents: [
    intent('AddToPlaylist', [
      'add {Artist} to my {Playlist} playlist', 'put {Artist} on {Playlist}', 'add a song by {Artist} to {Playlist}',
      'please add {Artist} to the {Playlist} list', 'i want {Artist} in my {Playlist} playlist',
    ], { slots: [slot('Artist', 'ArtistType'), slot('Playlist', 'PlaylistType')] }),
    intent('Greeting', ['hello', 'hi there']),
  ],
};
const registry = new SlotTypeRegistry(locale);
const tagger = new LocaleSlotTagger(locale, registry, { seed: 'test' });
const spansOf = (text: string): string[] => {
  const tokens = tokenize(text);
  return tagger.spans(tokens, 'AddToPlaylist').map((s) => `${s.slotName}=${tokens.slice(s.startToken, s.endToken).map((t) => t.norm).join(' ')}`);
};

describe('slot tagger', () => {
  it('finds listed values', () => {
    expect(spansOf('add adele to my road trip playlist')).toEqual(['Artist=adele', 'Playlist=road trip']);
  });

  it('finds open-vocabulary values by their context', () => {
    expect(spansOf('add zorblax quintet to my late night coding playlist')).toEqual(['Artist=zorblax quintet', 'Playlist=late night coding']);
  });

  it('gives the same spans after decoding a longer utterance (reused Viterbi buffers hold no state)', () => {
    const fresh = new LocaleSlotTagger(locale, registry, { seed: 'test' });
    const short = 'put bob marley on chill vibes';
    const expected = fresh.spans(tokenize(short), 'AddToPlaylist');
    spansOf(`add ${'very '.repeat(40)}long names to my ${'road trip '.repeat(20)} playlist`);
    expect(tagger.spans(tokenize(short), 'AddToPlaylist')).toEqual(expected);
    expect(spansOf(short)).toEqual(['Artist=bob marley', 'Playlist=chill vibes']);
  });

  it('tags nothing for an intent without slots', () => {
    expect(tagger.spans(tokenize('hello there'), 'Greeting')).toEqual([]);
  });

  it('fills unlisted ORIGINAL_VALUE slots through the slot filler', () => {
    const filler = new SlotFiller(locale, registry, tagger);
    const text = 'put Quux Brothers on morning run';
    const slots = filler.fill('AddToPlaylist', { text, tokens: tokenize(text), now: localNow(new Date('2026-05-01T00:00:00Z'), 'UTC') });
    expect(slots['Artist']?.value?.interpretedValue).toBe('Quux Brothers');
    expect(slots['Playlist']?.value?.interpretedValue).toBe('morning run');
  });
});

describe('typo-tolerant values', () => {
  const matcher = new SlotTypeMatcher({
    name: 'CategoryType', resolutionStrategy: 'TOP_RESOLUTION',
    values: [{ value: 'running shoes', synonyms: ['trainers'] }, { value: 'jackets', synonyms: [] }],
  });
  const canonical = (text: string) => matcher.findAll(tokenize(text)).map((m) => m.canonical[0]);

  it('accepts one edit in words of five letters or more', () => {
    expect(canonical('any runing shoes')).toEqual(['running shoes']);
    expect(canonical('show me trainres')).toEqual(['running shoes']);
    expect(canonical('cheap jakcets')).toEqual(['jackets']);
    expect(matcher.lookup('traners')).toEqual(['running shoes']);
  });

  it('rejects two edits and short words', () => {
    expect(canonical('show me trnres')).toEqual([]);
    expect(canonical('any shoe')).toEqual([]);
  });

  it('keeps open lists exact', () => {
    const open = new SlotTypeMatcher({ name: 'B', resolutionStrategy: 'ORIGINAL_VALUE', values: [{ value: 'northpeak', synonyms: [] }] });
    expect(open.findAll(tokenize('northpeek jackets'))).toEqual([]);
  });
});

describe('trusting the tagger', () => {
  // 60 phrasings of one slot: enough for the tagger's "no such slot here" to be believed.
  const verbs = ['play', 'put on', 'queue', 'start', 'i want to hear', 'let me hear'];
  const tails = ['', ' please', ' now', ' for me', ' on the speaker', ' in the kitchen', ' loud', ' again', ' next', ' tonight'];
  const many: BotLocaleDefinition = {
    localeId: 'en_US', nluConfidenceThreshold: 0.4,
    slotTypes: [{ name: 'SongType', values: ['yellow', 'hey jude', 'imagine'].map((value) => ({ value, synonyms: [] })), resolutionStrategy: 'ORIGINAL_VALUE' }],
    intents: [intent('PlaySong', verbs.flatMap((v) => tails.map((t) => `${v} {Song}${t}`)), { slots: [slot('Song', 'SongType')] })],
  };
  const manyRegistry = new SlotTypeRegistry(many);
  const manyTagger = new LocaleSlotTagger(many, manyRegistry, { seed: 'test' });
  const guess = { startToken: 1, endToken: 2, isFreeText: true };

  it('drops a carrier-word guess for a slot learned from 50+ utterances when the tagger found none', () => {
    const { trustedSlots } = manyTagger.spans(tokenize('play loud'), 'PlaySong');
    expect(trustedSlots?.has('Song')).toBe(true);
    // The same tagger output without a Song span: the guess from carrier words is not taken.
    expect(taggerAllows('Song', guess, Object.assign([], { trustedSlots }))).toBe(false);
    expect(taggerAllows('Song', guess, [])).toBe(true);
  });

  it('keeps the guess as a last resort in a small bot', () => {
    const trustedSlots = tagger.spans(tokenize('add it to my list'), 'AddToPlaylist').trustedSlots ?? new Set<string>();
    expect(trustedSlots.has('Artist')).toBe(false);
    expect(taggerAllows('Artist', guess, Object.assign([], { trustedSlots }))).toBe(true);
  });
});

describe('slot tagger features', () => {
  it('hashes the named features of a token without building their names', () => {
    const tokens = tokenize('add Zoë to my list');
    const gazetteer = tokens.map((_, i) => (i === 1 ? ['U:ArtistType'] : []));
    const names = [
      'bias', 'w:zoe', 'w-1:add', 'w-2:<s>', 'w+1:to', 'w+2:my', 'b-:add|zoe', 'b+:zoe|to', 'c:add|to', 'shape:Xx', 'p3:zoë', 's3:zoë', 's2:oë',
      'len:3', 'int:Add', 'int-w:Add|zoe', 'int-w-1:Add|add', 'int-w+1:Add|to', 't:add|zoe|to', 'g:U:ArtistType', 'int-g:Add|U:ArtistType',
    ];
    expect([...(sentenceFeatures(tokens, 'Add', gazetteer)[1] ?? [])]).toEqual(names.map((n) => hashString(n) | 0));
    // Neighbours see the flag as g-1 / g+1; hidden flags (useGazetteer false) add nothing.
    expect(sentenceFeatures(tokens, 'Add', gazetteer)[2]).toContain(hashString('g-1:U:ArtistType') | 0);
    expect(sentenceFeatures(tokens, 'Add', gazetteer, [true, false, true, true, true])[1]).toHaveLength(19);
  });

  it('compresses word shapes by character class', () => {
    expect(['Xxxx', 'Paris', '2026', 'ps-12', 'ÉCOLE', 'a'].map(wordShape)).toEqual(['Xx', 'Xx', 'd', 'x-d', 'X', 'x']);
  });
});
