/** Errors of spoken input, each with a stable code. */
import { ParleyError, UpstreamError, ValidationError } from '../../shared/errors.js';

export const SpeechInputErrorCode = {
  RecognizerUnavailable: 'PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE',
  RecognizerTimeout: 'PARLEY_CONVERSATION_RECOGNIZER_TIMEOUT',
  RecognizerFailed: 'PARLEY_CONVERSATION_RECOGNIZER_FAILED',
  AudioInvalid: 'PARLEY_CONVERSATION_AUDIO_INVALID',
  NoSpeech: 'PARLEY_CONVERSATION_AUDIO_NO_SPEECH',
} as const;

/** Not retryable: an operator has to install or configure the recognizer. */
export function recognizerUnavailable(message: string, cause?: unknown): ParleyError {
  return new ParleyError(SpeechInputErrorCode.RecognizerUnavailable, message, { status: 503, retryable: false, ...(cause === undefined ? {} : { cause }) });
}

export function recognizerTimeout(timeoutMs: number): ParleyError {
  return new UpstreamError(SpeechInputErrorCode.RecognizerTimeout, `Speech recognition took longer than ${timeoutMs} ms`);
}

export function recognizerFailed(message: string, cause?: unknown): ParleyError {
  return new UpstreamError(SpeechInputErrorCode.RecognizerFailed, message, cause === undefined ? {} : { cause });
}

export function audioInvalid(message: string): ParleyError {
  return new ValidationError(SpeechInputErrorCode.AudioInvalid, message);
}

export function noSpeech(): ParleyError {
  return new ValidationError(SpeechInputErrorCode.NoSpeech, 'No words were recognized in the audio; please say it again', { status: 422 });
}
