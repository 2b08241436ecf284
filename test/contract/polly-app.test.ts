/**
 * The whole service with PARLEY_POLLY_EMULATOR on serves its local synthesizer at Polly's own
 * SynthesizeSpeech path, as the Polly adapter's contract tests expect of it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { seedTenant } from '../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../helpers/mongo.js';
import { REPO_ROOT } from '../integration/pipeline/app-fixture.js';

let db: TestStore;
let app: App;

beforeAll(async () => {
  db = await openTestStore();
  await seedTenant(db.store, { seed: 3, customers: 10, items: 200 });
  const config = loadConfig(
    { PARLEY_LOG_LEVEL: 'silent', PARLEY_SEED_ON_START: 'false', PARLEY_POLLY_EMULATOR: 'true', PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-polly-')) },
    REPO_ROOT,
  );
  app = await buildApp(config, { store: db.store });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('Parley with the Polly emulator on', () => {
  it('answers SynthesizeSpeech with audio and the billed characters', async () => {
    const response = await app.server.inject({
      method: 'POST',
      url: '/v1/speech',
      payload: { Text: 'Your fitting is booked.', VoiceId: 'Joanna', OutputFormat: 'pcm', SampleRate: '16000' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('audio/pcm');
    expect(response.headers['x-amzn-requestcharacters']).toBe('23');
    // 16-bit mono at 16 kHz: a short sentence is well over a quarter of a second of audio.
    expect(response.rawPayload.length).toBeGreaterThan(16_000 * 2 * 0.25);
  });

  it('answers a bad voice the way Polly does', async () => {
    const response = await app.server.inject({ method: 'POST', url: '/v1/speech', payload: { Text: 'hi', VoiceId: 'Nobody', OutputFormat: 'mp3' } });
    expect(response.statusCode).toBe(400);
  });
});
