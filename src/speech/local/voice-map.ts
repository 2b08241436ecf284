import { findVoice } from '../voices.js';
import { VOICES } from '../voice-data.js';

/** eSpeak language voice for each Polly language; accents eSpeak lacks fall back to British English. */
const LANGUAGE_VOICES: Readonly<Record<string, string>> = {
  'en-US': 'en-us',
  'en-GB': 'en',
  'en-GB-WLS': 'en',
  'en-AU': 'en',
  'en-IN': 'en',
  'hi-IN': 'hi',
  'es-US': 'es-419',
};

const FEMALE_VARIANTS = ['f1', 'f2', 'f3', 'f4', 'f5'];
const MALE_VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];

/**
 * The eSpeak voice standing in for a Polly voice: same language and gender, and a variant chosen
 * by the voice's place in the list so that Joanna and Salli do not sound identical.
 */
export function localVoiceFor(voiceId: string, languageCode?: string): string {
  const voice = findVoice(voiceId);
  if (voice === undefined) return 'en-us';
  const language = LANGUAGE_VOICES[languageCode ?? voice.languageCode] ?? 'en';
  const sameGender = VOICES.filter((v) => v.gender === voice.gender);
  const variants = voice.gender === 'Female' ? FEMALE_VARIANTS : MALE_VARIANTS;
  const variant = variants[sameGender.indexOf(voice) % variants.length] ?? variants[0];
  return `${language}+${variant}`;
}
