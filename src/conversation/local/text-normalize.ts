/**
 * Tokenization shared by the NLU and the slot filler, so that what the classifier was trained on
 * and what the slot matcher sees are cut the same way. Tokens keep their character offsets in the
 * original text, because Lex reports a slot's originalValue as the user typed it.
 */
export interface Token {
  /** The token as typed. */
  text: string;
  /** Lower-cased, accents removed, curly apostrophes straightened. */
  norm: string;
  /** Character offsets into the original text: text.slice(start, end) === token.text. */
  start: number;
  end: number;
}

// Digit groups with thousands separators first, then words that may contain inner apostrophes,
// dots, colons or slashes ("don't", "p.m", "15:30", "12/01/2026"), then a lone currency sign.
// Hyphens split, so "t-shirts" and "t shirts" tokenize alike; the regex slot matcher and the date
// parser rejoin hyphenated forms themselves.
const TOKEN_PATTERN = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|[\p{L}\p{N}]+(?:['\u2019.:/][\p{L}\p{N}]+)*|[$\u20ac\u00a3]/gu;

export function normalizeWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\u2019/g, "'")
    .toLowerCase();
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const start = match.index;
    tokens.push({ text: match[0], norm: normalizeWord(match[0]), start, end: start + match[0].length });
  }
  return tokens;
}

/** Normalized tokens joined by single spaces: the canonical form used as a lookup key. */
export function normalizeText(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

/**
 * A crude plural folding ("shoes" -> "shoe", "boxes" stays "boxe"): only used as a second-chance
 * key when an exact value or synonym match fails, never to build values.
 */
export function foldPlural(norm: string): string {
  if (norm.length > 3 && norm.endsWith('s') && !norm.endsWith('ss')) return norm.slice(0, -1);
  return norm;
}
