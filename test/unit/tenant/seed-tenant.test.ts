import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/port.js';
import { generateTenant, isTenantSeeded, seedTenant } from '../../../src/tenant/index.js';

/**
 * Records what seedTenant writes, batch by batch. Only the repositories seeding touches are
 * real; the rest throw so an unexpected call fails the test loudly. The real database path is
 * covered by test/integration/tenant/seed-tenant.test.ts.
 */
function recordingStore(): { store: Store; batches: Array<{ collection: string; size: number }>; docs: Record<string, unknown[]> } {
  const batches: Array<{ collection: string; size: number }> = [];
  const docs: Record<string, unknown[]> = { items: [], customers: [], interactions: [], orders: [] };
  const repo = (collection: string) => ({
    insertMany: async (batch: unknown[]) => {
      batches.push({ collection, size: batch.length });
      docs[collection]!.push(...batch);
    },
    count: async () => docs[collection]!.length,
  });
  const unexpected = (): never => {
    throw new Error('seedTenant called an unexpected store method');
  };
  const store = new Proxy({ items: repo('items'), customers: repo('customers'), interactions: repo('interactions'), orders: repo('orders') }, {
    get: (target, key) => (key in target ? target[key as keyof typeof target] : unexpected),
  }) as unknown as Store;
  return { store, batches, docs };
}

describe('seedTenant', () => {
  const options = { seed: 21, customers: 150, items: 240, batchSize: 100 };

  it('writes the generated tenant in batches, items first, and returns the counts', async () => {
    const { store, batches, docs } = recordingStore();
    const summary = await seedTenant(store, options);
    const tenant = generateTenant(options);
    expect(summary).toMatchObject({
      seed: 21,
      items: tenant.items.length,
      customers: tenant.customers.length,
      interactions: tenant.interactions.length,
      orders: tenant.orders.length,
    });
    expect(summary.referenceDate.toISOString()).toBe(tenant.referenceDate.toISOString());
    expect(JSON.stringify(docs.interactions)).toBe(JSON.stringify(tenant.interactions));
    expect(JSON.stringify(docs.items)).toBe(JSON.stringify(tenant.items));
    expect(Math.max(...batches.map((b) => b.size))).toBeLessThanOrEqual(100);
    expect([...new Set(batches.map((b) => b.collection))]).toEqual(['items', 'customers', 'interactions', 'orders']);
  });

  it('reports progress per phase up to the total', async () => {
    const { store } = recordingStore();
    const calls: Array<[string, number, number]> = [];
    const summary = await seedTenant(store, options, (phase, done, total) => calls.push([phase, done, total]));
    expect(calls[0]).toEqual(['generate', 0, 1]);
    expect(calls).toContainEqual(['generate', 1, 1]);
    expect(calls).toContainEqual(['interactions', summary.interactions, summary.interactions]);
    expect(calls[calls.length - 1]).toEqual(['orders', summary.orders, summary.orders]);
    for (const [, done, total] of calls) expect(done).toBeLessThanOrEqual(total);
  });

  it('makes isTenantSeeded true once items exist', async () => {
    const { store } = recordingStore();
    expect(await isTenantSeeded(store)).toBe(false);
    await seedTenant(store, options);
    expect(await isTenantSeeded(store)).toBe(true);
  });

  it('rejects a bad batch size before writing anything', async () => {
    const { store, batches } = recordingStore();
    await expect(seedTenant(store, { ...options, batchSize: 0 })).rejects.toMatchObject({ code: 'PARLEY_TENANT_INVALID_OPTIONS' });
    expect(batches).toEqual([]);
  });

  it('propagates a store failure', async () => {
    const { store } = recordingStore();
    store.customers.insertMany = async () => {
      throw new Error('down');
    };
    await expect(seedTenant(store, options)).rejects.toThrow('down');
  });
});
