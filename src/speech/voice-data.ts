import type { SpeechEngine } from './port.js';

/** One Polly voice as DescribeVoices reports it (the subset Parley ships with). */
export interface VoiceInfo {
  id: string;
  languageCode: string;
  /** Other languages a bilingual voice speaks (DescribeVoices AdditionalLanguageCodes). */
  additionalLanguageCodes?: string[];
  gender: 'Female' | 'Male';
  supportedEngines: SpeechEngine[];
  /** Voices that accept `<amazon:domain name="news">` on the neural engine. */
  hasNewscaster?: boolean;
  isChild?: boolean;
}

/**
 * From the reference sheet (Polly docs, 2021-2026). DescribeVoices is the source of truth: where
 * the docs conflict (Matthew's standard variant) we follow the voice list and AWS's feature page.
 */
export const VOICES: readonly VoiceInfo[] = [
  { id: 'Danielle', languageCode: 'en-US', gender: 'Female', supportedEngines: ['neural', 'long-form', 'generative'] },
  { id: 'Gregory', languageCode: 'en-US', gender: 'Male', supportedEngines: ['neural', 'long-form'] },
  { id: 'Ivy', languageCode: 'en-US', gender: 'Female', supportedEngines: ['standard', 'neural'], isChild: true },
  { id: 'Joanna', languageCode: 'en-US', gender: 'Female', supportedEngines: ['standard', 'neural', 'generative'], hasNewscaster: true },
  { id: 'Joey', languageCode: 'en-US', gender: 'Male', supportedEngines: ['standard', 'neural'] },
  { id: 'Justin', languageCode: 'en-US', gender: 'Male', supportedEngines: ['standard', 'neural'], isChild: true },
  { id: 'Kendra', languageCode: 'en-US', gender: 'Female', supportedEngines: ['standard', 'neural'] },
  { id: 'Kevin', languageCode: 'en-US', gender: 'Male', supportedEngines: ['neural'], isChild: true },
  { id: 'Kimberly', languageCode: 'en-US', gender: 'Female', supportedEngines: ['standard', 'neural'] },
  { id: 'Matthew', languageCode: 'en-US', gender: 'Male', supportedEngines: ['standard', 'neural', 'generative'], hasNewscaster: true },
  { id: 'Patrick', languageCode: 'en-US', gender: 'Male', supportedEngines: ['long-form'] },
  { id: 'Ruth', languageCode: 'en-US', gender: 'Female', supportedEngines: ['neural', 'long-form', 'generative'] },
  { id: 'Salli', languageCode: 'en-US', gender: 'Female', supportedEngines: ['standard', 'neural', 'generative'] },
  { id: 'Stephen', languageCode: 'en-US', gender: 'Male', supportedEngines: ['neural', 'generative'] },
  { id: 'Amy', languageCode: 'en-GB', gender: 'Female', supportedEngines: ['standard', 'neural', 'generative'], hasNewscaster: true },
  { id: 'Arthur', languageCode: 'en-GB', gender: 'Male', supportedEngines: ['neural'] },
  { id: 'Brian', languageCode: 'en-GB', gender: 'Male', supportedEngines: ['standard', 'neural', 'generative'] },
  { id: 'Emma', languageCode: 'en-GB', gender: 'Female', supportedEngines: ['standard', 'neural'] },
  { id: 'Geraint', languageCode: 'en-GB-WLS', gender: 'Male', supportedEngines: ['standard'] },
  { id: 'Nicole', languageCode: 'en-AU', gender: 'Female', supportedEngines: ['standard'] },
  { id: 'Olivia', languageCode: 'en-AU', gender: 'Female', supportedEngines: ['neural', 'generative'] },
  { id: 'Russell', languageCode: 'en-AU', gender: 'Male', supportedEngines: ['standard'] },
  { id: 'Aditi', languageCode: 'en-IN', additionalLanguageCodes: ['hi-IN'], gender: 'Female', supportedEngines: ['standard'] },
  { id: 'Raveena', languageCode: 'en-IN', gender: 'Female', supportedEngines: ['standard'] },
  { id: 'Lupe', languageCode: 'es-US', gender: 'Female', supportedEngines: ['standard', 'neural', 'generative'], hasNewscaster: true },
];
