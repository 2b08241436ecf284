/**
 * Binds `$PARAM`s from Personalize's filterValues: each value is a quoted, comma-separated list
 * (`"\"Comedy\",\"Drama\""`); a bare number (`10`) is accepted for comparisons.
 */
import { ValidationError } from '../../shared/errors.js';
import { MAX_FILTER_VALUES } from '../port.js';

function valuesError(name: string, message: string): ValidationError {
  return new ValidationError('PARLEY_RECOMMEND_FILTER_VALUES', `filterValues.${name}: ${message}`, { details: { parameter: name } });
}

export function parseFilterValueList(name: string, raw: string): string[] {
  const trimmed = raw.trim();
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(trimmed)) return [trimmed];
  const values: string[] = [];
  let at = 0;
  while (at < trimmed.length) {
    if (trimmed[at] !== '"') throw valuesError(name, `expected a quoted value at character ${at + 1} (e.g. "\\"A\\",\\"B\\"")`);
    let value = '';
    at++;
    while (at < trimmed.length && trimmed[at] !== '"') {
      if (trimmed[at] === '\\') at++;
      value += trimmed[at] ?? '';
      at++;
    }
    if (at >= trimmed.length) throw valuesError(name, 'unterminated quoted value');
    values.push(value);
    at++;
    while (trimmed[at] === ' ') at++;
    if (at < trimmed.length) {
      if (trimmed[at] !== ',') throw valuesError(name, `expected "," at character ${at + 1}`);
      at++;
      while (trimmed[at] === ' ') at++;
      if (at >= trimmed.length) throw valuesError(name, 'trailing ","');
    }
  }
  if (values.length === 0) throw valuesError(name, 'no values');
  return values;
}

/** Parses every entry of filterValues (at most MAX_FILTER_VALUES). */
export function bindFilterValues(filterValues: Readonly<Record<string, string>> | undefined): Map<string, string[]> {
  const bound = new Map<string, string[]>();
  const entries = Object.entries(filterValues ?? {});
  if (entries.length > MAX_FILTER_VALUES) {
    throw new ValidationError('PARLEY_RECOMMEND_FILTER_VALUES', `filterValues has ${entries.length} entries; at most ${MAX_FILTER_VALUES}`);
  }
  for (const [name, raw] of entries) bound.set(name, parseFilterValueList(name, raw));
  return bound;
}
