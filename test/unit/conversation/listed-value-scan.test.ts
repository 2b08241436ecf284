import { describe, expect, it } from 'vitest';
import type { BotLocaleDefinition, SlotTypeDefinition } from '../../../src/conversation/local/bot-model.js';
import { SeededRandom } from '../../../src/conversation/local/seeded-random.js';
import { SlotTypeMatcher } from '../../../src/conversation/local/slot-type-matcher.js';
import { SlotTypeRegistry } from '../../../src/conversation/local/slot-type-registry.js';
import { tokenize } from '../../../src/conversation/local/text-normalize.js';

const open = (name: string, values: string[], synonyms: Record<string, string[]> = {}): SlotTypeDefinition => ({
  name, values: values.map((value) => ({ value, synonyms: synonyms[value] ?? [] })), resolutionStrategy: 'ORIGINAL_VALUE',
});

// Types that share phrases, nest inside each other and differ only by a plural.
const slotTypes: SlotTypeDefinition[] = [
  open('artist', ['the beatles', 'beatles', 'queen', 'road'], { queen: ['queen band'] }),
  open('playlist', ['road trip', 'road trip songs', 'songs', 'chill'], { chill: ['chill vibes'] }),
  open('genre', ['rock', 'road trip', 'songs of praise']),
  open('empty', []),
  { name: 'category', values: [{ value: 'running shoes', synonyms: ['runners'] }], resolutionStrategy: 'TOP_RESOLUTION' },
];
const locale: BotLocaleDefinition = { localeId: 'en_US', nluConfidenceThreshold: 0.4, slotTypes, intents: [] };

describe('one scan of all open lists', () => {
  it('finds for every open-list type what its own matcher finds, with the same canonical values', () => {
    const words = ['add', 'the', 'beatles', 'road', 'trip', 'trips', 'songs', 'song', 'queen', 'band', 'rock', 'chill', 'vibes', 'of', 'praise', 'to', 'my', 'running', 'shoes'];
    const random = new SeededRandom('listed-scan');
    const utterances = [
      'add the beatles to my road trip songs playlist',
      'play road trips songs of praise and queen band rock',
      'chill vibes road road trip trips songs',
      ...Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random.next() * 12) }, () => words[Math.floor(random.next() * words.length)]).join(' ')),
    ];
    const registry = new SlotTypeRegistry(locale);
    let found = 0;
    for (const text of utterances) {
      const tokens = tokenize(text);
      const scanned = registry.listed.matches(tokens);
      registry.listed.types.forEach((type, index) => {
        const own = new SlotTypeMatcher(type.definition).findAll(tokens);
        found += own.length;
        expect(scanned[index], `${type.definition.name} in "${text}"`).toEqual(own);
      });
    }
    expect(found).toBeGreaterThan(300);
  });

  it('lists every phrase of every type at each span, a type once even when matched as said and folded', () => {
    const registry = new SlotTypeRegistry(locale);
    const hits = registry.listed.hits(tokenize('road trip songs'));
    const named = hits.map((h) => `${registry.listed.types[h.type]?.definition.name}:${h.startToken}-${h.endToken}`);
    expect(named).toEqual(['artist:0-1', 'genre:0-2', 'playlist:0-2', 'playlist:0-3', 'playlist:2-3']);
    expect(registry.listed.hits(tokenize('road trips')).map((h) => registry.listed.types[h.type]?.definition.name)).toEqual(['artist', 'genre', 'playlist']);
  });

  it("answers each matcher's findAll from the scan once primed with the same tokens", () => {
    const registry = new SlotTypeRegistry(locale);
    const tokens = tokenize('add queen band to road trip songs');
    registry.listed.primeMatchers(tokens);
    const matches = registry.listed.matches(tokens);
    const told = [{ startToken: 0, endToken: 1, canonical: ['told'] }];
    registry.get('genre')?.matcher.remember(tokens, told);
    expect(registry.get('genre')?.matcher.findAll(tokens)).toBe(told);
    expect(registry.get('genre')?.matcher.findAll(tokenize('rock'))).toEqual([{ startToken: 0, endToken: 1, canonical: ['rock'] }]);
    expect(registry.get('artist')?.matcher.findAll(tokens)).toEqual([{ startToken: 1, endToken: 3, canonical: ['queen'] }, { startToken: 4, endToken: 5, canonical: ['road'] }]);
    expect(registry.get('playlist')?.matcher.findAll(tokens)).toEqual(matches[registry.listed.types.findIndex((t) => t.definition.name === 'playlist')]);
    expect(registry.get('empty')?.matcher.findAll(tokens)).toEqual([]);
  });

  it('leaves closed lists and empty types to their own matchers', () => {
    const registry = new SlotTypeRegistry(locale);
    // In name order, whatever the bot's order (see training-order.ts).
    expect(registry.listed.types.map((t) => t.definition.name)).toEqual(['artist', 'genre', 'playlist']);
    const tokens = tokenize('find runing shoes');
    registry.listed.primeMatchers(tokens);
    // The closed list's typo tolerance still applies, from its own scan.
    expect(registry.get('category')?.matcher.findAll(tokens)).toEqual([{ startToken: 1, endToken: 3, canonical: ['running shoes'] }]);
  });
});
