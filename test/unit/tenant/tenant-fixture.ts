/**
 * One moderately sized tenant per test file (generation is pure, so sharing it is safe): big
 * enough for the statistical checks to be far from their thresholds, small enough to be quick.
 */
import { generateTenant, type Tenant } from '../../../src/tenant/index.js';

export const FIXTURE_OPTIONS = { seed: 7, customers: 1500, items: 1200 } as const;

let cached: Tenant | undefined;

export function fixtureTenant(): Tenant {
  cached ??= generateTenant(FIXTURE_OPTIONS);
  return cached;
}

export function monthKey(date: Date): string {
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}
