import type { SpeechEngine } from '../port.js';
import {
  DATE_FORMATS, SAY_AS_VALUES, anyTime, languageTag, nonEmpty, oneOf, pitchValue, rateValue, timeUpTo, vocalTractValue, volumeValue, type ValueCheck,
} from './values.js';

/**
 * Polly's SSML rules as data (reference 1.7 and 1.8, the current "Supported SSML tags" page).
 *  - yes: supported; no: InvalidSsmlException;
 *  - no-effect: accepted but does nothing (marks on generative);
 *  - standard-fallback: accepted, but the sentence is silently spoken by the standard voice;
 *  - select-voices: only for the voices flagged in voice-data (newscaster style);
 *  - obsolete: accepted once, now the default behaviour; not in today's table.
 */
export type Support = 'yes' | 'no' | 'no-effect' | 'standard-fallback' | 'select-voices' | 'obsolete';

export type EngineSupport = Readonly<Record<SpeechEngine, Support>>;

/** Effects a voice profile may route (standard engine, local audio effect, or drop). */
export type EffectKind =
  | 'emphasis' | 'pitch' | 'max-duration' | 'whispered' | 'soft-phonation' | 'vocal-tract-length'
  | 'breath' | 'auto-breaths' | 'newscaster' | 'drc' | 'spell-out';

const ALL: EngineSupport = { standard: 'yes', neural: 'yes', 'long-form': 'yes', generative: 'yes' };
const STANDARD_ONLY: EngineSupport = { standard: 'yes', neural: 'no', 'long-form': 'no', generative: 'no' };

export interface ElementRule {
  attributes: Readonly<Record<string, ValueCheck>>;
  required?: readonly string[];
  /** At least one of these must be present. */
  requireOneOf?: readonly string[];
  /** Must have no content (`<break/>`). */
  isEmpty?: boolean;
}

const BREATH_DURATIONS = ['default', 'x-short', 'short', 'medium', 'long', 'x-long'];
const BREATH_VOLUMES = ['default', 'x-soft', 'soft', 'medium', 'loud', 'x-loud'];
const W_ROLES = ['amazon:VB', 'amazon:VBD', 'amazon:DT', 'amazon:IN', 'amazon:JJ', 'amazon:NN', 'amazon:DEFAULT', 'amazon:SENSE_1'];

/** Longest `<break time>` Polly accepts. */
export const MAX_BREAK_MS = 10_000;
/** Text inside `amazon:max-duration` is limited to this many characters. */
export const MAX_DURATION_TEXT_CHARS = 1_500;

export const ELEMENT_RULES: Readonly<Record<string, ElementRule>> = {
  speak: { attributes: { 'xml:lang': languageTag, version: nonEmpty, xmlns: nonEmpty, 'xmlns:amazon': nonEmpty } },
  break: {
    attributes: { strength: oneOf(['none', 'x-weak', 'weak', 'medium', 'strong', 'x-strong']), time: timeUpTo(MAX_BREAK_MS) },
    isEmpty: true,
  },
  emphasis: { attributes: { level: oneOf(['strong', 'moderate', 'reduced']) } },
  lang: { attributes: { 'xml:lang': languageTag }, required: ['xml:lang'] },
  mark: { attributes: { name: nonEmpty }, required: ['name'], isEmpty: true },
  p: { attributes: {} },
  s: { attributes: {} },
  phoneme: { attributes: { alphabet: oneOf(['ipa', 'x-sampa', 'x-amazon-pinyin']), ph: nonEmpty }, required: ['alphabet', 'ph'] },
  prosody: {
    attributes: { volume: volumeValue, rate: rateValue, pitch: pitchValue, 'amazon:max-duration': anyTime },
    requireOneOf: ['volume', 'rate', 'pitch', 'amazon:max-duration'],
  },
  'say-as': { attributes: { 'interpret-as': oneOf(SAY_AS_VALUES), format: oneOf(DATE_FORMATS) }, required: ['interpret-as'] },
  sub: { attributes: { alias: nonEmpty }, required: ['alias'] },
  w: { attributes: { role: oneOf(W_ROLES) }, required: ['role'] },
  'amazon:breath': { attributes: { duration: oneOf(BREATH_DURATIONS), volume: oneOf(BREATH_VOLUMES) }, isEmpty: true },
  'amazon:auto-breaths': {
    attributes: { volume: oneOf(BREATH_VOLUMES), frequency: oneOf(['default', 'x-low', 'low', 'medium', 'high', 'x-high']), duration: oneOf(BREATH_DURATIONS) },
  },
  'amazon:domain': { attributes: { name: oneOf(['news', 'conversational']) }, required: ['name'] },
  'amazon:effect': {
    attributes: { name: oneOf(['drc', 'whispered']), phonation: oneOf(['soft']), 'vocal-tract-length': vocalTractValue },
    requireOneOf: ['name', 'phonation', 'vocal-tract-length'],
  },
};

