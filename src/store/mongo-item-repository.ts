/** Items collection, `_id` = itemId: the catalogue, searched by category, brand, price and keywords. */
import type { Collection } from 'mongodb';
import { keyed, withoutId, type Keyed } from './documents.js';
import { buildItemFilter, itemLimit } from './item-query.js';
import { guard } from './mongo-errors.js';
import type { Item, ItemQuery, ItemRepository } from './port.js';

/**
 * Up to this many ids, getMany reads each by `_id` (pushed down to SQLite on FerretDB, where an
 * `$in` is a full scan); beyond, one `$in` query is cheaper on either server.
 */
const POINT_READS_MAX = 32;

export class MongoItemRepository implements ItemRepository {
  constructor(private readonly collection: Collection<Keyed<Item>>) {}

  async get(itemId: string): Promise<Item | null> {
    const doc = await guard(() => this.collection.findOne({ _id: itemId }));
    return doc === null ? null : withoutId(doc);
  }

  /** In the order of `itemIds`; unknown ids are skipped. */
  async getMany(itemIds: string[]): Promise<Item[]> {
    if (itemIds.length === 0) return [];
    const unique = [...new Set(itemIds)];
    const found =
      unique.length <= POINT_READS_MAX
        ? await Promise.all(unique.map((id) => this.get(id)))
        : (await guard(() => this.collection.find({ _id: { $in: unique } }).toArray())).map(withoutId);
    const byId = new Map(found.flatMap((item) => (item === null ? [] : [[item.itemId, item] as const])));
    return itemIds.flatMap((id) => byId.get(id) ?? []);
  }

  async insertMany(items: Item[]): Promise<void> {
    if (items.length === 0) return;
    const docs = items.map((item) => keyed(item, item.itemId));
    await guard(() => this.collection.insertMany(docs, { ordered: true }));
  }

  /** A full scan on FerretDB/SQLite; CachedItemRepository answers it from memory instead. */
  async search(query: ItemQuery): Promise<Item[]> {
    const filter = buildItemFilter(query);
    const limit = itemLimit(query.limit);
    const docs = await guard(() =>
      this.collection.find(filter).sort({ popularity: -1, itemId: 1 }).limit(limit).toArray(),
    );
    return docs.map(withoutId);
  }

  /**
   * The whole catalogue, or null when it has more than `max` items. No filter and no sort, so
   * FerretDB pushes the limit down to SQLite.
   */
  async loadAll(max: number): Promise<Item[] | null> {
    const docs = await guard(() => this.collection.find({}).limit(max + 1).toArray());
    return docs.length > max ? null : docs.map(withoutId);
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
