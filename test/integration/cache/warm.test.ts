/**
 * Warming: the static phrases of the brand scripts go into the cache under the keys replies
 * will ask for, so a reply with other values hits every phrase but the personal one; a
 * changed lexicon makes its entries unreachable.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CachedSynthesizer, MemoryTier, staticSentences, warmCache } from '../../../src/cache/index.js';
import { compileSsml, loadBrandAssets, loadLexicon, renderVariant, splitPhrases, splitSentences, type BrandAssets, type SynthesizeRequest } from '../../../src/speech/index.js';
import { CountingSynthesizer, localLexicons, localOrigin, readAll, warmLocal } from './cache-kit.js';

let brand: BrandAssets;
beforeAll(async () => {
  brand = await loadBrandAssets(path.resolve('ssml'));
  for (const [name, lexicon] of brand.lexicons) localLexicons.set(name, lexicon);
  await warmLocal();
});

/** A pcm reply cut the way fulfilment cuts one (compile for the profile, sentences, phrases). */
function replySentences(ssml: string, profileName: string): SynthesizeRequest[] {
  const profile = brand.profiles.find((p) => p.name === profileName);
  if (profile === undefined) throw new Error(profileName);
  return compileSsml(ssml, profile).segments.flatMap((segment) => splitSentences(segment.ssml).flatMap((sentence) => splitPhrases(sentence.ssml)).map((piece) => ({
    text: piece.ssml, textType: 'ssml' as const, voiceId: segment.voiceId, engine: segment.engine, outputFormat: 'pcm' as const, sampleRate: '16000',
    ...(segment.lexiconNames.length === 0 ? {} : { lexiconNames: segment.lexiconNames }),
  })));
}

describe('warmCache', () => {
  it('caches the static phrases, so a personalized reply only synthesizes its personal phrase', async () => {
    const origin = new CountingSynthesizer(localOrigin());
    const cache = new CachedSynthesizer({ origin, originId: 'local', lexicons: brand.lexicons, memory: new MemoryTier(64 << 20) });
    const greeting = brand.scripts.filter((s) => s.intent === 'Greeting');
    const profiles = brand.profiles.filter((p) => p.name === 'brian-standard');
    const progress: number[] = [];
    const summary = await warmCache(cache, { profiles, scripts: greeting, formats: ['pcm'], onProgress: ({ done }) => progress.push(done) });
    expect(summary.items).toBeGreaterThan(3);
    expect(summary.synthesized).toBe(summary.items);
    expect(origin.calls).toBe(summary.items);
    expect(summary.bytes).toBeGreaterThan(summary.items * 8000);
    expect(summary.characters).toBeGreaterThan(50);
    expect(summary.pollyCostAvoidedUsd).toBeCloseTo((summary.characters * 4) / 1e6, 9); // standard: $4 per million
    expect(progress.at(-1)).toBe(summary.items);
    // No sentence with the customer's name was warmed.
    const warmed = staticSentences({ profiles, scripts: greeting, formats: ['pcm'] }, (r) => cache.keyOf(r)).items;
    expect(warmed.every((item) => !item.request.text.includes('zqx'))).toBe(true);

    const variant = greeting[0]?.variants.find((v) => v.id === 'greeting-warm-long');
    const reply = replySentences(renderVariant(variant as NonNullable<typeof variant>, { firstName: 'Priya' }), 'brian-standard');
    // "Hi Priya," / "welcome back to Parley." / "I can recommend gear," / ... / "What are you looking for today?"
    expect(reply.length).toBeGreaterThan(4);
    expect(reply[0]?.text).toContain('Priya');
    const before = origin.calls;
    const sources = [];
    for (const sentence of reply) {
      const { source, result } = await cache.synthesizeWithKey(sentence);
      await readAll(result.audio);
      sources.push(source);
    }
    expect(sources).toEqual(['origin', ...reply.slice(1).map(() => 'memory')]);
    expect(origin.calls).toBe(before + 1);

    // a second run finds everything cached
    const again = await warmCache(cache, { profiles, scripts: greeting, formats: ['pcm'] });
    expect(again).toMatchObject({ items: summary.items, synthesized: 0, alreadyCached: summary.items });
  }, 120_000);

  it('makes entries unreachable when a lexicon they use changes', () => {
    const profiles = brand.profiles.filter((p) => p.name === 'brian-standard');
    const scripts = brand.scripts.filter((s) => s.intent === 'Greeting');
    const keysWith = (lexicons: BrandAssets['lexicons']): string[] => {
      const cache = new CachedSynthesizer({ origin: localOrigin(), originId: 'local', lexicons, memory: new MemoryTier(1 << 20) });
      return staticSentences({ profiles, scripts, formats: ['pcm'] }, (r) => cache.keyOf(r)).items.map((item) => cache.keyOf(item.request));
    };
    const original = keysWith(brand.lexicons);
    const changed = new Map(brand.lexicons);
    changed.set('BrandGB', loadLexicon(`<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-GB">
  <lexeme><grapheme>Parley</grapheme><alias>Par lee</alias></lexeme>
</lexicon>`, 'BrandGB'));
    const after = keysWith(changed);
    expect(after).toHaveLength(original.length);
    expect(after.filter((key) => original.includes(key))).toEqual([]);
    // a lexicon the profile does not use changes nothing
    const unrelated = new Map(brand.lexicons);
    unrelated.delete('Products');
    expect(keysWith(unrelated)).toEqual(original);
  });
});
