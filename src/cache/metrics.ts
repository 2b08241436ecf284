/**
 * The cache's Prometheus metrics (prom-client, on a registry of its own so tests get fresh
 * counters): hits and misses per tier, origin calls and throttles per engine, queue depth, bytes,
 * characters and dollars saved, and the reply-to-first-audio histogram the streaming path observes.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SpeechEngine } from '../speech/index.js';

/**
 * Polly's list prices in USD per million billed characters (us-east-1). They are not in the
 * project's reference notes and AWS's pricing page cannot be read from here; a third-party 2026
 * summary of Polly's engines gives the same four figures. Check them before quoting a figure.
 */
export const PRICE_PER_MILLION_CHARACTERS: Readonly<Record<SpeechEngine, number>> = {
  standard: 4,
  neural: 16,
  'long-form': 100,
  generative: 30,
};

export function costOf(engine: SpeechEngine, characters: number): number {
  return (PRICE_PER_MILLION_CHARACTERS[engine] * characters) / 1_000_000;
}

export type CacheTier = 'memory' | 'store';

export class AudioMetrics {
  readonly registry = new Registry();
  readonly hits: Counter<'tier'>;
  readonly misses: Counter<'tier'>;
  readonly lookups: Counter<'result'>;
  readonly originCalls: Counter<'engine'>;
  readonly originFailures: Counter<'engine'>;
  readonly originCharacters: Counter<'engine'>;
  readonly queueDepth: Gauge<'engine'>;
  readonly throttles: Counter<'engine'>;
  readonly tierBytes: Gauge<'tier'>;
  readonly servedBytes: Counter<'source'>;
  readonly charactersSaved: Counter<'engine'>;
  readonly costSaved: Counter<'engine'>;
  readonly storeErrors: Counter<'operation'>;
  readonly corrupt: Counter;
  readonly firstAudio: Histogram;
  /** Read at each scrape for the store tier's bytes (the disk store knows its size). */
  private storeBytes: (() => number) | undefined;

  constructor() {
    const registers = [this.registry];
    this.hits = new Counter({ name: 'parley_audio_cache_hits_total', help: 'Audio cache hits by tier', labelNames: ['tier'], registers });
    this.lookups = new Counter({ name: 'parley_audio_cache_lookups_total', help: 'Speech requests answered by the cache, counted once each when resolved: result hit (memory or store) or miss (synthesized)', labelNames: ['result'], registers });
    this.misses = new Counter({ name: 'parley_audio_cache_misses_total', help: 'Audio cache misses by tier', labelNames: ['tier'], registers });
    this.originCalls = new Counter({ name: 'parley_audio_origin_calls_total', help: 'Syntheses sent to the origin (Polly or local) by engine; rate() gives calls per second', labelNames: ['engine'], registers });
    this.originCharacters = new Counter({ name: 'parley_audio_origin_characters_total', help: 'Billed characters of the syntheses the origin answered, by engine (against characters_saved: the share of characters served from the cache)', labelNames: ['engine'], registers });
    this.originFailures = new Counter({ name: 'parley_audio_origin_failures_total', help: 'Origin syntheses that failed, by engine', labelNames: ['engine'], registers });
    this.queueDepth = new Gauge({ name: 'parley_audio_origin_queue_depth', help: 'Requests waiting for an origin token, by engine', labelNames: ['engine'], registers });
    this.throttles = new Counter({ name: 'parley_audio_origin_throttled_total', help: 'Requests refused because the origin queue was full, by engine', labelNames: ['engine'], registers });
    const metrics = this;
    this.tierBytes = new Gauge({
      name: 'parley_audio_cache_bytes',
      help: 'Bytes held by each cache tier',
      labelNames: ['tier'],
      registers,
      collect() {
        if (metrics.storeBytes !== undefined) this.set({ tier: 'store' }, metrics.storeBytes());
      },
    });
    this.servedBytes = new Counter({ name: 'parley_audio_served_bytes_total', help: 'Audio bytes returned, by source (memory, store, origin)', labelNames: ['source'], registers });
    this.charactersSaved = new Counter({ name: 'parley_audio_characters_saved_total', help: 'Billed characters not sent to the origin thanks to a hit, by engine', labelNames: ['engine'], registers });
    this.costSaved = new Counter({ name: 'parley_audio_cost_saved_dollars_total', help: 'Polly list price of the characters saved, USD', labelNames: ['engine'], registers });
    this.storeErrors = new Counter({ name: 'parley_audio_store_errors_total', help: 'Persistent store failures (served from the origin instead), by operation', labelNames: ['operation'], registers });
    this.corrupt = new Counter({ name: 'parley_audio_cache_corrupt_total', help: 'Stored entries that failed their checksum and were removed', registers });
    this.firstAudio = new Histogram({
      name: 'parley_reply_first_audio_seconds',
      help: 'Time from a reply being ready to its first audio byte being sent',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
  }

  /** Reports the store tier's size at each scrape. */
  trackStoreBytes(read: () => number): void {
    this.storeBytes = read;
  }

  /** A hit saved one origin call of this many billed characters. */
  saved(engine: SpeechEngine, characters: number): void {
    this.charactersSaved.inc({ engine }, characters);
    this.costSaved.inc({ engine }, costOf(engine, characters));
  }

  /** Prometheus text exposition format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

let processMetrics: AudioMetrics | undefined;

/** The process's metrics, created on first use (never at import). The app and /metrics share it. */
export function audioMetrics(): AudioMetrics {
  processMetrics ??= new AudioMetrics();
  return processMetrics;
}

/** Records the time from a reply being ready to its first audio byte going out (seconds). */
export function observeReplyFirstAudio(seconds: number, metrics: AudioMetrics = audioMetrics()): void {
  if (Number.isFinite(seconds) && seconds >= 0) metrics.firstAudio.observe(seconds);
}
