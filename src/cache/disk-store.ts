/**
 * The default persistent tier: one file per entry under `<dir>/<first two key characters>/`,
 * a one-line JSON header (content type, billed characters, size, SHA-256) then the body. Writes go
 * to a temporary file in the same folder and are renamed into place, so a reader never sees half
 * an entry; every read checks the size and checksum, and a corrupt file is removed and reported
 * absent (the cache then synthesizes it again). Above `maxBytes` the least recently used go.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { concatChunks, sha256Hex } from './checksum.js';
import { invalidKey, storeFailure } from './errors.js';
import { isEntryName } from './key.js';
import type { AudioEntry, AudioEntryMeta, AudioStore } from './port.js';

export interface DiskStoreOptions {
  dir: string;
  /** Size cap of all entry files together. */
  maxBytes: number;
  /** Called when a file fails its checks and is removed. */
  onCorrupt?: (name: string) => void;
}

const HEADER_VERSION = 1;
const NEWLINE = 0x0a;

export class DiskStore implements AudioStore {
  /** Entry name -> file size, in least-recently-used order; read from the folder on first use. */
  private index: Map<string, number> | undefined;
  private indexing: Promise<Map<string, number>> | undefined;
  private used = 0;

  constructor(private readonly options: DiskStoreOptions) {}

  /** Bytes of entry files on disk (after the first operation has indexed the folder). */
  get bytes(): number {
    return this.used;
  }

  async get(name: string): Promise<AudioEntry | undefined> {
    const file = this.fileOf(name);
    const index = await this.loadIndex();
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (error) {
      if (isMissing(error)) {
        this.forget(index, name);
        return undefined;
      }
      throw storeFailure('read', error);
    }
    const entry = decode(raw);
    if (entry === undefined) {
      await this.removeCorrupt(index, name, file);
      return undefined;
    }
    this.touch(index, name, raw.byteLength);
    return entry;
  }

  async head(name: string): Promise<AudioEntryMeta | undefined> {
    const file = this.fileOf(name);
    try {
      const raw = await readFile(file);
      const newline = raw.indexOf(NEWLINE);
      const header = newline < 0 ? undefined : parseHeader(raw.subarray(0, newline).toString('utf8'));
      return header === undefined ? undefined : { bytes: header.bytes, contentType: header.contentType, requestCharacters: header.requestCharacters, sha256: header.sha256 };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw storeFailure('head', error);
    }
  }

  async put(name: string, entry: AudioEntry): Promise<void> {
    const file = this.fileOf(name);
    const index = await this.loadIndex();
    const header = JSON.stringify({ v: HEADER_VERSION, contentType: entry.contentType, requestCharacters: entry.requestCharacters, bytes: entry.body.byteLength, sha256: sha256Hex(entry.body) });
    const raw = concatChunks([Buffer.from(`${header}\n`, 'utf8'), entry.body]);
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(temporary, raw);
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw storeFailure('write', error);
    }
    this.touch(index, name, raw.byteLength);
    await this.evict(index);
  }

  async delete(name: string): Promise<void> {
    const file = this.fileOf(name);
    const index = await this.loadIndex();
    try {
      await unlink(file);
    } catch (error) {
      if (!isMissing(error)) throw storeFailure('delete', error);
    }
    this.forget(index, name);
  }

  /** The file of an entry; the name is checked first, so nothing from a client shapes a path. */
  private fileOf(name: string): string {
    if (!isEntryName(name)) throw invalidKey('not an audio entry name');
    return path.join(this.options.dir, name.slice(0, 2), name);
  }

  private async removeCorrupt(index: Map<string, number>, name: string, file: string): Promise<void> {
    this.options.onCorrupt?.(name);
    await unlink(file).catch(() => undefined);
    this.forget(index, name);
  }

  private touch(index: Map<string, number>, name: string, size: number): void {
    this.forget(index, name);
    index.set(name, size);
    this.used += size;
  }

  private forget(index: Map<string, number>, name: string): void {
    const size = index.get(name);
    if (size === undefined) return;
    index.delete(name);
    this.used -= size;
  }

  private async evict(index: Map<string, number>): Promise<void> {
    for (const [name] of index) {
      if (this.used <= this.options.maxBytes) return;
      await unlink(this.fileOf(name)).catch(() => undefined);
      this.forget(index, name);
    }
  }

  private loadIndex(): Promise<Map<string, number>> {
    if (this.index !== undefined) return Promise.resolve(this.index);
    this.indexing ??= this.scan().then((index) => {
      this.index = index;
      return index;
    });
    return this.indexing;
  }

  /** Indexes the folder once, oldest first (by modification time); stale temporary files are removed. */
  private async scan(): Promise<Map<string, number>> {
    const found: Array<{ name: string; size: number; mtimeMs: number }> = [];
    let shards: string[] = [];
    try {
      shards = await readdir(this.options.dir);
    } catch (error) {
      if (!isMissing(error)) throw storeFailure('index', error);
    }
    for (const shard of shards) {
      const shardDir = path.join(this.options.dir, shard);
      const names = await readdir(shardDir).catch(() => [] as string[]);
      for (const name of names) {
        const file = path.join(shardDir, name);
        if (name.endsWith('.tmp')) await unlink(file).catch(() => undefined);
        else if (isEntryName(name)) {
          const info = await stat(file).catch(() => undefined);
          if (info !== undefined) found.push({ name, size: info.size, mtimeMs: info.mtimeMs });
        }
      }
    }
    found.sort((a, b) => a.mtimeMs - b.mtimeMs);
    const index = new Map<string, number>();
    this.used = 0;
    for (const entry of found) {
      index.set(entry.name, entry.size);
      this.used += entry.size;
    }
    return index;
  }
}

interface Header {
  contentType: string;
  requestCharacters: number;
  bytes: number;
  sha256: string;
}

function decode(raw: Buffer): AudioEntry | undefined {
  const newline = raw.indexOf(NEWLINE);
  if (newline < 0) return undefined;
  const header = parseHeader(raw.subarray(0, newline).toString('utf8'));
  if (header === undefined) return undefined;
  const body = new Uint8Array(raw.buffer, raw.byteOffset + newline + 1, raw.byteLength - newline - 1);
  if (body.byteLength !== header.bytes || sha256Hex(body) !== header.sha256) return undefined;
  return { body, contentType: header.contentType, requestCharacters: header.requestCharacters };
}

function parseHeader(line: string): Header | undefined {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    if (value.v !== HEADER_VERSION || typeof value.contentType !== 'string' || typeof value.requestCharacters !== 'number' || typeof value.bytes !== 'number' || typeof value.sha256 !== 'string') return undefined;
    return { contentType: value.contentType, requestCharacters: value.requestCharacters, bytes: value.bytes, sha256: value.sha256 };
  } catch {
    return undefined;
  }
}

function isMissing(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'ENOENT';
}
