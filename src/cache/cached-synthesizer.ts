/**
 * The audio cache as a speech port decorating another (the guarded origin): memory tier, then the
 * persistent store, then one synthesis per key however many ask at once (single flight), streamed
 * to every asker as it arrives and written through when complete. A store that fails is skipped
 * (the origin answers); a reader who leaves early does not stop the synthesis, which still
 * completes into the cache.
 */
import type { Lexicon, SpeechEngine, SpeechSynthesizer, SynthesisResult } from '../speech/index.js';
import { Broadcast } from './broadcast.js';
import { concatChunks } from './checksum.js';
import { audioKey, canonicalRequest, entryName } from './key.js';
import type { MemoryEntry, MemoryTier } from './memory-tier.js';
import type { AudioMetrics } from './metrics.js';
import type { AudioEntry, AudioStore, CachePolicy, CachedSynthesizeRequest } from './port.js';

export interface CachedSynthesizerOptions {
  /** The synthesizer misses go to (normally the origin guard over the engine). */
  origin: SpeechSynthesizer;
  /** Names the origin's family and version; part of every key. */
  originId: string;
  /** Lexicons by name, hashed into keys: publish a changed one and its entries are unreachable. */
  lexicons: ReadonlyMap<string, Lexicon>;
  memory: MemoryTier;
  /** The persistent tier; none keeps audio only in memory. */
  store?: AudioStore;
  metrics?: AudioMetrics;
  /** Told of store failures (the request is served from the origin all the same). */
  onStoreError?: (operation: string, error: unknown) => void;
}

interface Flight {
  broadcast: Broadcast;
  started: Promise<{ contentType: string; requestCharacters: number }>;
  /** Cleared when any asker is private: the result then stays out of the persistent tier. */
  persist: boolean;
  /** Settles when the entry is written (or the synthesis failed). */
  settled: Promise<void>;
}

export interface LookupResult {
  key: string;
  name: string;
  source: 'memory' | 'store' | 'origin';
}

export class CachedSynthesizer implements SpeechSynthesizer {
  private readonly flights = new Map<string, Flight>();

  constructor(private readonly options: CachedSynthesizerOptions) {}

  /** The key of a request (throws the request's ValidationError); see `audioKey`. */
  keyOf(request: CachedSynthesizeRequest): string {
    return audioKey(stripPolicy(request), { origin: this.options.originId, lexicons: this.options.lexicons });
  }

  async synthesize(request: CachedSynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    return (await this.synthesizeWithKey(request, signal)).result;
  }

  /** Like `synthesize`, also telling the entry's key and name (for `/v1/audio/<name>` URLs and ETags) and where it came from. */
  async synthesizeWithKey(request: CachedSynthesizeRequest, signal?: AbortSignal): Promise<LookupResult & { result: SynthesisResult }> {
    const policy: CachePolicy = request.cachePolicy ?? 'shared';
    const canonical = canonicalRequest(stripPolicy(request));
    const key = this.keyOf(canonical);
    const name = entryName(key, canonical.outputFormat);
    const engine = canonical.engine ?? 'standard';
    const metrics = this.options.metrics;

    const inMemory = this.options.memory.get(name);
    if (inMemory !== undefined) {
      metrics?.hits.inc({ tier: 'memory' });
      metrics?.lookups.inc({ result: 'hit' });
      this.countHit(engine, inMemory, 'memory');
      return { key, name, source: 'memory', result: resultOf(inMemory) };
    }
    metrics?.misses.inc({ tier: 'memory' });
    if (policy === 'shared') {
      const stored = await this.fromStore(name);
      if (stored !== undefined) {
        metrics?.hits.inc({ tier: 'store' });
        metrics?.lookups.inc({ result: 'hit' });
        this.remember(name, { ...stored, policy: 'shared' });
        this.countHit(engine, stored, 'store');
        return { key, name, source: 'store', result: resultOf(stored) };
      }
      if (this.options.store !== undefined) metrics?.misses.inc({ tier: 'store' });
    }

    metrics?.lookups.inc({ result: 'miss' });
    let flight = this.flights.get(name);
    if (flight === undefined) flight = this.fly(name, canonical, policy);
    else if (policy === 'private') flight.persist = false;
    const started = await flight.started;
    return { key, name, source: 'origin', result: { ...started, audio: flight.broadcast.read(signal) } };
  }

