import { ParleyError, UpstreamError, ValidationError } from '../shared/errors.js';
import { SPEECH_ERROR_CODES, speechError } from '../speech/index.js';

/** Parley error codes of the audio cache. Never reuse a retired code. */
export const CACHE_ERROR_CODES = {
  invalidKey: 'PARLEY_CACHE_INVALID_KEY',
  notFound: 'PARLEY_CACHE_NOT_FOUND',
  invalidRange: 'PARLEY_CACHE_INVALID_RANGE',
  storeFailure: 'PARLEY_CACHE_STORE_FAILURE',
  invalidRequest: 'PARLEY_CACHE_INVALID_REQUEST',
  invalidPolicy: 'PARLEY_CACHE_INVALID_POLICY',
  authRequired: 'PARLEY_CACHE_AUTH_REQUIRED',
  rateLimited: 'PARLEY_CACHE_RATE_LIMITED',
} as const;

export function invalidKey(message: string): ValidationError {
  return new ValidationError(CACHE_ERROR_CODES.invalidKey, message);
}

export function storeFailure(operation: string, cause: unknown): UpstreamError {
  return new UpstreamError(CACHE_ERROR_CODES.storeFailure, `audio store ${operation} failed`, { cause });
}

/**
 * The origin guard's queue for this engine is full. It is Polly's own throttling code (429,
 * retryable), so a turn handles both the same way: answer as text with an audio-unavailable notice.
 */
export function originThrottled(engine: string, queued: number): ParleyError {
  return speechError(SPEECH_ERROR_CODES.throttled, `speech origin is at its ${engine} quota and its queue is full`, { reason: 'origin-queue-full', engine, queued });
}

/** True when a synthesis failed for a reason a turn should survive by answering as text. */
export function isAudioUnavailable(error: unknown): boolean {
  return error instanceof ParleyError && (error.code === SPEECH_ERROR_CODES.throttled || error.code === SPEECH_ERROR_CODES.serviceFailure || error.code === CACHE_ERROR_CODES.storeFailure);
}
