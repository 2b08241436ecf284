/** Splits a filter expression into tokens, each with its 1-based column for error messages. */
import { ValidationError } from '../../shared/errors.js';

export type TokenKind = 'word' | 'string' | 'number' | 'param' | 'symbol' | 'end';

export interface Token {
  kind: TokenKind;
  /** Words keep their spelling; strings are unquoted; symbols are ( ) , | . = < <= > >= */
  text: string;
  column: number;
}

export function filterSyntaxError(message: string, column: number): ValidationError {
  return new ValidationError('PARLEY_RECOMMEND_FILTER_SYNTAX', `filter expression: ${message} at column ${column}`, {
    details: { column },
  });
}

const SYMBOLS = ['<=', '>=', '(', ')', ',', '|', '.', '=', '<', '>'];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < source.length) {
    const ch = source[at] as string;
    const column = at + 1;
    if (/\s/.test(ch)) {
      at++;
    } else if (ch === '"') {
      const { text, next } = readString(source, at);
      tokens.push({ kind: 'string', text, column });
      at = next;
    } else if (ch === '$') {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(at + 1))?.[0];
      if (name === undefined) throw filterSyntaxError('expected a parameter name after "$"', column);
      tokens.push({ kind: 'param', text: name, column });
      at += 1 + name.length;
    } else if (/[0-9-]/.test(ch)) {
      const number = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(at))?.[0];
      if (number === undefined) throw filterSyntaxError(`unexpected "${ch}"`, column);
      tokens.push({ kind: 'number', text: number, column });
      at += number.length;
    } else if (/[A-Za-z_*]/.test(ch)) {
      const word = /^(\*|[A-Za-z_][A-Za-z0-9_]*)/.exec(source.slice(at))?.[0] ?? ch;
      tokens.push({ kind: 'word', text: word, column });
      at += word.length;
    } else {
      const symbol = SYMBOLS.find((s) => source.startsWith(s, at));
      if (symbol === undefined) throw filterSyntaxError(`unexpected character "${ch}"`, column);
      tokens.push({ kind: 'symbol', text: symbol, column });
      at += symbol.length;
    }
  }
  tokens.push({ kind: 'end', text: '', column: source.length + 1 });
  return tokens;
}

function readString(source: string, start: number): { text: string; next: number } {
  let text = '';
  let at = start + 1;
  while (at < source.length) {
    const ch = source[at] as string;
    if (ch === '\\' && at + 1 < source.length) {
      text += source[at + 1];
      at += 2;
    } else if (ch === '"') {
      return { text, next: at + 1 };
    } else {
      text += ch;
      at++;
    }
  }
  throw filterSyntaxError('unterminated string', start + 1);
}
