import { describe, expect, it } from 'vitest';
import { CATEGORY_WORDS } from '../../../src/tenant/catalogue-words.js';
import { BRANDS, CATEGORIES } from '../../../src/tenant/index.js';
import { keywordsOf } from '../../../src/tenant/keywords.js';
import { fixtureTenant } from './tenant-fixture.js';
import { generateTenant } from '../../../src/tenant/index.js';

const DAY_MS = 86_400_000;

describe('catalogue', () => {
  const { items, referenceDate } = fixtureTenant();

  it('uses exactly the vocabulary category and brand names (the bot slot values)', () => {
    const categories = new Set(CATEGORIES.map((c) => c.name));
    const brands = new Set(BRANDS.map((b) => b.name));
    for (const item of items) {
      expect(categories.has(item.category)).toBe(true);
      expect(brands.has(item.brand)).toBe(true);
    }
    expect(new Set(items.map((i) => i.category)).size).toBe(CATEGORIES.length);
    expect(new Set(items.map((i) => i.brand)).size).toBe(BRANDS.length);
  });

  it('has, in every category, plenty of items under $100 from at least 3 brands', () => {
    for (const category of CATEGORIES) {
      const cheap = items.filter((i) => i.category === category.name && i.price < 100);
      expect(cheap.length, category.name).toBeGreaterThanOrEqual(20);
      expect(new Set(cheap.map((i) => i.brand)).size, category.name).toBeGreaterThanOrEqual(3);
    }
  });

  it('keeps the guarantee at the smallest allowed catalogue', () => {
    const tiny = generateTenant({ seed: 3, customers: 10, items: 120 });
    for (const category of CATEGORIES) {
      const cheap = tiny.items.filter((i) => i.category === category.name && i.price < 100);
      expect(new Set(cheap.map((i) => i.brand)).size, category.name).toBeGreaterThanOrEqual(3);
    }
  });

  it('prices items inside their category range, in USD, ending .99 or .49', () => {
    for (const item of items) {
      const [lo, hi] = CATEGORIES.find((c) => c.name === item.category)!.priceRange;
      expect(item.price).toBeGreaterThanOrEqual(lo);
      expect(item.price).toBeLessThan(hi);
      expect([99, 49]).toContain(Math.round(item.price * 100) % 100);
      expect(item.currency).toBe('USD');
    }
  });

  it('spreads prices: premium categories still have items near the top of their range', () => {
    const watches = items.filter((i) => i.category === 'watches').map((i) => i.price);
    expect(Math.max(...watches)).toBeGreaterThan(300);
  });

  it('builds titles from brand + adjective + category noun + model number, all unique', () => {
    for (const item of items) {
      const nouns = CATEGORIES.find((c) => c.name === item.category)!.nouns;
      expect(item.title.startsWith(`${item.brand} `)).toBe(true);
      expect(nouns.some((noun) => new RegExp(` ${noun} \\d+$`).test(item.title)), item.title).toBe(true);
    }
    expect(new Set(items.map((i) => i.title)).size).toBe(items.length);
  });

  it('gives searchable lower-case keywords including brand, category and its synonyms', () => {
    const shoe = items.find((i) => i.category === 'running shoes')!;
    expect(shoe.keywords).toEqual(expect.arrayContaining(['running', 'shoes', shoe.brand.toLowerCase(), 'trainers', 'runners']));
    for (const item of items) for (const word of item.keywords) expect(word).toBe(word.toLowerCase());
  });

  it('fills subcategory, description and a relative image path', () => {
    for (const item of items) {
      expect(CATEGORY_WORDS[item.category]!.subcategories).toContain(item.subcategory);
      expect(item.description).toContain(item.brand);
      expect(item.imageUrl).toBe(`/img/items/${item.itemId}.svg`);
    }
  });

  it('launches items over two years, with some new arrivals in the last four weeks', () => {
    const ages = items.map((i) => (referenceDate.getTime() - i.createdAt.getTime()) / DAY_MS);
    expect(Math.min(...ages)).toBeGreaterThan(0);
    expect(Math.max(...ages)).toBeLessThanOrEqual(730);
    const newArrivals = ages.filter((age) => age <= 28).length;
    expect(newArrivals).toBeGreaterThan(items.length * 0.02);
    expect(newArrivals).toBeLessThan(items.length * 0.15);
  });

  it('has words for every vocabulary category', () => {
    for (const category of CATEGORIES) expect(CATEGORY_WORDS[category.name], category.name).toBeDefined();
  });
});

describe('keywordsOf', () => {
  it('lower-cases, dedupes, keeps hyphenated words whole and split, drops one-letter pieces', () => {
    expect(keywordsOf(['Tempo Crew Sock', 't-shirts', 'No-Show', 'tempo'])).toEqual(['tempo', 'crew', 'sock', 't-shirts', 'shirts', 'no-show', 'no', 'show']);
  });
});
