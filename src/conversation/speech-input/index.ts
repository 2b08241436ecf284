/**
 * Spoken input's public names and `createSpeechInput`, which builds the configured recognizer
 * and the audio path for the configured engine (Lex's RecognizeUtterance, or recognition then
 * the text engine).
 */
import type { BotDefinition } from '../local/bot-model.js';
import type { ConversationEngine } from '../port.js';
import { PocketsphinxRecognizer, type RecognizerModelInfo } from './pocketsphinx-recognizer.js';
import type { AudioConversation, SpeechRecognizer } from './port.js';
import { recognizerUnavailable } from './errors.js';
import { FallbackAudioConversation, RecognizingConversation } from './spoken-conversation.js';

export type * from './port.js';
export { LEX_PCM_CONTENT_TYPE, PCM_BYTES_PER_SECOND, PCM_INPUT_FORMAT } from './port.js';
export { SpeechInputErrorCode } from './errors.js';
export { PocketsphinxRecognizer, type PocketsphinxOptions, type RecognizerModelInfo } from './pocketsphinx-recognizer.js';
export { RecognizingConversation, FallbackAudioConversation, checkPcm } from './spoken-conversation.js';

export interface SpeechInputSettings {
  /** `none` answers every audio turn with PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE. */
  recognizer: 'pocketsphinx' | 'none';
  pocketsphinx: { command: string; modelDir: string };
  /** Where generated model files go (a directory Parley owns). */
  workDir: string;
  timeoutMs: number;
  maxConcurrent: number;
}

export interface SpeechInputDeps {
  bot: BotDefinition;
  localeId: string;
  /** The local engine over the same bot. */
  local: ConversationEngine;
  /** The configured text engine (what recognized words go to). */
  engine: ConversationEngine;
  /** Lex's audio path, when Lex is configured. */
  remote?: AudioConversation;
  /** With `remote`: answer from the local path while Lex is unavailable. */
  fallbackToLocal?: boolean;
}

export interface SpeechInput {
  audio: AudioConversation;
  recognizer: SpeechRecognizer;
  /** The local model built at start (undefined when the recognizer is unavailable). */
  model: RecognizerModelInfo | undefined;
  close(): Promise<void>;
}

/** Never fails for a missing recognizer: audio turns then answer RECOGNIZER_UNAVAILABLE. */
export async function createSpeechInput(settings: SpeechInputSettings, deps: SpeechInputDeps): Promise<SpeechInput> {
  const locale = deps.bot.locales.find((l) => l.localeId === deps.localeId);
  const recognizer: SpeechRecognizer & { close?: () => Promise<void>; info?: RecognizerModelInfo } =
    settings.recognizer === 'none' || locale === undefined
      ? unavailableRecognizer(settings.recognizer === 'none' ? 'Speech recognition is turned off (PARLEY_RECOGNIZER=none)' : `The bot has no locale ${deps.localeId}`)
      : await PocketsphinxRecognizer.create(locale, { ...settings.pocketsphinx, workDir: settings.workDir, timeoutMs: settings.timeoutMs, maxConcurrent: settings.maxConcurrent });
  const recognizing = new RecognizingConversation(recognizer, deps.engine, deps.localeId);
  let audio: AudioConversation = recognizing;
  if (deps.remote !== undefined) {
    audio = deps.fallbackToLocal === true ? new FallbackAudioConversation(deps.remote, new RecognizingConversation(recognizer, deps.local, deps.localeId)) : deps.remote;
  }
  return { audio, recognizer, model: recognizer.info, close: () => recognizer.close?.() ?? Promise.resolve() };
}

function unavailableRecognizer(reason: string): SpeechRecognizer {
  return {
    name: 'none',
    recognize: () => Promise.reject(recognizerUnavailable(reason)),
  };
}
