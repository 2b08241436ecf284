import { describe, expect, it } from 'vitest';
import { isParleyError } from '../../../src/shared/errors.js';
import { DEFAULT_REFERENCE_DATE, generateTenant } from '../../../src/tenant/index.js';

const SMALL = { seed: 99, customers: 200, items: 240 };

describe('generateTenant determinism', () => {
  it('gives byte-identical output for the same options', () => {
    expect(JSON.stringify(generateTenant(SMALL))).toBe(JSON.stringify(generateTenant({ ...SMALL })));
  });

  it('gives different output for a different seed', () => {
    const a = generateTenant(SMALL);
    const b = generateTenant({ ...SMALL, seed: 100 });
    expect(JSON.stringify(a.items)).not.toBe(JSON.stringify(b.items));
    expect(JSON.stringify(a.customers)).not.toBe(JSON.stringify(b.customers));
  });

  it('keeps the catalogue when only the number of customers changes', () => {
    const a = generateTenant(SMALL);
    const b = generateTenant({ ...SMALL, customers: 120 });
    const strip = (items: typeof a.items): string => JSON.stringify(items.map(({ popularity: _p, ...rest }) => rest));
    expect(strip(a.items)).toBe(strip(b.items));
    // Customers come from per-customer streams: the first 120 are the same people (loyalty tiers
    // are ranks among all customers, so they may move).
    const people = (customers: typeof a.customers): string => JSON.stringify(customers.map(({ loyaltyTier: _t, ...rest }) => rest));
    expect(people(b.customers)).toBe(people(a.customers.slice(0, 120)));
  });

  it('uses a fixed reference date, never the wall clock', () => {
    const tenant = generateTenant(SMALL);
    expect(tenant.referenceDate.toISOString()).toBe(DEFAULT_REFERENCE_DATE.toISOString());
    const last = tenant.interactions[tenant.interactions.length - 1]!;
    expect(last.at.getTime()).toBeLessThan(DEFAULT_REFERENCE_DATE.getTime());
  });

  it('moves the whole history with an explicit reference date', () => {
    const referenceDate = new Date('2024-03-15T12:00:00.000Z');
    const tenant = generateTenant({ ...SMALL, referenceDate });
    const times = tenant.interactions.map((i) => i.at.getTime());
    expect(Math.max(...times)).toBeLessThan(referenceDate.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(referenceDate.getTime() - 366 * 86_400_000);
  });
});

describe('generateTenant counts', () => {
  it('makes exactly the requested items and customers, and about 33 interactions each', () => {
    const tenant = generateTenant({ seed: 5, customers: 600, items: 500 });
    expect(tenant.items).toHaveLength(500);
    expect(tenant.customers).toHaveLength(600);
    expect(tenant.interactions.length).toBeGreaterThan(600 * 20);
    expect(tenant.interactions.length).toBeLessThan(600 * 50);
    expect(tenant.orders.length).toBeGreaterThan(0);
  });

  it('honours interactionsPerCustomer', () => {
    const quiet = generateTenant({ seed: 5, customers: 400, items: 240, interactionsPerCustomer: 5 });
    expect(quiet.interactions.length).toBeLessThan(400 * 10);
  });

  it('gives unique, sequential ids in time order', () => {
    const tenant = generateTenant(SMALL);
    expect(new Set(tenant.items.map((i) => i.itemId)).size).toBe(tenant.items.length);
    expect(new Set(tenant.customers.map((c) => c.customerId)).size).toBe(tenant.customers.length);
    expect(tenant.customers[122]!.customerId).toBe('c-000123');
    const outOfOrder = tenant.interactions.filter((interaction, k) => {
      const previous = tenant.interactions[k - 1];
      return interaction.interactionId !== `ev-${String(k + 1).padStart(7, '0')}` || (previous !== undefined && previous.at > interaction.at);
    });
    expect(outOfOrder).toEqual([]);
  });

  it('never writes an undefined field (the driver would store null)', () => {
    const tenant = generateTenant(SMALL);
    const docs = [...tenant.interactions, ...tenant.orders, ...tenant.items, ...tenant.customers];
    expect(docs.filter((doc) => Object.values(doc).includes(undefined))).toEqual([]);
  });
});

describe('generateTenant options', () => {
  it.each([
    [{ ...SMALL, seed: 1.5 }, 'seed'],
    [{ ...SMALL, customers: 0 }, 'customers'],
    [{ ...SMALL, items: 50 }, 'items'],
    [{ ...SMALL, referenceDate: new Date('nope') }, 'referenceDate'],
    [{ ...SMALL, interactionsPerCustomer: -1 }, 'interactionsPerCustomer'],
    [{ ...SMALL, customers: 1000, interactionsPerCustomer: 5000 }, 'interactionsPerCustomer'],
  ])('rejects a bad %o with PARLEY_TENANT_INVALID_OPTIONS', (options, field) => {
    try {
      generateTenant(options);
      expect.unreachable();
    } catch (error) {
      expect(isParleyError(error) && error.code).toBe('PARLEY_TENANT_INVALID_OPTIONS');
      expect(isParleyError(error) && error.details?.field).toBe(field);
    }
  });
});
