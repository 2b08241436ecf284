import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTenant, isTenantSeeded, seedTenant, type SeedSummary } from '../../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';

const OPTIONS = { seed: 11, customers: 120, items: 240 };

describe('seedTenant into a real database', () => {
  let db: TestStore;
  let summary: SeedSummary;
  const tenant = generateTenant(OPTIONS);

  beforeAll(async () => {
    db = await openTestStore();
    expect(await isTenantSeeded(db.store)).toBe(false);
    summary = await seedTenant(db.store, OPTIONS);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('stores every document it reports', async () => {
    expect(summary.items).toBe(tenant.items.length);
    expect(await db.store.items.count()).toBe(summary.items);
    expect(await db.store.customers.count()).toBe(summary.customers);
    expect(await db.store.interactions.count()).toBe(summary.interactions);
    expect(await isTenantSeeded(db.store)).toBe(true);
  });

  it('round-trips customers, items and orders unchanged', async () => {
    const customer = tenant.customers[17]!;
    expect(await db.store.customers.get(customer.customerId)).toEqual(customer);
    const item = tenant.items[42]!;
    expect(await db.store.items.get(item.itemId)).toEqual(item);
    const order = tenant.orders[tenant.orders.length - 1]!;
    expect(await db.store.orders.get(order.orderNumber)).toEqual(order);
  });

  it('answers the demo query: running shoes under 100 dollars, from several brands', async () => {
    const found = await db.store.items.search({ category: 'running shoes', maxPrice: 100, limit: 50 });
    expect(found.length).toBeGreaterThanOrEqual(3);
    expect(new Set(found.map((i) => i.brand)).size).toBeGreaterThanOrEqual(3);
    for (const item of found) expect(item.price).toBeLessThanOrEqual(100);
  });

  it('exposes the vocabulary categories and brands', async () => {
    expect((await db.store.items.categories()).sort()).toEqual([...new Set(tenant.items.map((i) => i.category))].sort());
    expect((await db.store.items.brands()).sort()).toEqual([...new Set(tenant.items.map((i) => i.brand))].sort());
  });

  it("lists a customer's recent interactions", async () => {
    const recentCustomer = tenant.interactions[tenant.interactions.length - 1]!.customerId;
    const recent = await db.store.interactions.forCustomer(recentCustomer, 5);
    expect(recent.length).toBeGreaterThan(0);
    for (const interaction of recent) expect(interaction.customerId).toBe(recentCustomer);
  });
});
