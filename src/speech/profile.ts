import { SPEECH_ERROR_CODES, speechError } from './errors.js';
import { SPEECH_ENGINES, type SpeechEngine } from './port.js';
import { LEXICON_NAME_PATTERN, MAX_LEXICONS_PER_REQUEST } from './request-validation.js';
import { FEATURE_RULES, type EffectKind } from './ssml/rules.js';
import { rateValue, volumeValue } from './ssml/values.js';
import { findVoice, voiceSpeaks } from './voices.js';

/**
 * What to do with an effect the profile's engine lacks: speak that span with the standard engine
 * of the same voice, render it locally on the audio, or drop it (with a warning).
 */
export type EffectPolicy = 'standard-fallback' | 'local-effect' | 'drop';

export const EFFECT_POLICIES: readonly EffectPolicy[] = ['standard-fallback', 'local-effect', 'drop'];

/** A brand voice (ssml/voices/*.json). */
export interface VoiceProfile {
  name: string;
  voiceId: string;
  engine: SpeechEngine;
  languageCode: string;
  lexiconNames: string[];
  /** Wrapped around every request (rate N% 20-200 or keyword; volume keyword or +NdB). */
  prosody?: { rate?: string; volume?: string };
  effectPolicy: { default: EffectPolicy } & Partial<Record<EffectKind, EffectPolicy>>;
}

/** Checks a parsed profile file; throws PARLEY_SPEECH_INVALID_PROFILE listing every problem. */
export function parseVoiceProfile(value: unknown): VoiceProfile {
  const problems: string[] = [];
  const record = isRecord(value) ? value : {};
  if (!isRecord(value)) problems.push('profile must be a JSON object');
  const text = (key: string): string => {
    const v = record[key];
    if (typeof v !== 'string' || v === '') problems.push(`${key} must be a non-empty string`);
    return typeof v === 'string' ? v : '';
  };
  const name = text('name');
  const voiceId = text('voiceId');
  const engine = text('engine') as SpeechEngine;
  const languageCode = text('languageCode');
  if (!SPEECH_ENGINES.includes(engine)) problems.push(`engine must be one of ${SPEECH_ENGINES.join(', ')}`);
  const voice = findVoice(voiceId);
  if (voice === undefined) problems.push(`unknown voice "${voiceId}"`);
  else {
    if (!voice.supportedEngines.includes(engine)) problems.push(`voice ${voiceId} does not support the ${engine} engine`);
    if (!voiceSpeaks(voice, languageCode)) problems.push(`voice ${voiceId} does not speak ${languageCode}`);
  }
  const lexiconNames = Array.isArray(record.lexiconNames) ? record.lexiconNames.filter((n): n is string => typeof n === 'string') : [];
  if (lexiconNames.length > MAX_LEXICONS_PER_REQUEST) problems.push(`at most ${MAX_LEXICONS_PER_REQUEST} lexicons`);
  for (const lexicon of lexiconNames) if (!LEXICON_NAME_PATTERN.test(lexicon)) problems.push(`lexicon name "${lexicon}" must match [0-9A-Za-z]{1,20}`);
  const prosody = isRecord(record.prosody) ? checkProsody(record.prosody, problems) : undefined;
  const effectPolicy = checkPolicy(record.effectPolicy, problems);
  if (problems.length > 0) throw speechError(SPEECH_ERROR_CODES.invalidProfile, `invalid voice profile: ${problems.join('; ')}`, { problems });
  return { name, voiceId, engine, languageCode, lexiconNames, ...(prosody === undefined ? {} : { prosody }), effectPolicy };
}

function checkProsody(value: Record<string, unknown>, problems: string[]): VoiceProfile['prosody'] {
  const prosody: NonNullable<VoiceProfile['prosody']> = {};
  if (typeof value.rate === 'string') {
    const problem = rateValue(value.rate);
    if (problem === undefined) prosody.rate = value.rate;
    else problems.push(`prosody.rate ${problem}`);
  }
  if (typeof value.volume === 'string') {
    const problem = volumeValue(value.volume);
    if (problem === undefined) prosody.volume = value.volume;
    else problems.push(`prosody.volume ${problem}`);
  }
  return prosody;
}

function checkPolicy(value: unknown, problems: string[]): VoiceProfile['effectPolicy'] {
  const fallback: VoiceProfile['effectPolicy'] = { default: 'drop' };
  if (!isRecord(value)) {
    problems.push('effectPolicy must be an object with a default policy');
    return fallback;
  }
  const kinds = new Set<string>(['default', ...FEATURE_RULES.flatMap((rule) => (rule.effect === undefined ? [] : [rule.effect]))]);
  for (const [key, policy] of Object.entries(value)) {
    if (!kinds.has(key)) problems.push(`effectPolicy.${key} is not an effect (${[...kinds].join(', ')})`);
    if (!EFFECT_POLICIES.includes(policy as EffectPolicy)) problems.push(`effectPolicy.${key} must be one of ${EFFECT_POLICIES.join(', ')}`);
  }
  if (value.default === undefined) problems.push('effectPolicy.default is required');
  return value as VoiceProfile['effectPolicy'];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
