/**
 * Reads Personalize dataset CSVs: interactions (USER_ID, ITEM_ID, TIMESTAMP, optional EVENT_TYPE,
 * EVENT_VALUE) and items (ITEM_ID plus metadata columns). Header names are matched
 * case-insensitively. Errors are ValidationError PARLEY_RECOMMEND_CSV naming the line.
 */
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../shared/errors.js';
import type { Interaction } from './local/types.js';

/** How many bad lines an error message lists before summarizing. */
const LISTED_ERRORS = 5;

export interface ItemRow {
  itemId: string;
  metadata: Record<string, string>;
}

function csvError(message: string, details: Record<string, unknown> = {}): ValidationError {
  return new ValidationError('PARLEY_RECOMMEND_CSV', message, { details });
}

interface Row {
  record: string[];
  /** 1-based line in the file where the record ends. */
  info: { lines: number };
}

function readRows(text: string, what: string): Row[] {
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as unknown as Row[];
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : undefined;
    throw csvError(`${what} CSV is malformed${line === undefined ? '' : ` at line ${line}`}`, { line, cause: String(error) });
  }
}

function headerIndex(header: readonly string[], required: readonly string[], what: string): Map<string, number> {
  const index = new Map(header.map((name, i) => [name.toUpperCase(), i]));
  const missing = required.filter((name) => !index.has(name));
  if (missing.length > 0) {
    throw csvError(`${what} CSV is missing column(s) ${missing.join(', ')} (header: ${header.join(',')})`, { missing });
  }
  return index;
}

function failOnBadLines(bad: Array<{ line: number; message: string }>, what: string): void {
  if (bad.length === 0) return;
  const listed = bad.slice(0, LISTED_ERRORS).map((b) => `line ${b.line}: ${b.message}`).join('; ');
  const more = bad.length > LISTED_ERRORS ? `; and ${bad.length - LISTED_ERRORS} more` : '';
  throw csvError(`${what} CSV has ${bad.length} bad line(s): ${listed}${more}`, { lines: bad.slice(0, LISTED_ERRORS) });
}

/** Parses an interactions CSV; errors name file lines (the header is line 1). */
export function parseInteractionsCsv(text: string): Interaction[] {
  const rows = readRows(text, 'interactions');
  const header = rows[0]?.record;
  if (header === undefined) throw csvError('interactions CSV is empty');
  const col = headerIndex(header, ['USER_ID', 'ITEM_ID', 'TIMESTAMP'], 'interactions');
  const at = (row: readonly string[], name: string): string | undefined => {
    const i = col.get(name);
    return i === undefined ? undefined : row[i];
  };
  const interactions: Interaction[] = [];
  const bad: Array<{ line: number; message: string }> = [];
  rows.slice(1).forEach(({ record: row, info }) => {
    const line = info.lines;
    if (row.length !== header.length) return void bad.push({ line, message: `expected ${header.length} fields, found ${row.length}` });
    const userId = at(row, 'USER_ID') ?? '';
    const itemId = at(row, 'ITEM_ID') ?? '';
    const timestamp = Number(at(row, 'TIMESTAMP'));
    if (userId === '' || itemId === '') return void bad.push({ line, message: 'USER_ID and ITEM_ID must not be empty' });
    if (!Number.isInteger(timestamp) || timestamp < 0) {
      return void bad.push({ line, message: `TIMESTAMP "${at(row, 'TIMESTAMP') ?? ''}" is not Unix epoch seconds` });
    }
    const interaction: Interaction = { userId, itemId, timestamp };
    const eventType = at(row, 'EVENT_TYPE');
    if (eventType !== undefined && eventType !== '') interaction.eventType = eventType;
    const rawValue = at(row, 'EVENT_VALUE');
    if (rawValue !== undefined && rawValue !== '') {
      const value = Number(rawValue);
      if (!Number.isFinite(value)) return void bad.push({ line, message: `EVENT_VALUE "${rawValue}" is not a number` });
      interaction.eventValue = value;
    }
    interactions.push(interaction);
  });
  failOnBadLines(bad, 'interactions');
  return interactions;
}

/** Parses an items CSV: ITEM_ID and any metadata columns (kept as strings, `|` for multi-values). */
export function parseItemsCsv(text: string): ItemRow[] {
  const rows = readRows(text, 'items');
  const header = rows[0]?.record;
  if (header === undefined) throw csvError('items CSV is empty');
  const col = headerIndex(header, ['ITEM_ID'], 'items');
  const idColumn = col.get('ITEM_ID') as number;
  const items: ItemRow[] = [];
  const bad: Array<{ line: number; message: string }> = [];
  rows.slice(1).forEach(({ record: row, info }) => {
    const line = info.lines;
    if (row.length !== header.length) return void bad.push({ line, message: `expected ${header.length} fields, found ${row.length}` });
    const itemId = row[idColumn] ?? '';
    if (itemId === '') return void bad.push({ line, message: 'ITEM_ID must not be empty' });
    const metadata: Record<string, string> = {};
    header.forEach((name, c) => {
      if (c !== idColumn) metadata[name.toUpperCase()] = row[c] ?? '';
    });
    items.push({ itemId, metadata });
  });
  failOnBadLines(bad, 'items');
  return items;
}
