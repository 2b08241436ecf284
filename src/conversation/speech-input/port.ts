/**
 * Spoken input: the speech-recognition port and the audio turn the turn runner asks for. Audio is
 * always raw PCM, signed 16-bit little-endian, 16 kHz, mono (what kiosks send and what Lex calls
 * `audio/l16; rate=16000; channels=1`).
 */
import type { RecognizeTextRequest, RecognizeTextResponse } from '../port.js';

/** The one audio format Parley takes in. */
export const PCM_INPUT_FORMAT = Object.freeze({ encoding: 'pcm_s16le', sampleRateHz: 16_000, channels: 1 } as const);

/** Bytes per second of PCM_INPUT_FORMAT (2 bytes per sample). */
export const PCM_BYTES_PER_SECOND = PCM_INPUT_FORMAT.sampleRateHz * 2 * PCM_INPUT_FORMAT.channels;

/** Lex's content type for PCM_INPUT_FORMAT. */
export const LEX_PCM_CONTENT_TYPE = 'audio/l16; rate=16000; channels=1';

export interface Recognition {
  /** Lower-case words as heard; empty when nothing was recognized. */
  transcript: string;
  /** 0-1: mean posterior probability of the words (0 when nothing was heard). */
  confidence: number;
}

/**
 * Turns speech into words.
 *
 * Errors: PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE (not installed or not started),
 * PARLEY_CONVERSATION_RECOGNIZER_TIMEOUT and _RECOGNIZER_FAILED (retryable UpstreamErrors),
 * PARLEY_CONVERSATION_AUDIO_INVALID for audio that is not whole 16-bit samples.
 */
export interface SpeechRecognizer {
  readonly name: string;
  /** `pcm`: PCM_INPUT_FORMAT. `localeId`: e.g. en_US. Aborting `signal` ends the recognizer. */
  recognize(pcm: Uint8Array, localeId: string, signal?: AbortSignal): Promise<Recognition>;
}

export interface RecognizeAudioRequest extends Omit<RecognizeTextRequest, 'text'> {
  /** PCM_INPUT_FORMAT. */
  pcm: Uint8Array;
}

export interface RecognizeAudioResponse extends RecognizeTextResponse {
  /** What the recognizer heard (the text the engine understood). */
  transcript: string;
}

/**
 * Understands one spoken utterance: recognition then the text engine, or Lex's RecognizeUtterance.
 * Errors: those of SpeechRecognizer and ConversationEngine, and PARLEY_CONVERSATION_AUDIO_NO_SPEECH
 * when nothing was recognized.
 */
export interface AudioConversation {
  readonly name: string;
  recognizeAudio(request: RecognizeAudioRequest): Promise<RecognizeAudioResponse>;
}
