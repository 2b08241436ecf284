/**
 * A Store on a fresh, uniquely named database of the server started by global-setup.ts (shared by
 * the whole run). Close it in afterEach/afterAll: that drops the database.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { inject } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/port.js';

export interface TestStore {
  store: Store;
  uri: string;
  dbName: string;
  close(): Promise<void>;
}

let opened = 0;

export async function openTestStore(): Promise<TestStore> {
  const uri = inject('mongoUri');
  opened += 1;
  // Letters, digits and '_' only: valid on MongoDB and FerretDB, under 63 characters.
  const dbName = `parley_test_${process.pid}_${opened}_${randomBytes(4).toString('hex')}`;
  const store = await openStore({ mongo: { uri, dbName }, dataDir: os.tmpdir(), toolsDir: os.tmpdir() });
  let closing: Promise<void> | undefined;
  return {
    store,
    uri,
    dbName,
    close: () => {
      closing ??= dropAndClose(store, uri, dbName);
      return closing;
    },
  };
}

async function dropAndClose(store: Store, uri: string, dbName: string): Promise<void> {
  try {
    await dropDatabase(uri, dbName);
  } finally {
    await store.close();
  }
}

/** Store has no dropDatabase (the service never needs it); the test helper uses the driver directly. */
async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    await client.db(dbName).dropDatabase();
  } finally {
    await client.close();
  }
}
