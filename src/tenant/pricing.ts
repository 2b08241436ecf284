import type { Random } from './random.js';

/** Below this, an item is in the "value line" the demo needs ("running shoes under 100 dollars"). */
export const VALUE_PRICE_LIMIT = 100;
/** Share of each category guaranteed under VALUE_PRICE_LIMIT, whatever its price range. */
const VALUE_SHARE = 0.3;
const MIN_VALUE_ITEMS = 3;

/**
 * Prices for one category: log-normal across the category's range (most items mid-range, a few
 * premium), truncated to the range and rounded to .99 or .49. The first `valueCount` prices are
 * drawn under $100 so that every category has plenty of affordable items even when its range is
 * mostly premium (watches run to $600).
 */
export function pricesForCategory(rng: Random, range: [number, number], n: number): { prices: number[]; valueCount: number } {
  const [lo, hi] = range;
  const valueHi = Math.min(hi, VALUE_PRICE_LIMIT - 1);
  const valueCount = hi < VALUE_PRICE_LIMIT ? n : Math.min(n, Math.max(MIN_VALUE_ITEMS, Math.ceil(VALUE_SHARE * n)));
  const prices: number[] = [];
  for (let i = 0; i < n; i++) {
    const raw = i < valueCount ? logUniform(rng, lo, valueHi) : truncatedLogNormal(rng, lo, hi);
    prices.push(roundPrice(rng, raw));
  }
  return { prices, valueCount };
}

function logUniform(rng: Random, lo: number, hi: number): number {
  return Math.exp(rng.between(Math.log(lo), Math.log(hi)));
}

function truncatedLogNormal(rng: Random, lo: number, hi: number): number {
  const mu = (Math.log(lo) + Math.log(hi)) / 2;
  const sigma = (Math.log(hi) - Math.log(lo)) / 4;
  for (let attempt = 0; attempt < 20; attempt++) {
    const x = rng.logNormal(mu, sigma);
    if (x >= lo && x < hi) return x;
  }
  return Math.exp(mu);
}

/**
 * Whole dollars plus .99 (mostly) or .49; flooring keeps the price inside [lo, hi) for integer
 * bounds, so a value-line price stays under $100.
 */
function roundPrice(rng: Random, raw: number): number {
  const cents = raw < 10 || rng.chance(0.75) ? 99 : 49;
  return (Math.floor(raw) * 100 + cents) / 100;
}
