/**
 * Helpers at the document boundary. The driver adds `_id` to objects it inserts and returns it on
 * reads; repositories hand out exactly the port's types, so inserts get a copy and reads drop it.
 */

/** Drops Mongo's `_id` from a document read from the database. */
export function withoutId<T extends object>(doc: T & { _id?: unknown }): T {
  const { _id, ...rest } = doc;
  return rest as T;
}

/** A shallow copy for insertion, so the caller's object never gains an `_id`. */
export function forInsert<T extends object>(doc: T): T {
  return { ...doc };
}
