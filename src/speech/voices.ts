import type { SpeechEngine } from './port.js';
import { VOICES, type VoiceInfo } from './voice-data.js';

export type { VoiceInfo } from './voice-data.js';

const BY_ID = new Map(VOICES.map((voice) => [voice.id, voice]));

/** Voices Parley knows, optionally only those offering `engine` or speaking `languageCode`. */
export function listVoices(filter: { engine?: SpeechEngine; languageCode?: string } = {}): VoiceInfo[] {
  return VOICES.filter(
    (voice) =>
      (filter.engine === undefined || voice.supportedEngines.includes(filter.engine)) &&
      (filter.languageCode === undefined || voiceSpeaks(voice, filter.languageCode)),
  );
}

/** The voice with this exact id (ids are case-sensitive, as in Polly), or undefined. */
export function findVoice(voiceId: string): VoiceInfo | undefined {
  return BY_ID.get(voiceId);
}

export function voiceSpeaks(voice: VoiceInfo, languageCode: string): boolean {
  return voice.languageCode === languageCode || (voice.additionalLanguageCodes ?? []).includes(languageCode);
}
