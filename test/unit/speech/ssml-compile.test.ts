import { describe, expect, it } from 'vitest';
import { compileSsml, isParleyErrorLike, validateSsml, type VoiceProfile } from './speech-test-kit.js';

const profile = (overrides: Partial<VoiceProfile>): VoiceProfile => ({
  name: 'test', voiceId: 'Joanna', engine: 'neural', languageCode: 'en-US', lexiconNames: ['Brand'], effectPolicy: { default: 'drop' }, ...overrides,
});

const SCRIPT = '<speak><p>Welcome. <amazon:effect name="whispered">A secret deal.</amazon:effect> <prosody rate="90%" pitch="+10%">Great shoes!</prosody> Bye.</p></speak>';

describe('compileSsml', () => {
  it('standard-fallback sends the unsupported spans to the standard engine of the same voice', () => {
    const result = compileSsml(SCRIPT, profile({ effectPolicy: { default: 'standard-fallback' } }));
    expect(result.segments.map((s) => s.engine)).toEqual(['neural', 'standard', 'standard', 'neural']);
    expect(result.segments[1]?.ssml).toContain('<amazon:effect name="whispered">A secret deal.</amazon:effect>');
    expect(result.segments[2]?.ssml).toContain('pitch="+10%"');
    expect(result.segments.every((s) => s.voiceId === 'Joanna' && s.localEffects.length === 0)).toBe(true);
    expect(result.warnings.join('\n')).toMatch(/whispered spoken by the standard Joanna voice/);
  });

  it('local-effect strips the effect and hands it to the local audio chain', () => {
    const result = compileSsml(SCRIPT, profile({ effectPolicy: { default: 'local-effect' } }));
    expect(result.segments.every((s) => s.engine === 'neural')).toBe(true);
    const whisper = result.segments.find((s) => s.localEffects.some((e) => e.kind === 'whispered'));
    expect(whisper?.ssml).toBe('<speak><p>A secret deal.</p></speak>');
    const pitch = result.segments.find((s) => s.localEffects.some((e) => e.kind === 'pitch'));
    expect(pitch?.localEffects).toEqual([{ kind: 'pitch', value: '+10%' }]);
    expect(pitch?.ssml).toBe('<speak><p><prosody rate="90%">Great shoes!</prosody></p></speak>');
  });

  it('drop keeps one neural request and warns for each dropped effect', () => {
    const result = compileSsml(SCRIPT, profile({ effectPolicy: { default: 'drop' } }));
    expect(result.segments).toHaveLength(1);
    expect(result.segments[0]?.ssml).toBe('<speak><p>Welcome. A secret deal. <prosody rate="90%">Great shoes!</prosody> Bye.</p></speak>');
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings.every((w) => w.includes('dropped'))).toBe(true);
  });

  it('per-effect policy overrides the default', () => {
    const result = compileSsml(SCRIPT, profile({ effectPolicy: { default: 'drop', whispered: 'local-effect' } }));
    expect(result.segments.flatMap((s) => s.localEffects)).toEqual([{ kind: 'whispered' }]);
    expect(result.warnings.join()).toContain('prosody-pitch dropped');
  });

  it('falls back to a local effect when the voice has no standard variant', () => {
    const result = compileSsml(SCRIPT, profile({ voiceId: 'Ruth', engine: 'generative', effectPolicy: { default: 'standard-fallback' } }));
    expect(result.segments.every((s) => s.engine === 'generative')).toBe(true);
    expect(result.segments.flatMap((s) => s.localEffects.map((e) => e.kind))).toEqual(['whispered', 'pitch']);
  });

  it('drops effects no route can render (breaths) and newscaster style for voices without it', () => {
    const source = '<speak><amazon:domain name="news">Headline.</amazon:domain> Hi.<amazon:breath/></speak>';
    const result = compileSsml(source, profile({ voiceId: 'Emma', languageCode: 'en-GB', effectPolicy: { default: 'local-effect' } }));
    expect(result.segments.map((s) => s.ssml)).toEqual(['<speak>Headline. Hi.</speak>']);
    expect(result.warnings).toHaveLength(2);
  });

  it('keeps newscaster style for a voice that has it', () => {
    const source = '<speak><amazon:domain name="news">Headline.</amazon:domain></speak>';
    expect(compileSsml(source, profile({ voiceId: 'Matthew' })).segments[0]?.ssml).toBe(source);
  });

  it('routes a silently falling-back say-as explicitly only under standard-fallback', () => {
    const source = '<speak>Hi there. Order <say-as interpret-as="characters">AB12</say-as> <emphasis>shipped</emphasis>. Bye.</speak>';
    const routed = compileSsml(source, profile({ effectPolicy: { default: 'standard-fallback' } }));
    // Polly would fall back the whole sentence anyway, so the whole sentence goes to standard.
    expect(routed.segments.map((s) => [s.engine, s.ssml])).toEqual([
      ['neural', '<speak>Hi there. </speak>'],
      ['standard', '<speak>Order <say-as interpret-as="characters">AB12</say-as> <emphasis>shipped</emphasis>. </speak>'],
      ['neural', '<speak>Bye.</speak>'],
    ]);
    const kept = compileSsml(source, profile({ effectPolicy: { default: 'drop' } }));
    expect(kept.segments).toHaveLength(1);
    expect(kept.warnings.join()).toMatch(/silently fall back/);
  });

  it('wraps every request in the profile default prosody', () => {
    const result = compileSsml('<speak>Hello there.</speak>', profile({ prosody: { rate: '95%', volume: '+2dB' } }));
    expect(result.segments[0]?.ssml).toBe('<speak><prosody rate="95%" volume="+2dB">Hello there.</prosody></speak>');
  });

  it('every compiled segment validates on its engine', () => {
    for (const policy of ['standard-fallback', 'local-effect', 'drop'] as const) {
      for (const segment of compileSsml(SCRIPT, profile({ effectPolicy: { default: policy } })).segments) {
        expect(validateSsml(segment.ssml, { engine: segment.engine, voiceId: segment.voiceId }).ok).toBe(true);
      }
    }
  });

  it('refuses malformed or invalid scripts with PARLEY_SPEECH_INVALID_SSML and diagnostics', () => {
    for (const bad of ['<speak>unclosed', '<speak><break time="20s"/></speak>', '<speak><audio src="x.mp3"/></speak>']) {
      let caught: unknown;
      try {
        compileSsml(bad, profile({}));
      } catch (error) {
        caught = error;
      }
      expect(isParleyErrorLike(caught, 'PARLEY_SPEECH_INVALID_SSML')).toBe(true);
    }
  });
});