  /**
   * A shared entry by name, from memory or the store (for `/v1/audio/<name>`): private entries are
   * never served by URL. Does not synthesize.
   */
  async lookup(name: string): Promise<AudioEntry | undefined> {
    const inMemory = this.options.memory.get(name);
    if (inMemory !== undefined) {
      if (inMemory.policy !== 'shared') return undefined;
      this.options.metrics?.hits.inc({ tier: 'memory' });
      return inMemory;
    }
    const stored = await this.fromStore(name);
    if (stored !== undefined) {
      this.options.metrics?.hits.inc({ tier: 'store' });
      this.remember(name, { ...stored, policy: 'shared' });
    }
    return stored;
  }

  /** Resolves when every synthesis in flight has been written through (tests, shutdown, warm). */
  async idle(): Promise<void> {
    while (this.flights.size > 0) await Promise.all([...this.flights.values()].map((flight) => flight.settled));
  }

  private fly(name: string, request: CachedSynthesizeRequest, policy: CachePolicy): Flight {
    const broadcast = new Broadcast();
    // Not the asker's signal: the synthesis completes into the cache even when every asker leaves.
    const started = this.options.origin.synthesize(request).then((result) => ({ result, contentType: result.contentType, requestCharacters: result.requestCharacters }));
    const flight: Flight = {
      broadcast,
      started: started.then(({ contentType, requestCharacters }) => ({ contentType, requestCharacters })),
      persist: policy === 'shared',
      settled: Promise.resolve(),
    };
    flight.settled = started
      .then(async ({ result }) => {
        for await (const chunk of result.audio) broadcast.push(chunk);
        broadcast.end();
        const entry: AudioEntry = { body: concatChunks(broadcast.produced), contentType: result.contentType, requestCharacters: result.requestCharacters };
        this.options.metrics?.servedBytes.inc({ source: 'origin' }, entry.body.byteLength);
        this.remember(name, { ...entry, policy: flight.persist ? 'shared' : 'private' });
        if (flight.persist) await this.toStore(name, entry);
      })
      .catch((error: unknown) => broadcast.fail(error))
      .finally(() => this.flights.delete(name));
    // Askers see a failed start through `started`; the settled chain must not be an unhandled rejection.
    flight.started.catch(() => undefined);
    this.flights.set(name, flight);
    return flight;
  }

  private async fromStore(name: string): Promise<AudioEntry | undefined> {
    if (this.options.store === undefined) return undefined;
    try {
      return await this.options.store.get(name);
    } catch (error) {
      this.options.metrics?.storeErrors.inc({ operation: 'get' });
      this.options.onStoreError?.('get', error);
      return undefined;
    }
  }

  private async toStore(name: string, entry: AudioEntry): Promise<void> {
    if (this.options.store === undefined) return;
    try {
      await this.options.store.put(name, entry);
    } catch (error) {
      this.options.metrics?.storeErrors.inc({ operation: 'put' });
      this.options.onStoreError?.('put', error);
    }
  }

  private remember(name: string, entry: MemoryEntry): void {
    this.options.memory.set(name, entry);
    this.options.metrics?.tierBytes.set({ tier: 'memory' }, this.options.memory.bytes);
  }

  private countHit(engine: SpeechEngine, entry: AudioEntry, source: 'memory' | 'store'): void {
    this.options.metrics?.saved(engine, entry.requestCharacters);
    this.options.metrics?.servedBytes.inc({ source }, entry.body.byteLength);
  }
}

function stripPolicy(request: CachedSynthesizeRequest): CachedSynthesizeRequest {
  if (request.cachePolicy === undefined) return request;
  const { cachePolicy: _policy, ...rest } = request;
  return rest;
}

function resultOf(entry: AudioEntry): SynthesisResult {
  return { audio: once(entry.body), contentType: entry.contentType, requestCharacters: entry.requestCharacters };
}

async function* once(body: Uint8Array): AsyncGenerator<Uint8Array> {
  yield body;
}
