import { NotFoundError, ParleyError, UpstreamError, ValidationError } from '../shared/errors.js';

/** Parley error codes of the speech area. Never reuse a retired code. */
export const SPEECH_ERROR_CODES = {
  invalidSsml: 'PARLEY_SPEECH_INVALID_SSML',
  textTooLong: 'PARLEY_SPEECH_TEXT_TOO_LONG',
  unknownVoice: 'PARLEY_SPEECH_UNKNOWN_VOICE',
  engineNotSupported: 'PARLEY_SPEECH_ENGINE_NOT_SUPPORTED',
  invalidSampleRate: 'PARLEY_SPEECH_INVALID_SAMPLE_RATE',
  invalidFormat: 'PARLEY_SPEECH_INVALID_FORMAT',
  marksNotSupportedForFormat: 'PARLEY_SPEECH_MARKS_NOT_SUPPORTED_FOR_FORMAT',
  ssmlMarksNeedSsml: 'PARLEY_SPEECH_SSML_MARKS_NEED_SSML',
  marksNotSupportedForEngine: 'PARLEY_SPEECH_MARKS_NOT_SUPPORTED_FOR_ENGINE',
  languageNotSupported: 'PARLEY_SPEECH_LANGUAGE_NOT_SUPPORTED',
  invalidRequest: 'PARLEY_SPEECH_INVALID_REQUEST',
  lexiconNotFound: 'PARLEY_SPEECH_LEXICON_NOT_FOUND',
  invalidLexicon: 'PARLEY_SPEECH_INVALID_LEXICON',
  lexiconTooLarge: 'PARLEY_SPEECH_LEXICON_TOO_LARGE',
  lexemeTooLong: 'PARLEY_SPEECH_LEXEME_TOO_LONG',
  unsupportedAlphabet: 'PARLEY_SPEECH_UNSUPPORTED_ALPHABET',
  unsupportedLexiconLanguage: 'PARLEY_SPEECH_UNSUPPORTED_LEXICON_LANGUAGE',
  tooManyLexicons: 'PARLEY_SPEECH_TOO_MANY_LEXICONS',
  templateVariable: 'PARLEY_SPEECH_TEMPLATE_VARIABLE',
  templateSyntax: 'PARLEY_SPEECH_TEMPLATE_SYNTAX',
  invalidProfile: 'PARLEY_SPEECH_INVALID_PROFILE',
  invalidScript: 'PARLEY_SPEECH_INVALID_SCRIPT',
  throttled: 'PARLEY_SPEECH_THROTTLED',
  serviceFailure: 'PARLEY_SPEECH_SERVICE_FAILURE',
  timeout: 'PARLEY_SPEECH_TIMEOUT',
  aborted: 'PARLEY_SPEECH_ABORTED',
} as const;

export type SpeechErrorCode = (typeof SPEECH_ERROR_CODES)[keyof typeof SPEECH_ERROR_CODES];

type ErrorKind = 'validation' | 'not-found' | 'upstream';

/** Polly's modeled exception names -> Parley codes; the adapter maps SDK errors with this table. */
export const POLLY_ERROR_MAP: Readonly<Record<string, { code: SpeechErrorCode; kind: ErrorKind }>> = {
  TextLengthExceededException: { code: SPEECH_ERROR_CODES.textTooLong, kind: 'validation' },
  InvalidSsmlException: { code: SPEECH_ERROR_CODES.invalidSsml, kind: 'validation' },
  SsmlMarksNotSupportedForTextTypeException: { code: SPEECH_ERROR_CODES.ssmlMarksNeedSsml, kind: 'validation' },
  MarksNotSupportedForFormatException: { code: SPEECH_ERROR_CODES.marksNotSupportedForFormat, kind: 'validation' },
  EngineNotSupportedException: { code: SPEECH_ERROR_CODES.engineNotSupported, kind: 'validation' },
  InvalidSampleRateException: { code: SPEECH_ERROR_CODES.invalidSampleRate, kind: 'validation' },
  LanguageNotSupportedException: { code: SPEECH_ERROR_CODES.languageNotSupported, kind: 'validation' },
  LexiconNotFoundException: { code: SPEECH_ERROR_CODES.lexiconNotFound, kind: 'not-found' },
  InvalidLexiconException: { code: SPEECH_ERROR_CODES.invalidLexicon, kind: 'validation' },
  LexiconSizeExceededException: { code: SPEECH_ERROR_CODES.lexiconTooLarge, kind: 'validation' },
  MaxLexemeLengthExceededException: { code: SPEECH_ERROR_CODES.lexemeTooLong, kind: 'validation' },
  UnsupportedPlsAlphabetException: { code: SPEECH_ERROR_CODES.unsupportedAlphabet, kind: 'validation' },
  UnsupportedPlsLanguageException: { code: SPEECH_ERROR_CODES.unsupportedLexiconLanguage, kind: 'validation' },
  ValidationException: { code: SPEECH_ERROR_CODES.invalidRequest, kind: 'validation' },
  ThrottlingException: { code: SPEECH_ERROR_CODES.throttled, kind: 'upstream' },
  ServiceQuotaExceededException: { code: SPEECH_ERROR_CODES.throttled, kind: 'upstream' },
  ServiceFailureException: { code: SPEECH_ERROR_CODES.serviceFailure, kind: 'upstream' },
};

/** Builds the Parley error for a speech failure; messages never carry the customer's text. */
export function speechError(code: SpeechErrorCode, message: string, details?: Record<string, unknown>): ParleyError {
  if (code === SPEECH_ERROR_CODES.aborted) return new ParleyError(code, message, { status: 499, details });
  const kind = Object.values(POLLY_ERROR_MAP).find((entry) => entry.code === code)?.kind ?? 'validation';
  return makeError(kind, code, message, details);
}

/** The engine gave no answer in time (every attempt timed out): retryable, 504. */
export function speechTimeoutError(timeoutMs: number, attempts: number, cause?: unknown): ParleyError {
  return new UpstreamError(SPEECH_ERROR_CODES.timeout, `Polly did not answer within ${timeoutMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'})`, { status: 504, cause, details: { timeoutMs, attempts } });
}

/** Maps a Polly exception name (SDK `error.name`) to a Parley error; unknown names are upstream failures. */
export function speechErrorFromPolly(name: string, cause?: unknown): ParleyError {
  const entry = POLLY_ERROR_MAP[name];
  if (entry === undefined) {
    return new UpstreamError(SPEECH_ERROR_CODES.serviceFailure, `speech engine failed (${name})`, { cause });
  }
  const error = makeError(entry.kind, entry.code, `speech engine rejected the request (${name})`, undefined);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause });
  return error;
}

function makeError(kind: ErrorKind, code: SpeechErrorCode, message: string, details: Record<string, unknown> | undefined): ParleyError {
  if (kind === 'not-found') return new NotFoundError(code, message, { details });
  if (kind === 'upstream') return new UpstreamError(code, message, { details, status: code === SPEECH_ERROR_CODES.throttled ? 429 : 503 });
  return new ValidationError(code, message, { details });
}
