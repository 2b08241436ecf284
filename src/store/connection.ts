/**
 * The one MongoClient of a process. Timeouts are short so that a database that is down fails a
 * request in seconds with PARLEY_STORE_UNAVAILABLE instead of hanging it.
 */
import { MongoClient } from 'mongodb';
import { toStoreError } from './mongo-errors.js';

export interface ConnectOptions {
  /** How long to look for a usable server before failing (ms). */
  serverSelectionTimeoutMs?: number;
}

/** Connects and pings. Throws UpstreamError PARLEY_STORE_UNAVAILABLE if no server answers in time. */
export async function connectMongo(uri: string, options: ConnectOptions = {}): Promise<MongoClient> {
  const timeoutMs = options.serverSelectionTimeoutMs ?? 5000;
  let client: MongoClient;
  try {
    client = new MongoClient(uri, {
      appName: 'parley',
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: 30_000,
      maxPoolSize: 50,
      // Optional fields left undefined are omitted, not stored as null.
      ignoreUndefined: true,
    });
  } catch (error) {
    throw toStoreError(error); // a malformed URI
  }
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return client;
  } catch (error) {
    await client.close().catch(() => {});
    throw toStoreError(error);
  }
}