/** SSML tags Polly does not implement at all (2021 guide). */
export const UNSUPPORTED_TAGS: readonly string[] = ['audio', 'lexicon', 'lookup', 'voice', 'desc', 'meta', 'metadata'];

/** A tag-attribute(-value) combination whose support differs by engine. */
export interface FeatureRule {
  id: string;
  element: string;
  attribute?: string;
  /** When set, the feature applies only to this attribute value. */
  value?: string;
  support: EngineSupport;
  /** Set when compile may route the feature by the voice profile's effect policy. */
  effect?: EffectKind;
}

export const FEATURE_RULES: readonly FeatureRule[] = [
  { id: 'mark', element: 'mark', support: { ...ALL, generative: 'no-effect' } },
  { id: 'emphasis', element: 'emphasis', support: STANDARD_ONLY, effect: 'emphasis' },
  { id: 'prosody-pitch', element: 'prosody', attribute: 'pitch', support: STANDARD_ONLY, effect: 'pitch' },
  { id: 'prosody-max-duration', element: 'prosody', attribute: 'amazon:max-duration', support: STANDARD_ONLY, effect: 'max-duration' },
  { id: 'breath', element: 'amazon:breath', support: STANDARD_ONLY, effect: 'breath' },
  { id: 'auto-breaths', element: 'amazon:auto-breaths', support: STANDARD_ONLY, effect: 'auto-breaths' },
  { id: 'whispered', element: 'amazon:effect', attribute: 'name', value: 'whispered', support: STANDARD_ONLY, effect: 'whispered' },
  { id: 'soft-phonation', element: 'amazon:effect', attribute: 'phonation', support: STANDARD_ONLY, effect: 'soft-phonation' },
  { id: 'vocal-tract-length', element: 'amazon:effect', attribute: 'vocal-tract-length', support: STANDARD_ONLY, effect: 'vocal-tract-length' },
  { id: 'drc', element: 'amazon:effect', attribute: 'name', value: 'drc', support: { ...ALL, generative: 'no' }, effect: 'drc' },
  {
    id: 'newscaster', element: 'amazon:domain', attribute: 'name', value: 'news',
    support: { standard: 'no', neural: 'select-voices', 'long-form': 'no', generative: 'no' }, effect: 'newscaster',
  },
  {
    id: 'conversational', element: 'amazon:domain', attribute: 'name', value: 'conversational',
    support: { standard: 'no', neural: 'obsolete', 'long-form': 'no', generative: 'no' },
  },
  ...['characters', 'spell-out'].map((value): FeatureRule => ({
    id: `say-as-${value}`, element: 'say-as', attribute: 'interpret-as', value,
    support: { ...ALL, neural: 'standard-fallback' }, effect: 'spell-out',
  })),
];

/** The engine-dependent features an element uses. */
export function featuresOf(name: string, attributes: ReadonlyArray<{ name: string; value: string }>): FeatureRule[] {
  return FEATURE_RULES.filter(
    (rule) =>
      rule.element === name &&
      (rule.attribute === undefined || attributes.some((a) => a.name === rule.attribute && (rule.value === undefined || a.value === rule.value))),
  );
}
