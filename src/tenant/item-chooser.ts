import type { Catalogue } from './catalogue.js';
import type { CustomerProfile } from './customers.js';
import type { Random } from './random.js';
import { BRANDS, CATEGORIES } from './vocabulary.js';
import { WeightedSampler } from './weighted-sampler.js';

const LAUNCH_RETRIES = 8;

/** Items of one brand in one category, weighted for one price-sensitivity level. */
interface BrandShelf {
  brand: number;
  members: number[];
  sampler: WeightedSampler;
}

/**
 * Draws the item a customer looks at, with probability proportional to
 * appeal x brand affinity x relativePrice^-sensitivity. Done in two stages (brand, then item within
 * the brand) so the expensive part, appeal x price per item, is computed once per category and
 * sensitivity level (customers' sensitivities are quantized) and shared by all customers; per draw only a handful of brands are weighed.
 */
export class ItemChooser {
  private readonly shelves = new Map<number, BrandShelf[]>();
  private readonly brandWeights = new Float64Array(BRANDS.length);

  constructor(private readonly catalogue: Catalogue) {}

  /** An item of the category launched by `atMs`, or -1 when a few draws find none launched. */
  pick(rng: Random, profile: CustomerProfile, category: number, atMs: number): number {
    const shelves = this.shelvesFor(category, profile.priceSensitivity);
    for (let attempt = 0; attempt < LAUNCH_RETRIES; attempt++) {
      const shelf = this.pickShelf(rng, shelves, profile.brandAffinity);
      const itemIndex = shelf.members[shelf.sampler.sample(rng)] ?? -1;
      if (itemIndex >= 0 && (this.catalogue.launchedMs[itemIndex] ?? Infinity) <= atMs) return itemIndex;
    }
    return -1;
  }

  private pickShelf(rng: Random, shelves: BrandShelf[], affinity: Float64Array): BrandShelf {
    let total = 0;
    shelves.forEach((shelf, k) => {
      const weight = shelf.sampler.total * (affinity[shelf.brand] ?? 1);
      this.brandWeights[k] = weight;
      total += weight;
    });
    let target = rng.next() * total;
    for (let k = 0; k < shelves.length; k++) {
      target -= this.brandWeights[k] ?? 0;
      if (target < 0) return shelves[k] as BrandShelf;
    }
    return shelves[shelves.length - 1] as BrandShelf;
  }

  private shelvesFor(category: number, sensitivity: number): BrandShelf[] {
    // Sensitivities are multiples of 0.25 below 10, so this numeric key is exact.
    const key = category * 1000 + Math.round(sensitivity * 100);
    let shelves = this.shelves.get(key);
    if (shelves === undefined) {
      shelves = buildShelves(this.catalogue, category, sensitivity);
      this.shelves.set(key, shelves);
    }
    return shelves;
  }
}

function buildShelves(catalogue: Catalogue, category: number, sensitivity: number): BrandShelf[] {
  const [lo, hi] = CATEGORIES[category]?.priceRange ?? [1, 1];
  const referencePrice = Math.sqrt(lo * hi);
  const byBrand = new Map<number, number[]>();
  for (const itemIndex of catalogue.byCategory[category] ?? []) {
    const brand = catalogue.brandOf[itemIndex] ?? 0;
    const members = byBrand.get(brand) ?? [];
    members.push(itemIndex);
    byBrand.set(brand, members);
  }
  return [...byBrand.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([brand, members]) => {
      const weights = members.map((i) => {
        const relativePrice = (catalogue.items[i]?.price ?? referencePrice) / referencePrice;
        return (catalogue.appeal[i] ?? 0) * Math.pow(relativePrice, -sensitivity);
      });
      return { brand, members, sampler: new WeightedSampler(weights) };
    });
}
