import { describe, expect, it } from 'vitest';
import {
  compileSsml, exampleVariables, lintSsml, loadBrandAssets, parseBrandScript, parseVoiceProfile, renderVariant, textOfRoot, thrown, validateSsml, type BrandAssets,
} from './speech-test-kit.js';

/** The spoken text without whitespace: segments may cut between `</s><s>`, where no space is. */
const lettersOf = (ssml: string): string => textOfRoot(ssml).replace(/\s+/g, '');
const INTENTS = ['BookFitting', 'FallbackIntent', 'Goodbye', 'Greeting', 'Help', 'ItemDetails', 'OrderStatus', 'RecommendItems', 'StoreHours'];
const assets: BrandAssets = await loadBrandAssets('ssml');

describe('brand voice assets (ssml/)', () => {
  it('has a script with several variants for every demo bot intent', () => {
    expect(assets.scripts.map((s) => s.intent).sort()).toEqual(INTENTS);
    for (const script of assets.scripts) expect(script.variants.length, script.intent).toBeGreaterThanOrEqual(3);
    const recommend = assets.scripts.find((s) => s.intent === 'RecommendItems');
    expect(Array.isArray(recommend?.variables.items?.example)).toBe(true);
  });

  it('profiles name known voices, engines they offer, and shipped lexicons', () => {
    expect(assets.profiles.length).toBeGreaterThanOrEqual(4);
    expect(new Set(assets.profiles.map((p) => p.engine))).toEqual(new Set(['neural', 'standard', 'long-form', 'generative']));
    for (const profile of assets.profiles) {
      for (const name of profile.lexiconNames) {
        const lexicon = assets.lexicons.get(name);
        expect(lexicon, `${profile.name}: ${name}`).toBeDefined();
        expect(lexicon?.languageCode, `${profile.name}: ${name}`).toBe(profile.languageCode);
      }
    }
  });

  it('the lexicons cover the brand names the catalogue uses', () => {
    const graphemes = new Set([...assets.lexicons.values()].flatMap((l) => l.lexemes.flatMap((x) => x.graphemes)));
    for (const brand of ['Northpeak', 'Aerolite', 'Trailhawk', 'Velora', 'Summitline', 'Corebound', 'Zephyr']) expect(graphemes.has(brand), brand).toBe(true);
  });

  // Every shipped variant, rendered with its example values, compiles for every profile into
  // segments that validate clean (no errors) and lint without warnings on their own engine.
  for (const script of assets.scripts) {
    for (const variant of script.variants) {
      it(`${script.intent}/${variant.id} compiles clean for every voice profile`, () => {
        const ssml = renderVariant(variant, exampleVariables(script));
        for (const profile of assets.profiles) {
          const { segments } = compileSsml(ssml, profile);
          expect(segments.length, profile.name).toBeGreaterThan(0);
          expect(segments.map((s) => lettersOf(s.ssml)).join(''), profile.name).toBe(lettersOf(ssml));
          for (const segment of segments) {
            const result = validateSsml(segment.ssml, { engine: segment.engine, voiceId: segment.voiceId });
            expect(result.diagnostics.filter((d) => d.severity !== 'info'), `${profile.name}: ${segment.ssml}`).toEqual([]);
            const lint = lintSsml(segment.ssml, { engine: segment.engine, voiceId: segment.voiceId }).filter((d) => d.severity === 'warning');
            const silentFallbackAllowed = profile.effectPolicy.default !== 'standard-fallback';
            expect(lint.filter((d) => !(silentFallbackAllowed && d.code === 'standard-fallback')), `${profile.name}: ${segment.ssml}`).toEqual([]);
          }
        }
      });
    }
  }

  it('rejects bad profiles and scripts with every problem listed', () => {
    const profile = thrown(() => parseVoiceProfile({ name: 'x', voiceId: 'Kevin', engine: 'standard', languageCode: 'en-GB', effectPolicy: { default: 'loud' } }));
    expect(profile).toMatchObject({ code: 'PARLEY_SPEECH_INVALID_PROFILE' });
    expect((profile as { details: { problems: string[] } }).details.problems).toHaveLength(3);
    const script = thrown(() => parseBrandScript({ intent: 'X', variables: {}, variants: [{ id: 'a', wording: 'w', length: 'medium', style: 's', template: '<speak>{{who}}</speak>' }] }));
    expect(script).toMatchObject({ code: 'PARLEY_SPEECH_INVALID_SCRIPT' });
    expect((script as { details: { problems: string[] } }).details.problems.join()).toMatch(/length.*undeclared variable who/);
  });
});
