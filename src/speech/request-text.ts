import { SPEECH_ERROR_CODES, speechError } from './errors.js';
import type { NormalizedRequest } from './request-validation.js';
import { POLLY_LIMITS } from './ssml/split.js';
import { textOf } from './ssml/tree.js';
import { validateSsml } from './ssml/validate.js';

/**
 * Checks a request's text the way Polly would, before anything is sent: SSML must be valid for the
 * engine and voice (PARLEY_SPEECH_INVALID_SSML, with `details.diagnostics`), and the text within
 * one request's limits (PARLEY_SPEECH_TEXT_TOO_LONG: split it with `splitSsml` first). Returns
 * the billed characters, which adapters report as `requestCharacters`.
 */
export function checkRequestText(request: Pick<NormalizedRequest, 'text' | 'textType' | 'engine' | 'voiceId'>): number {
  let billed = request.text.length;
  if (request.textType === 'ssml') {
    const result = validateSsml(request.text, { engine: request.engine, voiceId: request.voiceId });
    if (!result.ok || result.root === undefined) {
      const diagnostics = result.diagnostics.filter((d) => d.severity === 'error');
      throw speechError(SPEECH_ERROR_CODES.invalidSsml, `SSML is not valid for the ${request.engine} engine`, { diagnostics });
    }
    billed = textOf(result.root).length;
  }
  if (billed > POLLY_LIMITS.maxBilledChars || request.text.length > POLLY_LIMITS.maxTotalChars) {
    throw speechError(SPEECH_ERROR_CODES.textTooLong, `text has ${billed} billed / ${request.text.length} total characters; one request allows ${POLLY_LIMITS.maxBilledChars} / ${POLLY_LIMITS.maxTotalChars}: split it first`);
  }
  return billed;
}
