import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Interaction, Order, Store } from '../../../src/store/port.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { customer, item, T0 } from './fixtures.js';

describe('store repositories on a real database', () => {
  let db: TestStore;
  let store: Store;
  beforeAll(async () => {
    db = await openTestStore();
    store = db.store;
  });
  afterAll(() => db.close());
  beforeEach(() => store.reset());

  it('customers: insert, get, upsert and count, returning exactly the stored shape', async () => {
    const ada = customer('c1');
    await store.customers.insertMany([ada, customer('c2')]);
    expect(ada).not.toHaveProperty('_id');
    expect(await store.customers.get('c1')).toEqual(ada);
    await store.customers.upsert({ ...ada, loyaltyTier: 'platinum' });
    await store.customers.upsert(customer('c3'));
    expect((await store.customers.get('c1'))?.loyaltyTier).toBe('platinum');
    expect((await store.customers.get('c1'))?.createdAt).toBeInstanceOf(Date);
    expect(await store.customers.get('missing')).toBeNull();
    expect(await store.customers.count()).toBe(3);
  });

  it('customers: a duplicate id is PARLEY_STORE_DUPLICATE', async () => {
    await store.customers.insertMany([customer('c1')]);
    await expect(store.customers.insertMany([customer('c1')])).rejects.toMatchObject({ code: 'PARLEY_STORE_DUPLICATE', status: 409 });
  });

  it('items: get, getMany in the asked order, categories and brands', async () => {
    await store.items.insertMany([item('i1'), item('i2', { category: 'bags', brand: 'Zed' }), item('i3')]);
    expect(await store.items.get('i2')).toEqual(item('i2', { category: 'bags', brand: 'Zed' }));
    expect((await store.items.getMany(['i3', 'nope', 'i1'])).map((i) => i.itemId)).toEqual(['i3', 'i1']);
    expect(await store.items.categories()).toEqual(['bags', 'shoes']);
    expect(await store.items.brands()).toEqual(['Acme', 'Zed']);
    expect(await store.items.count()).toBe(3);
  });

  it('interactions: newest first for a customer, limited', async () => {
    const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
    const events: Interaction[] = [1, 3, 2].map((m) => ({
      interactionId: `e${m}`,
      customerId: 'c1',
      itemId: 'i1',
      eventType: 'click',
      at: at(m),
    }));
    await store.interactions.insertMany(events);
    await store.interactions.insert({ interactionId: 'e9', customerId: 'c2', itemId: 'i1', eventType: 'purchase', eventValue: 1, at: at(9) });
    const recent = await store.interactions.forCustomer('c1', 2);
    expect(recent.map((e) => e.interactionId)).toEqual(['e3', 'e2']);
    expect(recent[0]).toEqual(events[1]);
    expect(await store.interactions.count()).toBe(4);
  });

  it('orders: get and newest first for a customer', async () => {
    const order = (n: string, day: number): Order => ({
      orderNumber: n,
      customerId: 'c1',
      items: [{ itemId: 'i1', quantity: 2, price: 9.5 }],
      status: 'shipped',
      placedAt: new Date(Date.UTC(2025, 0, day)),
    });
    await store.orders.insertMany([order('A1', 1), order('A2', 5)]);
    expect(await store.orders.get('A1')).toEqual(order('A1', 1));
    expect((await store.orders.forCustomer('c1', 10)).map((o) => o.orderNumber)).toEqual(['A2', 'A1']);
    expect(await store.orders.get('nope')).toBeNull();
  });

  it('appointments: insert and newest first for a customer', async () => {
    const base = { customerId: 'c1', sessionId: 's1', kind: 'fitting' as const, date: '2025-03-02', time: '10:00', timeZone: 'UTC' };
    await store.appointments.insert({ ...base, appointmentId: 'a1', createdAt: T0 });
    await store.appointments.insert({ ...base, appointmentId: 'a2', createdAt: new Date(T0.getTime() + 1000) });
    expect((await store.appointments.forCustomer('c1', 5)).map((a) => a.appointmentId)).toEqual(['a2', 'a1']);
  });

  it('ping answers and reset empties every collection', async () => {
    await store.ping();
    await store.items.insertMany([item('i1')]);
    await store.reset();
    expect(await store.items.count()).toBe(0);
  });
});
