/**
 * ItemQuery -> MongoDB filter. Query values can come from a client (slots, search boxes), so each
 * is checked to be a plain string or number: an object such as {$ne: ''} never reaches a filter.
 */
import type { Filter } from 'mongodb';
import { ValidationError } from '../shared/errors.js';
import type { Keyed } from './documents.js';
import type { Item, ItemQuery } from './port.js';

export const MAX_ITEM_LIMIT = 1000;

export function buildItemFilter(query: ItemQuery): Filter<Keyed<Item>> {
  const filter: Filter<Keyed<Item>> = {};
  if (query.category !== undefined) filter.category = requireString(query.category, 'category');
  if (query.brand !== undefined) filter.brand = requireString(query.brand, 'brand');
  if (query.maxPrice !== undefined) {
    if (typeof query.maxPrice !== 'number' || !Number.isFinite(query.maxPrice)) invalid('maxPrice');
    filter.price = { $lte: query.maxPrice };
  }
  if (query.keywords !== undefined && query.keywords.length > 0) {
    if (!Array.isArray(query.keywords)) invalid('keywords');
    filter.keywords = { $all: query.keywords.map((word) => requireString(word, 'keywords')) };
  }
  return filter;
}

/** A whole number in 1..MAX_ITEM_LIMIT. */
export function itemLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) invalid('limit');
  return Math.min(limit, MAX_ITEM_LIMIT);
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') invalid(field);
  return value;
}

function invalid(field: string): never {
  throw new ValidationError('PARLEY_STORE_INVALID_QUERY', `Item query field "${field}" has the wrong type.`, {
    details: { field },
  });
}
