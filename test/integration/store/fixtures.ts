/** Small documents for the store integration tests. */
import type { Customer, Item, SessionRecord } from '../../../src/store/port.js';

export const T0 = new Date('2025-03-01T10:00:00Z');

export function customer(id: string, overrides: Partial<Customer> = {}): Customer {
  return {
    customerId: id,
    name: { first: 'Ada', last: 'Lovelace' },
    email: `${id}@example.com`,
    locale: 'en_US',
    timeZone: 'Europe/London',
    usualDevice: 'mobile',
    geo: { country: 'GB', region: 'ENG', city: 'London' },
    loyaltyTier: 'gold',
    marketingConsent: true,
    tastes: [{ category: 'shoes', weight: 0.7 }],
    createdAt: T0,
    ...overrides,
  };
}

export function item(id: string, overrides: Partial<Item> = {}): Item {
  return {
    itemId: id,
    title: `Item ${id}`,
    category: 'shoes',
    brand: 'Acme',
    price: 50,
    currency: 'USD',
    keywords: ['item', 'acme', 'shoes'],
    popularity: 1,
    createdAt: T0,
    ...overrides,
  };
}

export function session(id: string): SessionRecord {
  return {
    sessionId: id,
    siteKey: 'demo-site',
    userId: 'anon-1',
    anonymous: true,
    botName: 'ParleyStore',
    localeId: 'en_US',
    context: { device: 'kiosk', 'promo.ref': 'spring' },
    state: { sessionAttributes: { 'cart.total': '10', $where: 'sleep(1)', plain: 'ok' } },
    turns: [],
    createdAt: T0,
    updatedAt: T0,
    expiresAt: new Date(T0.getTime() + 300_000),
  };
}
