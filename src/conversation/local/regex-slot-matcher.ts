/**
 * Regex-restricted slot types (a parent such as AMAZON.AlphaNumeric plus regexPattern). Users type
 * order numbers loosely ("ps 123456", "ps123456"), so spans of up to three tokens are rejoined in
 * a few ways and each form is tried upper case first: the first form the pattern accepts is the
 * normalized value ('ps 123456' -> 'PS-123456' when the pattern allows the hyphen).
 */
import type { Token } from './text-normalize.js';

export interface RegexMatch {
  startToken: number;
  endToken: number;
  value: string;
}

const MAX_SPAN = 3;

export function findRegexValues(tokens: readonly Token[], regex: RegExp): RegexMatch[] {
  const found: RegexMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = longestAt(tokens, i, regex);
    if (match) {
      found.push(match);
      i = match.endToken;
    } else i += 1;
  }
  return found;
}

function longestAt(tokens: readonly Token[], start: number, regex: RegExp): RegexMatch | null {
  for (let length = Math.min(MAX_SPAN, tokens.length - start); length >= 1; length -= 1) {
    const parts = tokens.slice(start, start + length).map((t) => t.text);
    for (const form of candidateForms(parts)) {
      for (const cased of [form.toUpperCase(), form, form.toLowerCase()]) {
        if (regex.test(cased)) return { startToken: start, endToken: start + length, value: cased };
      }
    }
  }
  return null;
}

function candidateForms(parts: readonly string[]): string[] {
  // Split letter/digit boundaries too, so "ps123456" can become "PS-123456".
  const pieces = parts.flatMap((p) => p.split(/(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u));
  return [...new Set([pieces.join('-'), parts.join('-'), parts.join(''), parts.join(' ')])];
}
