/** AMAZON.Confirmation: Yes / No / Maybe / Don't know from what the user said. */
import { CONFIRMATION_PHRASES } from './builtin-words.js';
import type { Token } from './text-normalize.js';

export type ConfirmationValue = 'Yes' | 'No' | 'Maybe' | "Don't know";

export interface ConfirmationMatch {
  startToken: number;
  endToken: number;
  value: ConfirmationValue;
}

const PHRASES = CONFIRMATION_PHRASES.map(([phrase, value]) => ({ words: phrase.split(' '), value }));

/** The first phrase of the table found anywhere in the utterance (the table is in priority order). */
export function findConfirmation(tokens: readonly Token[]): ConfirmationMatch | null {
  const words = tokens.map((t) => t.norm);
  for (const phrase of PHRASES) {
    for (let i = 0; i + phrase.words.length <= words.length; i += 1) {
      if (phrase.words.every((w, k) => words[i + k] === w)) return { startToken: i, endToken: i + phrase.words.length, value: phrase.value };
    }
  }
  return null;
}
