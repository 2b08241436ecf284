import { describe, expect, it } from 'vitest';
import { fixtureTenant } from './tenant-fixture.js';

const DAY_MS = 86_400_000;

describe('orders', () => {
  const { orders, interactions, items, referenceDate } = fixtureTenant();
  const ref = referenceDate.getTime();

  it('have unique order numbers PS- plus six digits, issued in time order', () => {
    for (const order of orders) expect(order.orderNumber).toMatch(/^PS-\d{6}$/);
    expect(new Set(orders.map((o) => o.orderNumber)).size).toBe(orders.length);
    for (let k = 1; k < orders.length; k++) {
      expect(orders[k]!.placedAt.getTime()).toBeGreaterThanOrEqual(orders[k - 1]!.placedAt.getTime());
      expect(Number(orders[k]!.orderNumber.slice(3))).toBe(Number(orders[k - 1]!.orderNumber.slice(3)) + 1);
    }
  });

  it('match purchases one to one: every line is a purchase at the item price', () => {
    const purchases = interactions.filter((i) => i.eventType === 'purchase');
    expect(orders.reduce((n, o) => n + o.items.length, 0)).toBe(purchases.length);
    const priceOf = new Map(items.map((i) => [i.itemId, i.price]));
    const bought = new Set(purchases.map((p) => `${p.customerId}|${p.itemId}|${p.at.getTime()}`));
    for (const order of orders) {
      for (const line of order.items) {
        expect(line.price).toBe(priceOf.get(line.itemId));
        expect(line.quantity).toBeGreaterThanOrEqual(1);
        expect(bought.has(`${order.customerId}|${line.itemId}|${order.placedAt.getTime()}`)).toBe(true);
      }
    }
  });

  it('take their status from their age: old ones delivered, recent ones on the way, a few cancelled', () => {
    for (const order of orders) {
      const ageDays = (ref - order.placedAt.getTime()) / DAY_MS;
      if (order.status === 'cancelled') {
        expect(order.estimatedDelivery).toBeUndefined();
        continue;
      }
      const eta = order.estimatedDelivery!.getTime();
      expect(eta).toBeGreaterThan(order.placedAt.getTime());
      if (ageDays > 7) expect(order.status).toBe('delivered');
      if (order.status === 'delivered') expect(eta).toBeLessThanOrEqual(ref);
      else expect(eta).toBeGreaterThan(ref);
      if (order.status === 'processing') expect(ageDays).toBeLessThan(0.5);
    }
    const cancelled = orders.filter((o) => o.status === 'cancelled').length;
    expect(cancelled).toBeGreaterThan(0);
    expect(cancelled).toBeLessThan(orders.length * 0.1);
    expect(orders.some((o) => o.status === 'shipped' || o.status === 'out-for-delivery' || o.status === 'processing')).toBe(true);
  });
});
