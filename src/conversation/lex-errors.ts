/**
 * Maps whatever the Lex V2 runtime client throws to Parley's own errors, so no SDK error crosses
 * the conversation port. Works on names and codes only (modeled exceptions carry `name`, Node
 * network errors `code`), which keeps this file free of SDK imports.
 */
import { NotFoundError, ParleyError, UpstreamError, ValidationError } from '../shared/errors.js';

export const LexErrorCode = {
  Invalid: 'PARLEY_CONVERSATION_LEX_INVALID',
  NotFound: 'PARLEY_CONVERSATION_LEX_NOT_FOUND',
  SessionNotFound: 'PARLEY_CONVERSATION_SESSION_NOT_FOUND',
  Unavailable: 'PARLEY_CONVERSATION_LEX_UNAVAILABLE',
  Throttled: 'PARLEY_CONVERSATION_LEX_THROTTLED',
  Conflict: 'PARLEY_CONVERSATION_LEX_CONFLICT',
  BadResponse: 'PARLEY_CONVERSATION_LEX_BAD_RESPONSE',
} as const;

/** Lex failures that another attempt (or another engine) can get past. */
const UNAVAILABLE_NAMES = new Set([
  // Wrong credentials or policy: a retry will not help, but the fallback engine will.
  'AccessDeniedException',
  // No credentials found (or the metadata service did not answer): same reasoning.
  'CredentialsProviderError',
  'DependencyFailedException',
  'BadGatewayException',
  'InternalServerException',
  'TimeoutError',
  'RequestTimeout',
  'AbortError',
]);

/** Node socket errors meaning the endpoint cannot be reached right now. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_HTTP2_STREAM_ERROR',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export interface LexErrorContext {
  operation: string;
  /** GetSession/DeleteSession: a missing resource is a missing session. */
  isSessionLookup?: boolean;
}

export function toParleyError(error: unknown, context: LexErrorContext): ParleyError {
  if (error instanceof ParleyError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const code = typeof e.code === 'string' ? e.code : undefined;
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  // The message names the Lex exception only: Lex messages may echo customer input.
  const details = { operation: context.operation, lexError: name, ...(status === undefined ? {} : { httpStatus: status }) };
  const options = { cause: error, details };

  switch (name) {
    case 'ValidationException':
      return new ValidationError(LexErrorCode.Invalid, `Lex rejected the ${context.operation} request`, options);
    case 'ResourceNotFoundException':
      return context.isSessionLookup === true
        ? new NotFoundError(LexErrorCode.SessionNotFound, 'the conversation session does not exist', options)
        : new NotFoundError(LexErrorCode.NotFound, 'the Lex bot, alias or locale does not exist', options);
    case 'ThrottlingException':
      // Reached only after the client's own retries ran out.
      return new UpstreamError(LexErrorCode.Throttled, 'Lex is throttling requests', { ...options, status: 429 });
    case 'ConflictException':
      return new ParleyError(LexErrorCode.Conflict, 'the Lex session changed concurrently', { ...options, status: 409, retryable: true });
    default:
      break;
  }
  if (UNAVAILABLE_NAMES.has(name) || (code !== undefined && NETWORK_CODES.has(code)) || (status !== undefined && status >= 500)) {
    return new UpstreamError(LexErrorCode.Unavailable, 'Lex is unavailable', options);
  }
  return new UpstreamError(LexErrorCode.BadResponse, 'Lex answered in an unexpected way', { ...options, status: 502, retryable: false });
}
