import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../src/tenant/geography.js';
import { CATEGORIES } from '../../../src/tenant/index.js';
import { fixtureTenant } from './tenant-fixture.js';

describe('customers', () => {
  const { customers, referenceDate } = fixtureTenant();

  it('have ids like c-000123, names and reserved example.com e-mail addresses', () => {
    customers.forEach((customer, k) => {
      expect(customer.customerId).toBe(`c-${String(k + 1).padStart(6, '0')}`);
      expect(customer.name.first.length).toBeGreaterThan(0);
      expect(customer.name.last.length).toBeGreaterThan(0);
      expect(customer.email).toMatch(/^[a-z.]+\.\d+@example\.com$/);
    });
  });

  it('live where their locale and time zone say they do', () => {
    const placeZone = new Map<string, string>();
    for (const locale of LOCALES) for (const place of locale.places) placeZone.set(`${locale.country}|${place.region}|${place.city}`, place.timeZone);
    const zonePrefix: Record<string, RegExp> = { US: /^(America|Pacific)\//, CA: /^America\//, GB: /^Europe\/London$/, AU: /^Australia\// };
    for (const customer of customers) {
      const { country, region, city } = customer.geo;
      expect(customer.locale).toBe(`en-${country}`);
      expect(customer.timeZone).toBe(placeZone.get(`${country}|${region}|${city}`));
      expect(customer.timeZone).toMatch(zonePrefix[country]!);
    }
    // Real IANA zones: Intl throws RangeError on an unknown one.
    for (const zone of new Set(customers.map((c) => c.timeZone))) {
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: zone })).not.toThrow();
    }
  });

  it('are mostly en-US with some en-GB, en-CA and en-AU', () => {
    const share = (locale: string): number => customers.filter((c) => c.locale === locale).length / customers.length;
    expect(share('en-US')).toBeGreaterThan(0.6);
    for (const locale of ['en-GB', 'en-CA', 'en-AU']) expect(share(locale)).toBeGreaterThan(0.03);
  });

  it('mostly use mobile, then desktop, then tablet', () => {
    const count = (device: string): number => customers.filter((c) => c.usualDevice === device).length;
    expect(count('mobile')).toBeGreaterThan(count('desktop'));
    expect(count('desktop')).toBeGreaterThan(count('tablet'));
    expect(count('tablet')).toBeGreaterThan(0);
  });

  it('have skewed loyalty tiers: none > silver > gold > platinum > 0', () => {
    const count = (tier: string): number => customers.filter((c) => c.loyaltyTier === tier).length;
    expect(count('none')).toBeGreaterThan(count('silver'));
    expect(count('silver')).toBeGreaterThan(count('gold'));
    expect(count('gold')).toBeGreaterThan(count('platinum'));
    expect(count('platinum')).toBeGreaterThan(0);
  });

  it('have sparse latent tastes over known categories, heaviest first', () => {
    const names = new Set(CATEGORIES.map((c) => c.name));
    let concentrated = 0;
    for (const customer of customers) {
      const tastes = customer.tastes ?? [];
      expect(tastes.length).toBeGreaterThan(0);
      for (const taste of tastes) {
        expect(names.has(taste.category)).toBe(true);
        expect(taste.weight).toBeGreaterThan(0);
        expect(taste.weight).toBeLessThanOrEqual(1);
      }
      expect(tastes.map((t) => t.weight)).toEqual([...tastes.map((t) => t.weight)].sort((a, b) => b - a));
      if ((tastes[0]?.weight ?? 0) + (tastes[1]?.weight ?? 0) > 0.6) concentrated++;
    }
    expect(concentrated / customers.length).toBeGreaterThan(0.6);
  });

  it('joined over the past three years, a few in the last month', () => {
    const ages = customers.map((c) => (referenceDate.getTime() - c.createdAt.getTime()) / 86_400_000);
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(3 * 365);
    expect(ages.filter((age) => age < 30).length).toBeGreaterThan(0);
  });

  it('give marketing consent sometimes, not always', () => {
    const share = customers.filter((c) => c.marketingConsent).length / customers.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.8);
  });
});
