/**
 * The audio store contract on the disk store and on the S3 store, the latter through the real
 * @aws-sdk/client-s3 against moto's S3-compatible server started here. Off CI, the S3 half is
 * skipped (with the reason) only when moto_server is not installed; on CI it must be.
 */
import { CreateBucketCommand, PutObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiskStore, createS3Store, type S3Store } from '../../src/cache/index.js';
import { audioStoreContract } from './cache-store.contract.js';
import { findMotoServer, startS3Server, type S3Server } from './cache-s3-server.js';

let dir = '';
let diskCorruptions = 0;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-store-contract-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

audioStoreContract('disk', {
  store: () => new DiskStore({ dir, maxBytes: 1 << 30, onCorrupt: () => { diskCorruptions += 1; } }),
  corrupt: async (name) => {
    const file = path.join(dir, name.slice(0, 2), name);
    const raw = await readFile(file);
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 0xff, raw.length - 1);
    await writeFile(file, raw);
  },
  corruptions: () => diskCorruptions,
});

const moto = findMotoServer();
if (moto === undefined && process.env.CI === 'true') throw new Error('moto_server is not installed: .ci/run installs moto[server] for the S3 store tests');
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const bucket = 'parley-audio';

describe.skipIf(moto === undefined)('S3 store against moto_server (skipped: moto_server not on PATH; pip install "moto[server]")', () => {
  let server: S3Server | undefined;
  let s3: S3Store | undefined;
  let raw: S3Client | undefined;
  let s3Corruptions = 0;

  beforeAll(async () => {
    server = await startS3Server(moto as string);
    raw = new S3Client({ region: 'us-east-1', endpoint: server.endpoint, forcePathStyle: true, credentials });
    await raw.send(new CreateBucketCommand({ Bucket: bucket }));
    s3 = await createS3Store({ bucket, prefix: 'audio/', region: 'us-east-1', endpoint: server.endpoint, credentials, onCorrupt: () => { s3Corruptions += 1; } });
  }, 90_000);

  afterAll(async () => {
    s3?.close();
    raw?.destroy();
    await server?.stop();
  });

  audioStoreContract('s3', {
    store: () => s3 as S3Store,
    // Rewrites the object with one byte changed but the old checksum metadata, as a bad copy would.
    corrupt: async (name) => {
      const Key = `audio/${name}`;
      const got = await (raw as S3Client).send(new GetObjectCommand({ Bucket: bucket, Key }));
      const body = await got.Body?.transformToByteArray() ?? new Uint8Array();
      body[0] = (body[0] ?? 0) ^ 0xff;
      await (raw as S3Client).send(new PutObjectCommand({ Bucket: bucket, Key, Body: body, ContentType: got.ContentType, Metadata: got.Metadata }));
    },
    corruptions: () => s3Corruptions,
  });

  it('writes objects a CDN can serve: content type and immutable Cache-Control', async () => {
    const name = `ab${'c'.repeat(41)}.mp3`;
    await (s3 as S3Store).put(name, { body: new Uint8Array([1, 2, 3]), contentType: 'audio/mpeg', requestCharacters: 3 });
    const got = await (raw as S3Client).send(new GetObjectCommand({ Bucket: bucket, Key: `audio/${name}` }));
    expect(got.ContentType).toBe('audio/mpeg');
    expect(got.CacheControl).toContain('immutable');
  });

  it('reports a missing bucket as a retryable store failure', async () => {
    const other = await createS3Store({ bucket: 'no-such-bucket', region: 'us-east-1', endpoint: (server as S3Server).endpoint, credentials });
    await expect(other.put(`ab${'c'.repeat(41)}.mp3`, { body: new Uint8Array([1]), contentType: 'audio/mpeg', requestCharacters: 1 })).rejects.toMatchObject({ code: 'PARLEY_CACHE_STORE_FAILURE', retryable: true });
    other.close();
  });
});
