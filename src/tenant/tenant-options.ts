import { ValidationError } from '../shared/errors.js';
import { CATEGORIES } from './vocabulary.js';

/** What a demo tenant is generated from; the same options always give the same tenant. */
export interface TenantOptions {
  /** Any safe integer; streams for each phase are derived from it. */
  seed: number;
  customers: number;
  /** Catalogue size; at least MIN_ITEMS_PER_CATEGORY per category. */
  items: number;
  /**
   * The history ends here and "recent" (new items, open orders) is relative to it. Defaults to
   * DEFAULT_REFERENCE_DATE, never the wall clock, so output is reproducible; `parley seed` may
   * pass the current time when a fresh-looking demo matters more than reproducibility.
   */
  referenceDate?: Date;
  /** Target mean number of interaction events per customer (default 33). */
  interactionsPerCustomer?: number;
}

export interface ResolvedTenantOptions {
  seed: number;
  customers: number;
  items: number;
  referenceDate: Date;
  interactionsPerCustomer: number;
}

export const DEFAULT_REFERENCE_DATE = new Date('2026-11-01T00:00:00.000Z');
export const DEFAULT_INTERACTIONS_PER_CUSTOMER = 33;
/** Enough items per category to guarantee several brands under $100 in each. */
export const MIN_ITEMS_PER_CATEGORY = 10;
const MAX_ITEMS = 200_000;
const MAX_CUSTOMERS = 50_000;
/** Generation holds the whole tenant in memory: ~600 bytes per interaction at peak, ~1.2 GB here. */
const MAX_EXPECTED_INTERACTIONS = 2_000_000;

/** Fills defaults and checks ranges; throws ValidationError PARLEY_TENANT_INVALID_OPTIONS. */
export function resolveTenantOptions(options: TenantOptions): ResolvedTenantOptions {
  const minItems = MIN_ITEMS_PER_CATEGORY * CATEGORIES.length;
  requireInteger('seed', options.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  requireInteger('customers', options.customers, 1, MAX_CUSTOMERS);
  requireInteger('items', options.items, minItems, MAX_ITEMS);
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  if (!(referenceDate instanceof Date) || Number.isNaN(referenceDate.getTime())) {
    throw invalid('referenceDate', 'referenceDate must be a valid Date');
  }
  const interactionsPerCustomer = options.interactionsPerCustomer ?? DEFAULT_INTERACTIONS_PER_CUSTOMER;
  if (!(interactionsPerCustomer >= 0) || interactionsPerCustomer * options.customers > MAX_EXPECTED_INTERACTIONS) {
    throw invalid('interactionsPerCustomer', `interactionsPerCustomer must be non-negative, with customers x interactionsPerCustomer at most ${MAX_EXPECTED_INTERACTIONS}`);
  }
  return {
    seed: options.seed,
    customers: options.customers,
    items: options.items,
    referenceDate: new Date(referenceDate.getTime()),
    interactionsPerCustomer,
  };
}

function requireInteger(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `${field} must be an integer from ${min} to ${max}`);
  }
}

function invalid(field: string, message: string): ValidationError {
  return new ValidationError('PARLEY_TENANT_INVALID_OPTIONS', message, { details: { field } });
}
