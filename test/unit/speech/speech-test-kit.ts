/** Shared imports and helpers for the speech unit tests. */
import { isParleyError } from '../../../src/shared/errors.js';

export * from '../../../src/speech/index.js';

export function isParleyErrorLike(error: unknown, code: string): boolean {
  return isParleyError(error) && error.code === code;
}

/** The error a function throws (fails the test when it does not throw). */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

import { parseSsml, textOf } from '../../../src/speech/index.js';

/** Decoded text of a well-formed document. */
export function textOfRoot(ssml: string): string {
  const parsed = parseSsml(ssml);
  if (!parsed.ok) throw new Error('not well-formed');
  return textOf(parsed.root);
}
