import { describe, expect, it } from 'vitest';
import type { Interaction } from '../../../src/store/port.js';
import { CATEGORIES } from '../../../src/tenant/index.js';
import { fixtureTenant, monthKey } from './tenant-fixture.js';

describe('interaction history', () => {
  const { items, customers, interactions, referenceDate } = fixtureTenant();
  const itemById = new Map(items.map((item) => [item.itemId, item]));
  const customerById = new Map(customers.map((c) => [c.customerId, c]));

  it('sets item popularity to the item interaction count', () => {
    const counts = new Map<string, number>();
    for (const i of interactions) counts.set(i.itemId, (counts.get(i.itemId) ?? 0) + 1);
    for (const item of items) expect(item.popularity).toBe(counts.get(item.itemId) ?? 0);
  });

  it('is heavy-tailed: the top 10% of items get over 40% of interactions', () => {
    const popularity = items.map((i) => i.popularity).sort((a, b) => b - a);
    const top = popularity.slice(0, Math.ceil(items.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / interactions.length).toBeGreaterThan(0.4);
    // ... and there is a niche tail, not just a few hits.
    expect(popularity.filter((p) => p > 0).length).toBeGreaterThan(items.length / 2);
  });

  it('has heavy-tailed customer activity', () => {
    const perCustomer = new Map<string, number>();
    for (const i of interactions) perCustomer.set(i.customerId, (perCustomer.get(i.customerId) ?? 0) + 1);
    const counts = customers.map((c) => perCustomer.get(c.customerId) ?? 0).sort((a, b) => b - a);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / interactions.length).toBeGreaterThan(0.3);
  });

  it("concentrates each customer's interactions on their top latent categories, far above chance", () => {
    const shares: number[] = [];
    for (const [customerId, events] of byCustomer(interactions)) {
      if (events.length < 10) continue;
      const top = new Set((customerById.get(customerId)?.tastes ?? []).slice(0, 2).map((t) => t.category));
      shares.push(events.filter((e) => top.has(itemById.get(e.itemId)!.category)).length / events.length);
    }
    const chance = 2 / CATEGORIES.length;
    expect(shares.length).toBeGreaterThan(300);
    expect(shares.reduce((a, b) => a + b, 0) / shares.length).toBeGreaterThan(Math.max(0.6, 3 * chance));
  });

  it("shows seasonality: each category's share peaks in its peak month versus six months away", () => {
    const perMonth = new Map<string, Map<string, number>>();
    const totals = new Map<string, number>();
    for (const i of interactions) {
      const month = monthKey(i.at);
      const category = itemById.get(i.itemId)!.category;
      const counts = perMonth.get(month) ?? new Map<string, number>();
      counts.set(category, (counts.get(category) ?? 0) + 1);
      perMonth.set(month, counts);
      totals.set(month, (totals.get(month) ?? 0) + 1);
    }
    const monthOf = (calendarMonth: number): string => {
      // The window is the 12 months before the reference date (the 1st of a month here), so
      // each calendar month appears once; months from the reference month on are last year's.
      const year = referenceDate.getUTCFullYear() - (calendarMonth >= referenceDate.getUTCMonth() ? 1 : 0);
      return `${year}-${String(calendarMonth + 1).padStart(2, '0')}`;
    };
    for (const category of CATEGORIES) {
      const peak = monthOf(category.peakMonth - 1);
      const opposite = monthOf((category.peakMonth + 5) % 12);
      const share = (month: string): number => (perMonth.get(month)?.get(category.name) ?? 0) / (totals.get(month) ?? 1);
      expect(share(peak), category.name).toBeGreaterThan(1.5 * share(opposite));
    }
  });

  it('keeps funnel order: purchases <= carts <= clicks <= views, per customer and per session', () => {
    const count = (events: Interaction[], type: string): number => events.filter((e) => e.eventType === type).length;
    for (const events of [interactions, ...byCustomer(interactions).values()]) {
      expect(count(events, 'purchase')).toBeLessThanOrEqual(count(events, 'add-to-cart'));
      expect(count(events, 'add-to-cart')).toBeLessThanOrEqual(count(events, 'click'));
      expect(count(events, 'click')).toBeLessThanOrEqual(count(events, 'view'));
    }
    expect(count(interactions, 'purchase')).toBeGreaterThan(0);
  });

  it('has every purchase preceded by a cart, click and view of the same item in its session', () => {
    const seen = new Map<string, Set<string>>();
    const skipped: string[] = [];
    for (const i of interactions) {
      if (i.sessionId === undefined) continue;
      const key = `${i.sessionId}|${i.itemId}`;
      const steps = seen.get(key) ?? new Set<string>();
      const before = { click: 'view', 'add-to-cart': 'click', purchase: 'add-to-cart' }[i.eventType as string];
      if (before !== undefined && !steps.has(before)) skipped.push(`${i.eventType} ${key}`);
      steps.add(i.eventType);
      seen.set(key, steps);
    }
    expect(skipped).toEqual([]);
  });

  it('only happens after the customer joined and the item launched, within the year before the reference date', () => {
    const start = referenceDate.getTime() - 365 * 86_400_000;
    const misplaced = interactions.filter((i) => {
      const at = i.at.getTime();
      return at >= referenceDate.getTime() || at < start || at < customerById.get(i.customerId)!.createdAt.getTime() || at < itemById.get(i.itemId)!.createdAt.getTime();
    });
    expect(misplaced).toEqual([]);
  });

  it('puts values on purchases (revenue) and ratings (1-5 stars) only', () => {
    const wrong = interactions.filter((i) => {
      if (i.eventType === 'purchase') return !(i.eventValue! > 0);
      if (i.eventType === 'rating') return ![1, 2, 3, 4, 5].includes(i.eventValue!);
      return i.eventValue !== undefined;
    });
    expect(wrong).toEqual([]);
    expect(interactions.some((i) => i.eventType === 'rating')).toBe(true);
  });

  it('is busiest in the local evening, quiet at night', () => {
    const formats = new Map<string, Intl.DateTimeFormat>();
    const localHour = (i: Interaction): number => {
      const zone = customerById.get(i.customerId)!.timeZone;
      let format = formats.get(zone);
      if (format === undefined) {
        format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' });
        formats.set(zone, format);
      }
      return Number(format.format(i.at));
    };
    const sample = interactions.filter((_, k) => k % 10 === 0);
    const evening = sample.filter((i) => [19, 20, 21].includes(localHour(i))).length;
    const night = sample.filter((i) => [2, 3, 4].includes(localHour(i))).length;
    expect(evening).toBeGreaterThan(5 * night);
  });
});

function byCustomer(interactions: Interaction[]): Map<string, Interaction[]> {
  const groups = new Map<string, Interaction[]>();
  for (const i of interactions) {
    const list = groups.get(i.customerId) ?? [];
    list.push(i);
    groups.set(i.customerId, list);
  }
  return groups;
}
