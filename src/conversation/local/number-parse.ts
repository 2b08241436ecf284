/**
 * AMAZON.Number: digits ("100", "99.99", "1,000", "$99") and English number words ("ninety nine",
 * "one hundred and twenty", "a hundred").
 */
import { SCALE_WORDS, TENS_WORDS, UNIT_WORDS } from './builtin-words.js';
import type { Token } from './text-normalize.js';

export interface NumberMatch {
  /** Token index range [startToken, endToken). */
  startToken: number;
  endToken: number;
  value: number;
}

const DIGITS = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/;
const CURRENCY = new Set(['$', '\u20ac', '\u00a3']);

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
}

/** All numbers in the token list, left to right, non-overlapping. */
export function findNumbers(tokens: readonly Token[]): NumberMatch[] {
  const found: NumberMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = numberAt(tokens, i);
    if (match) {
      found.push(match);
      i = match.endToken;
    } else {
      i += 1;
    }
  }
  return found;
}

export function numberAt(tokens: readonly Token[], i: number): NumberMatch | null {
  const token = tokens[i];
  if (!token) return null;
  if (CURRENCY.has(token.norm)) {
    const next = numberAt(tokens, i + 1);
    return next && next.startToken === i + 1 ? { ...next, startToken: i } : null;
  }
  if (DIGITS.test(token.norm)) return { startToken: i, endToken: i + 1, value: Number(token.norm.replace(/,/g, '')) };
  return wordNumberAt(tokens, i);
}

type Last = 'none' | 'unit' | 'tens' | 'scale';

function wordNumberAt(tokens: readonly Token[], start: number): NumberMatch | null {
  let total = 0;
  let current = 0;
  let last: Last = 'none';
  let end = start;
  let i = start;
  // "a hundred" / "a thousand"
  if (tokens[i]?.norm === 'a' && SCALE_WORDS[tokens[i + 1]?.norm ?? ''] !== undefined) {
    current = 1;
    last = 'unit';
    i += 1;
  }
  for (; i < tokens.length; i += 1) {
    const word = (tokens[i] as Token).norm;
    if (word === 'and' && last === 'scale' && isNumberWord(tokens[i + 1]?.norm)) continue;
    const unit = UNIT_WORDS[word];
    const tens = TENS_WORDS[word];
    const scale = SCALE_WORDS[word];
    if (unit !== undefined && (last === 'none' || last === 'scale' || (last === 'tens' && unit < 10))) {
      current += unit;
      last = 'unit';
    } else if (tens !== undefined && (last === 'none' || last === 'scale')) {
      current += tens;
      last = 'tens';
    } else if (scale !== undefined && last !== 'none' && last !== 'scale') {
      if (scale === 100) current *= 100;
      else {
        total += current * scale;
        current = 0;
      }
      last = 'scale';
    } else {
      break;
    }
    end = i + 1;
  }
  if (end === start) return null;
  return { startToken: start, endToken: end, value: total + current };
}

function isNumberWord(word: string | undefined): boolean {
  return word !== undefined && (UNIT_WORDS[word] !== undefined || TENS_WORDS[word] !== undefined);
}
