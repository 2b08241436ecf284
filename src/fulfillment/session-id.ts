import { randomBytes } from 'node:crypto';

/** Lex session ids are 2-100 characters of [0-9a-zA-Z._:-]; ours are unguessable. */
export function newSessionId(): string {
  return `s-${randomBytes(16).toString('hex')}`;
}

export const SESSION_ID_PATTERN = /^[0-9a-zA-Z._:-]{2,100}$/;
