/** Input checks of RecognizeText, with Lex's limits and Parley's error codes. */
import { ValidationError } from '../../shared/errors.js';
import type { RecognizeTextRequest } from '../port.js';
import { isValidTimeZone } from './zoned-clock.js';

const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;
// C0 controls except tab (\x09) and newline (\x0a), DEL and C1 controls.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
export const MAX_TEXT_LENGTH = 1024;

/** The trimmed text; throws ValidationError for a bad session id, text or time zone. */
export function validateRequest(request: RecognizeTextRequest): string {
  if (typeof request.sessionId !== 'string' || !SESSION_ID.test(request.sessionId)) {
    throw new ValidationError('PARLEY_CONVERSATION_SESSION_ID_INVALID', 'sessionId must be 2-100 characters of [0-9a-zA-Z._:-]');
  }
  const text = typeof request.text === 'string' ? request.text.trim() : '';
  if (text.length < 1 || text.length > MAX_TEXT_LENGTH || CONTROL.test(text)) {
    throw new ValidationError('PARLEY_CONVERSATION_TEXT_INVALID', `text must be 1-${MAX_TEXT_LENGTH} characters without control characters`, {
      details: { length: text.length },
    });
  }
  if (request.timeZone !== undefined && !isValidTimeZone(request.timeZone)) {
    throw new ValidationError('PARLEY_CONVERSATION_TIME_ZONE_INVALID', 'timeZone must be an IANA time zone name');
  }
  return text;
}
