/**
 * Turns anything thrown while handling a message into the `error` message the client gets.
 * ParleyErrors keep their code, message and retryability; anything else is reported to the
 * client as PARLEY_INTERNAL with a generic message (never a stack or an internal message).
 */
import { isParleyError } from '../../shared/errors.js';
import { INTERNAL_ERROR_CODE } from '../errors.js';
import type { ErrorMessage } from './messages.js';

export interface ErrorReply {
  message: ErrorMessage;
  /** True when the error was unexpected and belongs in the log with its stack. */
  internal: boolean;
}

export function toErrorReply(error: unknown, id: string | undefined): ErrorReply {
  const idField = id === undefined ? {} : { id };
  if (!isParleyError(error)) {
    return {
      message: { type: 'error', ...idField, code: INTERNAL_ERROR_CODE, message: 'Something went wrong on our side', retryable: false },
      internal: true,
    };
  }
  const retryAfterMs = error.details?.retryAfterMs;
  const path = error.details?.path;
  return {
    message: {
      type: 'error',
      ...idField,
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(typeof retryAfterMs === 'number' ? { retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)) } : {}),
      ...(typeof path === 'string' ? { path } : {}),
    },
    internal: false,
  };
}
