import type { Item } from '../store/port.js';
import { CATEGORY_WORDS, COLOURS, TITLE_ADJECTIVES } from './catalogue-words.js';
import { keywordsOf } from './keywords.js';
import { pricesForCategory } from './pricing.js';
import { Random, zipfWeights } from './random.js';
import { MIN_ITEMS_PER_CATEGORY } from './tenant-options.js';
import { BRANDS, CATEGORIES, type CategoryVocabulary } from './vocabulary.js';
import { WeightedSampler } from './weighted-sampler.js';

const DAY_MS = 86_400_000;
/** Catalogue launches span two years; a few items are "new arrivals" for cold-start work. */
const CATALOGUE_AGE_DAYS = 730;
const NEW_ARRIVAL_DAYS = 28;
const NEW_ARRIVAL_SHARE = 0.05;
/** Zipf exponent of latent item appeal within a category (about 1: a classic long tail). */
const APPEAL_EXPONENT = 1.05;

/**
 * The generated catalogue plus the latent facts the history generator needs, as parallel arrays
 * indexed like `items` (compact and fast to scan for ~100k draws).
 */
export interface Catalogue {
  /** `popularity` is 0 here; the history fills it in. */
  items: Item[];
  brandOf: Uint16Array;
  /** Latent Zipf appeal within the item's category. */
  appeal: Float64Array;
  launchedMs: Float64Array;
  /** Item indices per CATEGORIES index. */
  byCategory: number[][];
}

interface ItemDraft {
  category: number;
  brand: number;
  price: number;
  appeal: number;
  launchedMs: number;
}

export function generateCatalogue(rng: Random, count: number, referenceDate: Date): Catalogue {
  const counts = categoryCounts(count);
  const drafts: ItemDraft[] = [];
  CATEGORIES.forEach((category, index) => {
    drafts.push(...draftCategory(rng.fork(`category:${category.name}`), index, counts[index] ?? 0, referenceDate));
  });
  // Interleave categories so item ids carry no category order.
  rng.fork('order').shuffle(drafts);
  const texts = rng.fork('text');
  const titles = new Set<string>();
  const catalogue: Catalogue = {
    items: [],
    brandOf: new Uint16Array(drafts.length),
    appeal: new Float64Array(drafts.length),
    launchedMs: new Float64Array(drafts.length),
    byCategory: CATEGORIES.map(() => []),
  };
  drafts.forEach((draft, index) => {
    catalogue.items.push(buildItem(texts, draft, index, titles));
    catalogue.brandOf[index] = draft.brand;
    catalogue.appeal[index] = draft.appeal;
    catalogue.launchedMs[index] = draft.launchedMs;
    catalogue.byCategory[draft.category]?.push(index);
  });
  return catalogue;
}

export function itemIdOf(index: number): string {
  return `it-${String(index + 1).padStart(6, '0')}`;
}

/** Items per category: the minimum each, the rest shared by category weight (largest remainder). */
function categoryCounts(total: number): number[] {
  const weights = CATEGORIES.map((category) => CATEGORY_WORDS[category.name]?.weight ?? 1);
  const weightSum = weights.reduce((acc, w) => acc + w, 0);
  const spare = total - MIN_ITEMS_PER_CATEGORY * CATEGORIES.length;
  const exact = weights.map((w) => (spare * w) / weightSum);
  const counts = exact.map((x) => MIN_ITEMS_PER_CATEGORY + Math.floor(x));
  let left = total - counts.reduce((acc, n) => acc + n, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

function draftCategory(rng: Random, categoryIndex: number, n: number, referenceDate: Date): ItemDraft[] {
  const category = CATEGORIES[categoryIndex] as CategoryVocabulary;
  const roster = brandRoster(rng, categoryIndex);
  const rosterSampler = new WeightedSampler(zipfWeights(roster.length, 0.7));
  const { prices, valueCount } = pricesForCategory(rng, category.priceRange, n);
  const ranks = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const appeal = zipfWeights(n, APPEAL_EXPONENT);
  const drafts: ItemDraft[] = [];
  for (let i = 0; i < n; i++) {
    // The value line cycles through the roster so every category has cheap items from several brands.
    const brand = i < valueCount ? roster[i % roster.length] : roster[rosterSampler.sample(rng)];
    drafts.push({
      category: categoryIndex,
      brand: brand as number,
      price: prices[i] as number,
      appeal: appeal[ranks[i] as number] as number,
      launchedMs: launchTime(rng, referenceDate),
    });
  }
  return drafts;
}

/**
 * Not every brand makes everything: each category gets 5-8 brands, shuffled. Brand b is always
 * in category (b mod number of categories), so every brand sells something and every brand
 * slot value of the demo bot can find items.
 */
function brandRoster(rng: Random, categoryIndex: number): number[] {
  const size = 5 + rng.int(4);
  const shuffled = rng.shuffle(BRANDS.map((_, i) => i));
  const anchors = BRANDS.map((_, i) => i).filter((i) => i % CATEGORIES.length === categoryIndex);
  const roster = [...anchors, ...shuffled.filter((b) => !anchors.includes(b))].slice(0, Math.max(size, anchors.length));
  return rng.shuffle(roster);
}

function launchTime(rng: Random, referenceDate: Date): number {
  const ref = referenceDate.getTime();
  const ageDays = rng.chance(NEW_ARRIVAL_SHARE)
    ? rng.between(0.5, NEW_ARRIVAL_DAYS)
    : rng.between(NEW_ARRIVAL_DAYS, CATALOGUE_AGE_DAYS);
  return Math.floor(ref - ageDays * DAY_MS);
}

function buildItem(rng: Random, draft: ItemDraft, index: number, titles: Set<string>): Item {
  const category = CATEGORIES[draft.category] as CategoryVocabulary;
  const brand = BRANDS[draft.brand]?.name ?? '';
  const words = CATEGORY_WORDS[category.name];
  const subcategory = rng.pick(words?.subcategories ?? [category.name]);
  const title = uniqueTitle(rng, brand, category, titles);
  const features = rng.shuffle([...(words?.features ?? [])]).slice(0, 2);
  const description = [`${capitalize(subcategory)} ${category.name} from ${brand}, in ${rng.pick(COLOURS)}.`, ...features.map((f) => `${f}.`)].join(' ');
  const itemId = itemIdOf(index);
  return {
    itemId,
    title,
    category: category.name,
    subcategory,
    brand,
    price: draft.price,
    currency: 'USD',
    description,
    imageUrl: `/img/items/${itemId}.svg`,
    keywords: keywordsOf([title, brand, category.name, subcategory, ...category.synonyms]),
    popularity: 0,
    createdAt: new Date(draft.launchedMs),
  };
}

/** Brand + adjective + noun + model number; model numbers are bumped until the title is new. */
function uniqueTitle(rng: Random, brand: string, category: CategoryVocabulary, titles: Set<string>): string {
  const stem = `${brand} ${rng.pick(TITLE_ADJECTIVES)} ${rng.pick(category.nouns)}`;
  let model = rng.chance(0.5) ? 2 + rng.int(11) : 100 + 10 * rng.int(90);
  let title = `${stem} ${model}`;
  while (titles.has(title)) {
    model += model < 100 ? 1 : 10;
    title = `${stem} ${model}`;
  }
  titles.add(title);
  return title;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
