/**
 * The gateway's error codes. Each is stable once shipped (never reused) and is what a client
 * sees in an `error` message; docs/protocol.md lists them.
 */
import { ParleyError, ValidationError } from '../shared/errors.js';

export const GatewayErrorCode = {
  InvalidJson: 'PARLEY_GATEWAY_INVALID_JSON',
  InvalidMessage: 'PARLEY_GATEWAY_INVALID_MESSAGE',
  UnknownType: 'PARLEY_GATEWAY_UNKNOWN_TYPE',
  UnsupportedVersion: 'PARLEY_GATEWAY_UNSUPPORTED_VERSION',
  MessageTooLarge: 'PARLEY_GATEWAY_MESSAGE_TOO_LARGE',
  BinaryUnsupported: 'PARLEY_GATEWAY_BINARY_UNSUPPORTED',
  TextEmpty: 'PARLEY_GATEWAY_TEXT_EMPTY',
  TextTooLong: 'PARLEY_GATEWAY_TEXT_TOO_LONG',
  RateLimited: 'PARLEY_GATEWAY_RATE_LIMITED',
  HelloRequired: 'PARLEY_GATEWAY_HELLO_REQUIRED',
  HelloRepeated: 'PARLEY_GATEWAY_HELLO_REPEATED',
  HelloTimeout: 'PARLEY_GATEWAY_HELLO_TIMEOUT',
  NotImplemented: 'PARLEY_GATEWAY_NOT_IMPLEMENTED',
  ShuttingDown: 'PARLEY_GATEWAY_SHUTTING_DOWN',
  SiteUnknown: 'PARLEY_GATEWAY_SITE_UNKNOWN',
  OriginForbidden: 'PARLEY_GATEWAY_ORIGIN_FORBIDDEN',
  AuthRequired: 'PARLEY_GATEWAY_AUTH_REQUIRED',
  TokenInvalid: 'PARLEY_GATEWAY_TOKEN_INVALID',
  TokenExpired: 'PARLEY_GATEWAY_TOKEN_EXPIRED',
  ResumeInvalid: 'PARLEY_GATEWAY_RESUME_INVALID',
} as const;

export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/** Error code for anything unexpected; the client gets a generic message, the log the stack. */
export const INTERNAL_ERROR_CODE = 'PARLEY_INTERNAL';

/** A client mistake: not retryable as sent. */
export function clientError(code: GatewayErrorCode, message: string, details?: Record<string, unknown>): ParleyError {
  return new ValidationError(code, message, details === undefined ? {} : { details });
}

/** Refused for now (rate, shutdown): the same message may succeed later. */
export function retryableError(code: GatewayErrorCode, message: string, details?: Record<string, unknown>): ParleyError {
  return new ParleyError(code, message, { status: 429, retryable: true, ...(details === undefined ? {} : { details }) });
}

/** Authentication failures answer 401/403-like errors. */
export function authError(code: GatewayErrorCode, message: string, cause?: unknown): ParleyError {
  return new ParleyError(code, message, { status: code === GatewayErrorCode.OriginForbidden ? 403 : 401, cause });
}
