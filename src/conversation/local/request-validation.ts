/** Input checks of RecognizeText, with Lex's limits and Parley's error codes. */
import { ValidationError } from '../../shared/errors.js';
import type { RecognizeTextRequest } from '../port.js';
import { isValidTimeZone } from './zoned-clock.js';

const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;
// C0 controls except tab (\x09) and newline (\x0a), DEL and C1 controls.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
// A lone surrogate (from a JSON "\ud800" escape) or U+FFFD, which a decoder puts where bytes were
// not valid UTF-8: either way the text is not what the user typed.
const NOT_UNICODE = /\p{Cs}|\uFFFD/u;
export const MAX_TEXT_LENGTH = 1024;

export type TextProblem = 'empty' | 'too_long' | 'control_character' | 'invalid_utf8';

/** Why the text cannot be understood, or undefined when it is fine. Counts UTF-16 units, as Lex does. */
export function textProblem(text: string): TextProblem | undefined {
  if (text.length < 1) return 'empty';
  if (text.length > MAX_TEXT_LENGTH) return 'too_long';
  if (CONTROL.test(text)) return 'control_character';
  if (NOT_UNICODE.test(text)) return 'invalid_utf8';
  return undefined;
}

const MESSAGES: Readonly<Record<TextProblem, string>> = {
  empty: 'text is empty',
  too_long: `text is longer than ${MAX_TEXT_LENGTH} characters`,
  control_character: 'text contains a control character (only tab and newline are allowed)',
  invalid_utf8: 'text is not valid UTF-8 (a lone surrogate or a U+FFFD replacement character)',
};

/** What is wrong with the text, for a person (never quoting it). */
export function describeTextProblem(problem: TextProblem): string {
  return MESSAGES[problem];
}

/** The trimmed text; throws ValidationError for a bad session id, text or time zone. */
export function validateRequest(request: RecognizeTextRequest): string {
  if (typeof request.sessionId !== 'string' || !SESSION_ID.test(request.sessionId)) {
    throw new ValidationError('PARLEY_CONVERSATION_SESSION_ID_INVALID', 'sessionId must be 2-100 characters of [0-9a-zA-Z._:-]');
  }
  const text = typeof request.text === 'string' ? request.text.trim() : '';
  const problem = textProblem(text);
  if (problem !== undefined) {
    // The message names the problem, never the text (it is customer input).
    throw new ValidationError('PARLEY_CONVERSATION_TEXT_INVALID', `${MESSAGES[problem]}; text must be 1-${MAX_TEXT_LENGTH} characters without control characters`, {
      details: { length: text.length, reason: problem },
    });
  }
  if (request.timeZone !== undefined && !isValidTimeZone(request.timeZone)) {
    throw new ValidationError('PARLEY_CONVERSATION_TIME_ZONE_INVALID', 'timeZone must be an IANA time zone name');
  }
  return text;
}
