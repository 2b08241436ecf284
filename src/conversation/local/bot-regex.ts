/**
 * Checks a slot type's regexFilter.pattern the way Lex will at build time, so a bot that loads
 * here also builds on Lex: 1-300 characters, compiles, and none of the constructs Lex rejects
 * (unbounded repeaters `*`, `+`, `{n,}` and the `.` wildcard). Returns a reason, or undefined.
 */
const MAX_PATTERN_CHARS = 300;

export function regexProblem(pattern: string): string | undefined {
  if (pattern.length === 0 || pattern.length > MAX_PATTERN_CHARS) {
    return `regex must be 1-${MAX_PATTERN_CHARS} characters (has ${pattern.length})`;
  }
  try {
    new RegExp(pattern, 'u');
  } catch (cause) {
    return `invalid regex: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  return lexRestriction(pattern);
}

function lexRestriction(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '\\') {
      i += 1; // an escaped character is a literal
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '*' || ch === '+') return `Lex does not allow the unbounded repeater "${ch}" in a slot regex`;
    else if (ch === '.') return 'Lex does not allow the "." wildcard in a slot regex';
    else if (ch === '{' && /^\{\d+,\}/.test(pattern.slice(i))) return 'Lex does not allow an unbounded repeater "{n,}" in a slot regex';
  }
  return undefined;
}
