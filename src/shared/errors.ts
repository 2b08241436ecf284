/**
 * Parley's own error type. Every error that crosses a port or reaches a client is one of these:
 * a stable `code` (PARLEY_<AREA>_<WHAT>, never reused), an HTTP-ish `status`, and whether a retry
 * could succeed. Messages carry no customer payloads.
 */
export interface ParleyErrorOptions {
  status?: number;
  retryable?: boolean;
  cause?: unknown;
  /** Machine-readable extras for the client or the log (never personal data). */
  details?: Record<string, unknown>;
}

export class ParleyError extends Error {
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: ParleyErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParleyError';
    this.code = code;
    this.status = options.status ?? 500;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** Bad input from a caller: never retryable, status 400 unless told otherwise. */
export class ValidationError extends ParleyError {
  constructor(code: string, message: string, options: ParleyErrorOptions = {}) {
    super(code, message, { status: 400, ...options, retryable: false });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends ParleyError {
  constructor(code: string, message: string, options: ParleyErrorOptions = {}) {
    super(code, message, { status: 404, ...options, retryable: false });
    this.name = 'NotFoundError';
  }
}

/** A dependency (database, AWS service, child process) failed; usually retryable. */
export class UpstreamError extends ParleyError {
  constructor(code: string, message: string, options: ParleyErrorOptions = {}) {
    super(code, message, { status: 503, retryable: true, ...options });
    this.name = 'UpstreamError';
  }
}

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof ParleyError;
}
