/**
 * Personalize dataset CSVs checked against their Avro schema: writing (header = field names, in
 * schema order) and reading, where every bad line is kept with its 1-based line number (the
 * header is line 1) instead of stopping at the first.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ValidationError } from '../../shared/errors.js';
import type { AvroField, AvroPrimitive, AvroSchema } from './schemas.js';

export type DatasetValue = string | number | boolean | null;
export type DatasetRecord = Record<string, DatasetValue>;

export interface BadLine {
  line: number;
  message: string;
}

export interface DatasetRows {
  records: Array<{ line: number; record: DatasetRecord }>;
  bad: BadLine[];
}

function csvError(message: string, details: Record<string, unknown> = {}): ValidationError {
  return new ValidationError('PARLEY_RECOMMEND_CSV', message, { details });
}

function primitive(field: AvroField): AvroPrimitive {
  return Array.isArray(field.type) ? field.type[0] : field.type;
}

function nullable(field: AvroField): boolean {
  return Array.isArray(field.type);
}

function cell(field: AvroField, value: DatasetValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

/** The CSV text of `records`, columns in schema order. */
export function writeDatasetCsv(schema: AvroSchema, records: readonly DatasetRecord[]): string {
  const header = schema.fields.map((f) => f.name);
  const rows = records.map((record) => schema.fields.map((field) => cell(field, record[field.name])));
  return stringify([header, ...rows]);
}

function convert(field: AvroField, raw: string): { value: DatasetValue } | { error: string } {
  if (raw === '') {
    if (nullable(field)) return { value: null };
    if (primitive(field) === 'string') return { error: `${field.name} must not be empty` };
    return { error: `${field.name} is empty` };
  }
  switch (primitive(field)) {
    case 'string':
      return { value: raw };
    case 'long':
    case 'int': {
      const value = Number(raw);
      return Number.isSafeInteger(value) ? { value } : { error: `${field.name} "${raw.slice(0, 40)}" is not an integer` };
    }
    case 'float':
    case 'double': {
      const value = Number(raw);
      return Number.isFinite(value) ? { value } : { error: `${field.name} "${raw.slice(0, 40)}" is not a number` };
    }
    case 'boolean':
      return raw === 'true' || raw === 'false' ? { value: raw === 'true' } : { error: `${field.name} "${raw.slice(0, 40)}" is not true or false` };
  }
}

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

/**
 * Reads a dataset CSV. A header that lacks a schema field, or has a column the schema does not
 * name, is an error for the whole file; a line with the wrong field count or a value of the
 * wrong type is a bad line.
 */
export function readDatasetCsv(text: string, schema: AvroSchema, what: string): DatasetRows {
  let rows: ParsedRow[];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true, info: true }) as unknown as ParsedRow[];
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : undefined;
    throw csvError(`${what} CSV is malformed${line === undefined ? '' : ` at line ${line}`}`, { line });
  }
  const header = rows[0]?.record;
  if (header === undefined) throw csvError(`${what} CSV is empty`);
  const known = new Map(schema.fields.map((f) => [f.name, f]));
  const unknown = header.filter((name) => !known.has(name));
  const missing = schema.fields.filter((f) => !header.includes(f.name)).map((f) => f.name);
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '', unknown.length > 0 ? `column(s) not in the schema: ${unknown.join(', ')}` : ''];
    throw csvError(`${what} CSV header does not match its schema: ${parts.filter((p) => p !== '').join('; ')}`, { missing, unknown });
  }
  const fields = header.map((name) => known.get(name) as AvroField);
  const result: DatasetRows = { records: [], bad: [] };
  for (const { record: row, info } of rows.slice(1)) {
    const line = info.lines;
    if (row.length !== header.length) {
      result.bad.push({ line, message: `expected ${header.length} fields, found ${row.length}` });
      continue;
    }
    const record: DatasetRecord = {};
    const errors: string[] = [];
    fields.forEach((field, i) => {
      const converted = convert(field, row[i] ?? '');
      if ('error' in converted) errors.push(converted.error);
      else record[field.name] = converted.value;
    });
    if (errors.length > 0) result.bad.push({ line, message: errors.join('; ') });
    else result.records.push({ line, record });
  }
  return result;
}

/** Checks that a schema file holds the schema Parley reads (the same fields and types). */
export function checkSchemaFile(text: string, expected: AvroSchema, what: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw csvError(`${what} schema is not JSON`);
  }
  const fields = (parsed as { type?: unknown; fields?: unknown }).fields;
  if ((parsed as { type?: unknown }).type !== 'record' || !Array.isArray(fields)) throw csvError(`${what} schema is not an Avro record with fields`);
  const byName = new Map((fields as AvroField[]).map((f) => [f.name, JSON.stringify(f.type)]));
  const differing = expected.fields.filter((f) => byName.get(f.name) !== JSON.stringify(f.type)).map((f) => f.name);
  if (differing.length > 0 || byName.size !== expected.fields.length) {
    throw csvError(`${what} schema differs from Parley's ${expected.name} schema (fields: ${differing.join(', ') || 'extra fields'})`, { differing });
  }
}
