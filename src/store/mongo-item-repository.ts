/** Items collection: the catalogue, searched by category, brand, price and keywords. */
import type { Collection } from 'mongodb';
import { forInsert, withoutId } from './documents.js';
import { buildItemFilter, itemLimit } from './item-query.js';
import { guard } from './mongo-errors.js';
import type { Item, ItemQuery, ItemRepository } from './port.js';

export class MongoItemRepository implements ItemRepository {
  constructor(private readonly collection: Collection<Item>) {}

  async get(itemId: string): Promise<Item | null> {
    const doc = await guard(() => this.collection.findOne({ itemId }));
    return doc === null ? null : withoutId(doc);
  }

  /** In the order of `itemIds`; unknown ids are skipped. */
  async getMany(itemIds: string[]): Promise<Item[]> {
    if (itemIds.length === 0) return [];
    const docs = await guard(() => this.collection.find({ itemId: { $in: itemIds } }).toArray());
    const byId = new Map(docs.map((doc) => [doc.itemId, withoutId(doc)]));
    return itemIds.flatMap((id) => byId.get(id) ?? []);
  }

  async insertMany(items: Item[]): Promise<void> {
    if (items.length === 0) return;
    await guard(() => this.collection.insertMany(items.map(forInsert), { ordered: true }));
  }

  async search(query: ItemQuery): Promise<Item[]> {
    const filter = buildItemFilter(query);
    const limit = itemLimit(query.limit);
    const docs = await guard(() =>
      this.collection.find(filter).sort({ popularity: -1, itemId: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }

  count(): Promise<number> {
    return guard(() => this.collection.estimatedDocumentCount());
  }

  categories(): Promise<string[]> {
    return this.distinct('category');
  }

  brands(): Promise<string[]> {
    return this.distinct('brand');
  }

  private async distinct(field: 'category' | 'brand'): Promise<string[]> {
    const values = await guard(() => this.collection.distinct(field));
    return values.filter((value): value is string => typeof value === 'string').sort();
  }
}
