/**
 * The store area's public names. Other areas take the Store port from `port.ts` and open it with
 * `openStore` here; only this area imports the MongoDB driver.
 */
export { openStore } from './mongo-store.js';
export type { OpenStoreOptions, StoreConfig } from './mongo-store.js';
export { silentStoreLog } from './store-log.js';
export type { StoreLog } from './store-log.js';
export { COLLECTIONS } from './indexes.js';
export type * from './port.js';
