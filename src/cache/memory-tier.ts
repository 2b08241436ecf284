import type { AudioEntry, CachePolicy } from './port.js';

export interface MemoryEntry extends AudioEntry {
  policy: CachePolicy;
}

/** Bookkeeping per entry beside its body (name, map slot, fields). */
const ENTRY_OVERHEAD_BYTES = 128;

/**
 * The process's hot tier: least recently used entries are dropped once the bodies add up to more
 * than `maxBytes`. A Map keeps insertion order, so re-inserting on each hit makes it an LRU list.
 */
export class MemoryTier {
  private readonly entries = new Map<string, MemoryEntry>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(name: string): MemoryEntry | undefined {
    const entry = this.entries.get(name);
    if (entry === undefined) return undefined;
    this.entries.delete(name);
    this.entries.set(name, entry);
    return entry;
  }

  /** Stores an entry (an entry bigger than the whole tier is not kept). Returns the names evicted. */
  set(name: string, entry: MemoryEntry): string[] {
    this.delete(name);
    const cost = costOf(entry);
    if (cost > this.maxBytes) return [];
    this.entries.set(name, entry);
    this.used += cost;
    const evicted: string[] = [];
    for (const [oldest, old] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= costOf(old);
      evicted.push(oldest);
    }
    return evicted;
  }

  delete(name: string): void {
    const entry = this.entries.get(name);
    if (entry === undefined) return;
    this.entries.delete(name);
    this.used -= costOf(entry);
  }
}

function costOf(entry: AudioEntry): number {
  return entry.body.byteLength + ENTRY_OVERHEAD_BYTES;
}
