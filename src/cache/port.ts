/**
 * The audio cache's ports: the persistent store under the memory tier (disk by default, S3 in
 * production) and the request flag that keeps personal audio out of it. Nothing here does I/O.
 */
import type { SynthesizeRequest } from '../speech/port.js';

/**
 * `shared` (the default): the audio may be written to the persistent store and served by URL to
 * anyone who has its key. `private`: the text holds personal data (a name, an order number, an
 * address); the audio is kept only in this process's memory tier and never served by URL.
 */
export type CachePolicy = 'shared' | 'private';

/** A speech request as the cache takes it: Polly's request plus where its audio may be kept. */
export interface CachedSynthesizeRequest extends SynthesizeRequest {
  cachePolicy?: CachePolicy;
}

/** One cached synthesis: the whole body (audio or speech marks) and what Polly reported with it. */
export interface AudioEntry {
  body: Uint8Array;
  contentType: string;
  requestCharacters: number;
}

export interface AudioEntryMeta {
  bytes: number;
  contentType: string;
  requestCharacters: number;
  /** Hex SHA-256 of the body, checked on every read. */
  sha256: string;
}

/**
 * Persistent bytes by entry name (`<key>.<ext>`, see `entryName`). Implementations verify a
 * checksum on read: a corrupt entry is deleted and reported as absent. Failures reject with a
 * retryable `PARLEY_CACHE_STORE_FAILURE`; the cache then serves from the origin.
 */
export interface AudioStore {
  /** The entry, or undefined when absent (or found corrupt and removed). */
  get(name: string): Promise<AudioEntry | undefined>;
  /** Writes the whole entry atomically: readers see the old state or the new, never a part. */
  put(name: string, entry: AudioEntry): Promise<void>;
  head(name: string): Promise<AudioEntryMeta | undefined>;
  delete(name: string): Promise<void>;
}
