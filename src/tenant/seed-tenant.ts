import { ValidationError } from '../shared/errors.js';
import type { Store } from '../store/port.js';
import { generateTenant } from './generate-tenant.js';
import type { TenantOptions } from './tenant-options.js';

/** Called after generation and after every written batch; `done` counts documents of the phase. */
export type SeedProgress = (phase: SeedPhase, done: number, total: number) => void;
export type SeedPhase = 'generate' | 'items' | 'customers' | 'interactions' | 'orders';

export interface SeedTenantOptions extends TenantOptions {
  /** Documents per insertMany (default 1000). */
  batchSize?: number;
}

export interface SeedSummary {
  seed: number;
  referenceDate: Date;
  items: number;
  customers: number;
  interactions: number;
  orders: number;
  generateMs: number;
  writeMs: number;
}

const DEFAULT_BATCH_SIZE = 1000;

/**
 * Generates the demo tenant and writes it through the store, in batches, items first. It adds
 * to what is there: callers wanting a clean tenant call store.reset() first (`parley seed
 * --reset`). A store error stops seeding and propagates; what was written stays, so rerun after
 * a reset. Throws ValidationError PARLEY_TENANT_INVALID_OPTIONS for bad options.
 */
export async function seedTenant(store: Store, options: SeedTenantOptions, onProgress?: SeedProgress): Promise<SeedSummary> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValidationError('PARLEY_TENANT_INVALID_OPTIONS', 'batchSize must be a positive integer', { details: { field: 'batchSize' } });
  }
  const started = performance.now();
  onProgress?.('generate', 0, 1);
  const tenant = generateTenant(options);
  onProgress?.('generate', 1, 1);
  const generated = performance.now();
  await writeInBatches('items', tenant.items, batchSize, (batch) => store.items.insertMany(batch), onProgress);
  await writeInBatches('customers', tenant.customers, batchSize, (batch) => store.customers.insertMany(batch), onProgress);
  await writeInBatches('interactions', tenant.interactions, batchSize, (batch) => store.interactions.insertMany(batch), onProgress);
  await writeInBatches('orders', tenant.orders, batchSize, (batch) => store.orders.insertMany(batch), onProgress);
  return {
    seed: options.seed,
    referenceDate: tenant.referenceDate,
    items: tenant.items.length,
    customers: tenant.customers.length,
    interactions: tenant.interactions.length,
    orders: tenant.orders.length,
    generateMs: Math.round(generated - started),
    writeMs: Math.round(performance.now() - generated),
  };
}

/** A tenant counts as seeded once it has a catalogue. */
export async function isTenantSeeded(store: Store): Promise<boolean> {
  return (await store.items.count()) > 0;
}

/** Sequential on purpose: one batch in flight keeps memory flat and the server unflooded. */
async function writeInBatches<T>(phase: SeedPhase, documents: T[], batchSize: number, write: (batch: T[]) => Promise<void>, onProgress?: SeedProgress): Promise<void> {
  onProgress?.(phase, 0, documents.length);
  for (let start = 0; start < documents.length; start += batchSize) {
    const end = Math.min(documents.length, start + batchSize);
    await write(documents.slice(start, end));
    onProgress?.(phase, end, documents.length);
  }
}
