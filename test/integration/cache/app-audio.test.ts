/**
 * The whole service wires the audio cache: the pipeline speaks through cache(guard(origin)),
 * POST /v1/audio (a site's user JWT) and /v1/audio/<key>.<ext> answer, /metrics reports, and
 * the disk tier is the data dir's audio-cache folder.
 */
import { SignJWT } from 'jose';
import { mkdtempSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../src/app.js';
import { CachedSynthesizer } from '../../../src/cache/index.js';
import { loadConfig } from '../../../src/config.js';
import { seedTenant } from '../../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { REPO_ROOT } from '../pipeline/app-fixture.js';

let db: TestStore;
let app: App;
const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-app-audio-'));
const JWT_SECRET = 'app-audio-test-secret-at-least-32-chars';

beforeAll(async () => {
  db = await openTestStore();
  await seedTenant(db.store, { seed: 3, customers: 10, items: 200 });
  const config = loadConfig({
    PARLEY_LOG_LEVEL: 'silent',
    PARLEY_SEED_ON_START: 'false',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_SITES: JSON.stringify([{ siteKey: 'shop', allowedOrigins: ['*'], allowNoOrigin: true, allowAnonymous: true, jwt: { hs256Secret: JWT_SECRET } }]),
  }, REPO_ROOT);
  app = await buildApp(config, { store: db.store });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('the service with its audio cache', () => {
  it('speaks through the cache', () => {
    expect(app.pipeline.speech).toBeInstanceOf(CachedSynthesizer);
    expect(app.pipeline.speech).toBe(app.pipeline.audioCache.speech);
  });

  it('answers POST /v1/audio for a signed-in user, then serves the audio by URL from the disk tier', async () => {
    const payload = { Text: 'Your fitting is booked.', VoiceId: 'Joanna', OutputFormat: 'pcm', SampleRate: '16000' };
    expect((await app.server.inject({ method: 'POST', url: '/v1/audio', payload })).statusCode).toBe(401);
    // Polly's path is not the cache's: without the emulator nothing answers it.
    expect((await app.server.inject({ method: 'POST', url: '/v1/speech', payload })).statusCode).toBe(404);
    const token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(JWT_SECRET));
    const response = await app.server.inject({ method: 'POST', url: '/v1/audio', payload, headers: { 'x-parley-site-key': 'shop', authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('audio/pcm');
    const location = String(response.headers['content-location']);
    expect(location).toMatch(/^\/v1\/audio\/[A-Za-z0-9_-]{43}\.pcm$/);
    await app.pipeline.audioCache.documents.idle();
    const byUrl = await app.server.inject({ method: 'GET', url: location });
    expect(byUrl.statusCode).toBe(200);
    expect(byUrl.headers.etag).toBe(response.headers.etag);
    expect(byUrl.rawPayload.equals(response.rawPayload)).toBe(true);
    const files = await readdir(path.join(dataDir, 'audio-cache'), { recursive: true });
    expect(files.some((file) => file.endsWith(path.basename(location)))).toBe(true);
  });

  it('serves /metrics in Prometheus format', async () => {
    const response = await app.server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/parley_audio_origin_calls_total\{engine="standard"\} [1-9]/);
    expect(response.body).toContain('parley_reply_first_audio_seconds_bucket');
    expect(response.body).toMatch(/parley_audio_cache_bytes\{tier="store"\} [1-9]/);
  });
});
