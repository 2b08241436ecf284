/**
 * Helpers at the document boundary. Each document's `_id` is its natural key (itemId, orderNumber,
 * ...): FerretDB 1.24 on SQLite pushes only a filter of exactly `{_id: <string>}` down to SQLite,
 * so every lookup by key filters on `_id` alone. The key field stays in the document too, and
 * repositories hand out exactly the port's types, so reads drop `_id`.
 */

/** A stored document: the port's shape plus its natural key as `_id`. */
export type Keyed<T> = T & { _id: string };

/** Drops Mongo's `_id` from a document read from the database. */
export function withoutId<T extends object>(doc: T & { _id?: unknown }): T {
  const { _id, ...rest } = doc;
  return rest as T;
}

/** A copy for insertion with `_id` set to the natural key; the caller's object never gains an `_id`. */
export function keyed<T extends object>(doc: T, key: string): Keyed<T> {
  return { _id: key, ...doc };
}
