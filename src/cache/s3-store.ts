/**
 * The production persistent tier on Amazon S3 (the only importer of @aws-sdk/client-s3). Objects
 * are `<prefix><key>.<ext>` with their content type, an immutable Cache-Control (so CloudFront in
 * front can serve them) and the body's SHA-256 and billed characters as user metadata; the
 * checksum is verified on every read and a corrupt object is deleted and reported absent.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { sha256Hex } from './checksum.js';
import { invalidKey, storeFailure } from './errors.js';
import { isEntryName } from './key.js';
import type { AudioEntry, AudioEntryMeta, AudioStore } from './port.js';

export interface S3StoreOptions {
  bucket: string;
  /** Prepended to every object key, e.g. `audio/`. */
  prefix?: string;
  region: string;
  /** An S3-compatible endpoint (tests, MinIO, a VPC endpoint); path-style addressing is then used. */
  endpoint?: string;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Explicit credentials (tests against a local server); otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  onCorrupt?: (name: string) => void;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

export class S3Store implements AudioStore {
  private readonly client: S3Client;
  private readonly prefix: string;

  constructor(private readonly options: S3StoreOptions) {
    const timeoutMs = options.timeoutMs ?? 3000;
    this.client = new S3Client({
      region: options.region,
      maxAttempts: options.maxAttempts ?? 2,
      requestHandler: new NodeHttpHandler({ connectionTimeout: timeoutMs, requestTimeout: timeoutMs }),
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, forcePathStyle: true }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
    this.prefix = options.prefix ?? '';
  }

  async get(name: string): Promise<AudioEntry | undefined> {
    const Key = this.objectKey(name);
    let body: Uint8Array;
    let meta: AudioEntryMeta;
    try {
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key }));
      if (output.Body === undefined) return undefined;
      body = await output.Body.transformToByteArray();
      meta = metaOf(output.Metadata, output.ContentType, body.byteLength);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw storeFailure('read', error);
    }
    if (meta.bytes !== body.byteLength || sha256Hex(body) !== meta.sha256) {
      this.options.onCorrupt?.(name);
      await this.delete(name).catch(() => undefined);
      return undefined;
    }
    return { body, contentType: meta.contentType, requestCharacters: meta.requestCharacters };
  }

  async head(name: string): Promise<AudioEntryMeta | undefined> {
    try {
      const output = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(name) }));
      return metaOf(output.Metadata, output.ContentType, output.ContentLength ?? 0);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw storeFailure('head', error);
    }
  }

  async put(name: string, entry: AudioEntry): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.objectKey(name),
        Body: entry.body,
        ContentType: entry.contentType,
        ContentLength: entry.body.byteLength,
        CacheControl: IMMUTABLE,
        Metadata: { sha256: sha256Hex(entry.body), 'request-characters': String(entry.requestCharacters) },
      }));
    } catch (error) {
      throw storeFailure('write', error);
    }
  }

  async delete(name: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(name) }));
    } catch (error) {
      if (!isNotFound(error)) throw storeFailure('delete', error);
    }
  }

  close(): void {
    this.client.destroy();
  }

  private objectKey(name: string): string {
    if (!isEntryName(name)) throw invalidKey('not an audio entry name');
    return `${this.prefix}${name}`;
  }
}

function metaOf(metadata: Record<string, string> | undefined, contentType: string | undefined, bytes: number): AudioEntryMeta {
  const characters = Number(metadata?.['request-characters'] ?? 'NaN');
  return {
    bytes,
    contentType: contentType ?? 'application/octet-stream',
    requestCharacters: Number.isInteger(characters) ? characters : 0,
    sha256: metadata?.sha256 ?? '',
  };
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
