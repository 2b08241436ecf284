/**
 * An immutable in-memory index of the whole catalogue, answering ItemRepository.search exactly as
 * the Mongo query does (filter, then popularity descending, ties by itemId ascending) without
 * touching the database. Items are held by rank (position in that order); each posting list
 * (category, brand, keyword) is a sorted list of ranks, so a search walks the shortest list in
 * rank order and stops after `limit` matches.
 */
import type { Item, ItemQuery } from './port.js';

export class CatalogueIndex {
  /** Items in search order. */
  private readonly ranked: readonly Item[];
  private readonly byId = new Map<string, Item>();
  private readonly byCategory = new Map<string, number[]>();
  private readonly byBrand = new Map<string, number[]>();
  private readonly byKeyword = new Map<string, number[]>();
  readonly categories: readonly string[];
  readonly brands: readonly string[];

  constructor(items: readonly Item[]) {
    this.ranked = [...items].sort(searchOrder);
    this.ranked.forEach((item, rank) => {
      this.byId.set(item.itemId, item);
      post(this.byCategory, item.category, rank);
      post(this.byBrand, item.brand, rank);
      for (const word of new Set(item.keywords)) post(this.byKeyword, word, rank);
    });
    // Same order as the Mongo repository's distinct(...).sort().
    this.categories = [...this.byCategory.keys()].sort();
    this.brands = [...this.byBrand.keys()].sort();
  }

  get size(): number {
    return this.ranked.length;
  }

  get(itemId: string): Item | undefined {
    return this.byId.get(itemId);
  }

  /** `query` must already be validated (buildItemFilter) and `limit` clamped (itemLimit). */
  search(query: ItemQuery, limit: number): Item[] {
    const lists: number[][] = [];
    for (const [map, key] of this.postingKeys(query)) {
      const list = map.get(key);
      if (list === undefined) return [];
      lists.push(list);
    }
    const shortest = lists.reduce<number[] | undefined>((best, list) => (best === undefined || list.length < best.length ? list : best), undefined);
    const matches: Item[] = [];
    const consider = (item: Item | undefined): boolean => {
      if (item !== undefined && matchesQuery(item, query)) matches.push(item);
      return matches.length < limit;
    };
    if (shortest === undefined) {
      for (const item of this.ranked) if (!consider(item)) break;
    } else {
      for (const rank of shortest) if (!consider(this.ranked[rank])) break;
    }
    return matches;
  }

  private postingKeys(query: ItemQuery): Array<[Map<string, number[]>, string]> {
    const keys: Array<[Map<string, number[]>, string]> = [];
    if (query.category !== undefined) keys.push([this.byCategory, query.category]);
    if (query.brand !== undefined) keys.push([this.byBrand, query.brand]);
    for (const word of query.keywords ?? []) keys.push([this.byKeyword, word]);
    return keys;
  }
}

/** The Mongo filter of buildItemFilter, evaluated in memory. */
export function matchesQuery(item: Item, query: ItemQuery): boolean {
  if (query.category !== undefined && item.category !== query.category) return false;
  if (query.brand !== undefined && item.brand !== query.brand) return false;
  if (query.maxPrice !== undefined && !(item.price <= query.maxPrice)) return false;
  return (query.keywords ?? []).every((word) => item.keywords.includes(word));
}

/** popularity descending, then itemId ascending by code unit (MongoDB's binary order for ASCII ids). */
export function searchOrder(a: Item, b: Item): number {
  if (a.popularity !== b.popularity) return b.popularity - a.popularity;
  if (a.itemId === b.itemId) return 0;
  return a.itemId < b.itemId ? -1 : 1;
}

function post(map: Map<string, number[]>, key: string, rank: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rank]);
  else list.push(rank);
}
