/**
 * The catalogue served from memory. On FerretDB/SQLite every item search is a full collection
 * scan (seconds on a few thousand items), far over a chat turn's budget, so searches, categories
 * and brands are answered from a CatalogueIndex of the whole catalogue, loaded once on first use
 * (single-flight) and reloaded every `refreshMs` in the background and at once after insertMany
 * through this repository. get/getMany read the index and fall back to the database for ids it
 * lacks (items added by another process since the last load). A catalogue larger than `maxItems`
 * is not cached: every call goes to the database.
 */
import { CatalogueIndex } from './catalogue-index.js';
import { buildItemFilter, itemLimit } from './item-query.js';
import type { Item, ItemQuery, ItemRepository } from './port.js';
import { silentStoreLog, type StoreLog } from './store-log.js';

/** An ItemRepository that can also hand over its whole catalogue (MongoItemRepository). */
export interface CatalogueSource extends ItemRepository {
  /** Every item, or null when there are more than `max`. */
  loadAll(max: number): Promise<Item[] | null>;
}

export interface CatalogueCacheOptions {
  /** Background reload period (ms). Default 60 s. */
  refreshMs?: number;
  /** Larger catalogues are not cached. Default 200,000 items. */
  maxItems?: number;
  log?: StoreLog;
}

/** A loaded catalogue (or the finding that it is too large), tagged with the write version it saw. */
interface Snapshot {
  index: CatalogueIndex | undefined;
  version: number;
}

// A reload decodes the whole catalogue on the event loop (hundreds of ms for a few thousand
// items), so it is rare; this process's own inserts reload at once.
export const DEFAULT_CATALOGUE_REFRESH_MS = 10 * 60_000;
export const DEFAULT_CATALOGUE_MAX_ITEMS = 200_000;

export class CachedItemRepository implements ItemRepository {
  private readonly refreshMs: number;
  private readonly maxItems: number;
  private readonly log: StoreLog;
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  /** Bumped by every insertMany through this repository; a snapshot older than it is stale. */
  private version = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly source: CatalogueSource, options: CatalogueCacheOptions = {}) {
    this.refreshMs = options.refreshMs ?? DEFAULT_CATALOGUE_REFRESH_MS;
    this.maxItems = options.maxItems ?? DEFAULT_CATALOGUE_MAX_ITEMS;
    this.log = options.log ?? silentStoreLog;
  }

  async get(itemId: string): Promise<Item | null> {
    const cached = this.loadedIndex()?.get(itemId);
    return cached === undefined ? this.source.get(itemId) : copyItem(cached);
  }

  /** In the order of `itemIds`; unknown ids are skipped. */
  async getMany(itemIds: string[]): Promise<Item[]> {
    const index = this.loadedIndex();
    if (index === undefined) return this.source.getMany(itemIds);
    const missing = itemIds.filter((id) => index.get(id) === undefined);
    const fetched = new Map((missing.length === 0 ? [] : await this.source.getMany(missing)).map((item) => [item.itemId, item]));
    return itemIds.flatMap((id) => {
      const cached = index.get(id);
      return cached === undefined ? (fetched.get(id) ?? []) : [copyItem(cached)];
    });
  }

  async insertMany(items: Item[]): Promise<void> {
    await this.source.insertMany(items);
    if (items.length > 0) this.invalidate();
  }

  /** The catalogue changed (insert, Store.reset): stop using the loaded one and reload it. */
  invalidate(): void {
    this.version += 1;
    // Reload now if a catalogue is in use; otherwise the first search loads it.
    if (this.snapshot !== undefined) void this.current().catch((error: unknown) => this.logFailure(error));
  }

  async search(query: ItemQuery): Promise<Item[]> {
    buildItemFilter(query); // the same validation, and errors, as the database search
    const limit = itemLimit(query.limit);
    const index = await this.current();
    if (index === undefined) return this.source.search(query);
    return index.search(query, limit).map(copyItem);
  }

  /** From the catalogue (loading it): on FerretDB a count reads every document anyway. */
  async count(): Promise<number> {
    const index = await this.current();
    return index === undefined ? this.source.count() : index.size;
  }

  async categories(): Promise<string[]> {
    const index = await this.current();
    return index === undefined ? this.source.categories() : [...index.categories];
  }

  async brands(): Promise<string[]> {
    const index = await this.current();
    return index === undefined ? this.source.brands() : [...index.brands];
  }

  /** Stops the background refresh. */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The index if a current one is loaded, without waiting for a load. */
  private loadedIndex(): CatalogueIndex | undefined {
    return this.snapshot?.version === this.version ? this.snapshot.index : undefined;
  }

  /** The current index (undefined: too large, use the database), loading it if needed. */
  private async current(): Promise<CatalogueIndex | undefined> {
    // A load that started before the latest insertMany does not count: loop until one saw it.
    while (this.snapshot === undefined || this.snapshot.version < this.version) await this.load();
    return this.snapshot.index;
  }

  /** Single-flight: concurrent callers share one load. */
  private load(): Promise<Snapshot> {
    this.loading ??= this.fetch().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async fetch(): Promise<Snapshot> {
    const version = this.version;
    const wasTooLarge = this.snapshot !== undefined && this.snapshot.index === undefined;
    // Still too large: a count is far cheaper than reading maxItems documents to find out again.
    const items = wasTooLarge && (await this.source.count()) > this.maxItems ? null : await this.source.loadAll(this.maxItems);
    if (items === null && !wasTooLarge) this.log('catalogue too large to cache; searching the database', { maxItems: this.maxItems });
    const snapshot = { index: items === null ? undefined : new CatalogueIndex(items), version };
    if (this.snapshot === undefined || this.snapshot.version <= version) this.snapshot = snapshot;
    this.startTimer();
    return snapshot;
  }

  private startTimer(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setInterval(() => {
      if (this.loading === undefined) void this.load().catch((error: unknown) => this.logFailure(error));
    }, this.refreshMs);
    this.timer.unref(); // never keeps the process alive
  }

  private logFailure(error: unknown): void {
    // The previous catalogue stays in use; the next refresh tries again.
    this.log('catalogue refresh failed', { error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * A copy the caller may change without touching the catalogue. Item's only non-primitive fields
 * are `keywords` and `createdAt`; this is several times cheaper than structuredClone, which ran on
 * every recommendation turn.
 */
export function copyItem(item: Item): Item {
  return { ...item, keywords: [...item.keywords], createdAt: new Date(item.createdAt.getTime()) };
}
