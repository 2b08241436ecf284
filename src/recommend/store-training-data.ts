/**
 * Reads what the local engine trains on from the customer store: every interaction in one cursor
 * pass (a full read is seconds on FerretDB, so it happens once, at start) and the catalogue as
 * Personalize-style item metadata, which the slot filters (Items.CATEGORY, BRAND, PRICE) test.
 */
import type { InteractionRepository, Item, ItemRepository } from '../store/port.js';
import type { Interaction } from './local/types.js';

/** The store answers at most this many items per search (MAX_ITEM_LIMIT). */
const SEARCH_LIMIT = 1000;

export interface CatalogueEntry {
  itemId: string;
  metadata: Record<string, string>;
}

export interface TrainingData {
  interactions: Interaction[];
  catalogue: CatalogueEntry[];
}

/** Item metadata in Personalize's UPPER_SNAKE columns; numbers as strings, as in an items CSV. */
export function itemMetadata(item: Pick<Item, 'category' | 'brand' | 'price' | 'subcategory'>): Record<string, string> {
  return {
    CATEGORY: item.category,
    BRAND: item.brand,
    PRICE: String(item.price),
    ...(item.subcategory === undefined ? {} : { SUBCATEGORY: item.subcategory }),
  };
}

type CatalogueReader = Pick<ItemRepository, 'search' | 'categories' | 'brands'>;

/**
 * The whole catalogue through the store's search (served from its in-memory copy), category by
 * category, and brand by brand inside a category too large for one answer.
 */
export async function readCatalogue(items: CatalogueReader): Promise<CatalogueEntry[]> {
  return (await readCatalogueItems(items)).map((item) => ({ itemId: item.itemId, metadata: itemMetadata(item) }));
}

/** Every item of the catalogue, whole (dataset export), the same way as readCatalogue. */
export async function readCatalogueItems(items: CatalogueReader): Promise<Item[]> {
  const found = new Map<string, Item>();
  const brands = await items.brands();
  for (const category of await items.categories()) {
    const inCategory = await items.search({ category, limit: SEARCH_LIMIT });
    if (inCategory.length < SEARCH_LIMIT) {
      for (const item of inCategory) found.set(item.itemId, item);
      continue;
    }
    for (const brand of brands) for (const item of await items.search({ category, brand, limit: SEARCH_LIMIT })) found.set(item.itemId, item);
  }
  return [...found.values()];
}

export async function readTrainingData(store: { interactions: Pick<InteractionRepository, 'forEach'>; items: CatalogueReader }): Promise<TrainingData> {
  const interactions: Interaction[] = [];
  await store.interactions.forEach((stored) => {
    // Thumbs about a reply name no item: they are the bandit's, not the recommender's.
    if (stored.itemId === '' || stored.eventType === 'thumbs-up' || stored.eventType === 'thumbs-down') return;
    interactions.push({
      userId: stored.customerId,
      itemId: stored.itemId,
      timestamp: Math.floor(stored.at.getTime() / 1000),
      eventType: stored.eventType,
      ...(stored.eventValue === undefined ? {} : { eventValue: stored.eventValue }),
    });
  });
  return { interactions, catalogue: await readCatalogue(store.items) };
}
