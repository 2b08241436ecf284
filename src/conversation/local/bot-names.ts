/** Lex name rules shared by intents and slots: `^([0-9a-zA-Z][_-]?){1,100}$`. */
const LEX_NAME = /^([0-9a-zA-Z][_-]?){1,100}$/;

export function isLexName(name: string): boolean {
  return LEX_NAME.test(name);
}

/** Lex: a sample utterance is at most 500 characters. */
export const MAX_UTTERANCE_CHARS = 500;
