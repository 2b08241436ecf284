/**
 * The audio cache's public names (docs/audio-cache.md). Other areas import only this file or port.ts.
 *
 * - `createAudioCache(config.audioCache, deps)`: the speech port the pipeline uses,
 *   cache(retry(guard(origin))), plus the whole-request cache behind POST /v1/audio and the metrics.
 * - `audioKey`, `entryName`, `parseEntryName`: content-addressed keys and `/v1/audio/<key>.<ext>` names.
 * - Tiers (`MemoryTier`, `DiskStore`, S3 via `createS3Store`), `OriginGuard`, `FragmentedSynthesizer`.
 * - Metrics: `audioMetrics()`, `observeReplyFirstAudio(seconds)`.
 * Nothing runs at import time.
 */
import type { AudioCacheConfig, SpeechConfig } from '../config.js';
import type { Lexicon, SpeechSynthesizer } from '../speech/index.js';
import { CachedSynthesizer } from './cached-synthesizer.js';
import { DiskStore } from './disk-store.js';
import { FragmentedSynthesizer } from './fragmented-synthesizer.js';
import { MemoryTier } from './memory-tier.js';
import { audioMetrics, type AudioMetrics } from './metrics.js';
import { OriginGuard } from './origin-guard.js';
import type { AudioStore } from './port.js';
import { RetryingSynthesizer } from './retrying-synthesizer.js';
import type { S3Store, S3StoreOptions } from './s3-store.js';

export type { AudioEntry, AudioEntryMeta, AudioStore, CachePolicy, CachedSynthesizeRequest } from './port.js';
export { CACHE_ERROR_CODES, isAudioUnavailable } from './errors.js';
export { FORMAT_EXTENSIONS, KEY_PATTERN, audioKey, canonicalRequest, entryName, isEntryName, lexiconDigest, normalizeText, parseEntryName, type KeyContext } from './key.js';
export { MemoryTier, type MemoryEntry } from './memory-tier.js';
export { DiskStore, type DiskStoreOptions } from './disk-store.js';
export type { S3Store, S3StoreOptions } from './s3-store.js';
export { CachedSynthesizer, type CachedSynthesizerOptions, type LookupResult } from './cached-synthesizer.js';
export { OriginGuard, POLLY_QUOTAS, type EngineQuota, type OriginGuardOptions } from './origin-guard.js';
export { TokenBucket, type TokenBucketOptions } from './token-bucket.js';
export { RetryingSynthesizer, type RetryOptions } from './retrying-synthesizer.js';
export { FragmentedSynthesizer, type FragmentedSynthesizerOptions } from './fragmented-synthesizer.js';
export { AudioMetrics, PRICE_PER_MILLION_CHARACTERS, audioMetrics, costOf, observeReplyFirstAudio } from './metrics.js';
export { isJoinable, joinPart, playMs, type JoinableFormat } from './audio-join.js';
export { warmCache, staticSentences, type WarmOptions, type WarmProgress, type WarmSummary } from './warm.js';

/**
 * The speech configuration to build the cache's origin from, and the attempts the cache's retry
 * makes. Polly's SDK would retry throttling inside the adapter, past the origin guard (those
 * attempts take no token and can exceed the quota): the adapter gets one attempt per call, and
 * the configured attempts (PARLEY_POLLY_MAX_ATTEMPTS) move to the one retry layer above the guard.
 */
export function guardedOrigin(speech: Readonly<SpeechConfig>): { speech: SpeechConfig; maxAttempts: number } {
  return { speech: { ...speech, polly: { ...speech.polly, maxAttempts: 1 } }, maxAttempts: speech.polly.maxAttempts };
}

/** The S3 tier; loaded on call so the SDK stays out of start-up when the store is the disk. */
export async function createS3Store(options: S3StoreOptions): Promise<S3Store> {
  const { S3Store } = await import('./s3-store.js');
  return new S3Store(options);
}

export interface AudioCacheDeps {
  /** The configured engine (createSpeechSynthesizer): checked, splitting, Polly or local. */
  origin: SpeechSynthesizer;
  /** `polly` or `local`: part of every key, so switching engines never replays the other's audio. */
  originId: string;
  /** The lexicons the origin applies, hashed into keys. */
  lexicons: ReadonlyMap<string, Lexicon>;
  metrics?: AudioMetrics;
  onStoreError?: (operation: string, error: unknown) => void;
  /** Attempts per synthesis for retryable origin failures, each through the guard (default 3). */
  maxAttempts?: number;
}

export interface AudioCache {
  /** The speech port for the pipeline: cache(retry(guard(origin))); one entry per request (a sentence). */
  speech: CachedSynthesizer;
  /** For whole documents (POST /v1/audio): cut into sentences cached on their own, the joined audio cached too. */
  documents: CachedSynthesizer;
  guard: OriginGuard;
  store: AudioStore | undefined;
  metrics: AudioMetrics;
  /** Waits for syntheses in flight to be written through, then releases the store's client. */
  close(): Promise<void>;
}

/** Builds the tiers named by the configuration around `deps.origin`. Does no I/O until first use. */
export async function createAudioCache(config: Readonly<AudioCacheConfig>, deps: AudioCacheDeps): Promise<AudioCache> {
  const metrics = deps.metrics ?? audioMetrics();
  const onCorrupt = (): void => metrics.corrupt.inc();
  let store: AudioStore | undefined;
  let s3: S3Store | undefined;
  if (config.store === 'disk') {
    const disk = new DiskStore({ dir: config.dir, maxBytes: config.diskBytes, onCorrupt });
    metrics.trackStoreBytes(() => disk.bytes);
    store = disk;
  }
  else if (config.store === 's3') {
    s3 = await createS3Store({ ...config.s3, bucket: config.s3.bucket ?? '', onCorrupt });
    store = s3;
  }
  const guard = new OriginGuard(deps.origin, { quotas: config.quotas, maxQueue: config.queue, metrics });
  const memory = new MemoryTier(config.memoryBytes);
  const common = { lexicons: deps.lexicons, memory, metrics, ...(store === undefined ? {} : { store }), ...(deps.onStoreError === undefined ? {} : { onStoreError: deps.onStoreError }) };
  // Retries sit above the guard, so each attempt takes a token and stays within the quota.
  const retrying = new RetryingSynthesizer(guard, { maxAttempts: deps.maxAttempts ?? 3 });
  const speech = new CachedSynthesizer({ ...common, origin: retrying, originId: deps.originId });
  // Same tiers; the origin id differs, so whole documents and single sentences never share a key.
  const documents = new CachedSynthesizer({ ...common, origin: new FragmentedSynthesizer(speech), originId: `${deps.originId}+sentences` });
  return {
    speech,
    documents,
    guard,
    store,
    metrics,
    close: async () => {
      await Promise.all([speech.idle(), documents.idle()]);
      s3?.close();
    },
  };
}
