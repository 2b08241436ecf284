/**
 * The whole service configured for Lex takes spoken turns through Lex's RecognizeUtterance: the
 * app's own recognizer is off (PARLEY_RECOGNIZER=none), so only the Lex path (the real SDK aimed
 * at an emulator that hears with PocketSphinx) can understand the audio.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { PocketsphinxRecognizer } from '../../src/conversation/index.js';
import type { Identity } from '../../src/fulfillment/port.js';
import { seedTenant } from '../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../helpers/mongo.js';
import { hasPocketsphinx, synthesizePcm } from '../helpers/spoken-audio.js';
import { BOT_ALIAS_ID, BOT_ID, loadDemoBot, REPO_ROOT, startLexEmulator, type LexEmulator } from './lex-fixture.js';

const TIMEOUT_MS = 60_000;
const identity: Identity = { siteKey: 'demo-site', userId: 'anon-lex-audio', anonymous: true };

describe.skipIf(!hasPocketsphinx)('Parley configured for Lex, spoken turns', () => {
  let emulator: LexEmulator;
  let recognizer: PocketsphinxRecognizer;
  let db: TestStore;
  let app: App;

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDPARLEYTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'parley-test-secret');
    const bot = await loadDemoBot();
    recognizer = await PocketsphinxRecognizer.create(bot.locales[0] as (typeof bot.locales)[number], {
      command: 'pocketsphinx_batch',
      modelDir: '/usr/share/pocketsphinx/model/en-us',
      workDir: mkdtempSync(path.join(tmpdir(), 'parley-lex-recognizer-')),
      timeoutMs: 30_000,
      maxConcurrent: 2,
    });
    emulator = await startLexEmulator({ recognizer });
    db = await openTestStore();
    await seedTenant(db.store, { seed: 11, customers: 40, items: 600 });
    const config = loadConfig(
      {
        PARLEY_LOG_LEVEL: 'silent',
        PARLEY_SEED_ON_START: 'false',
        PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-lex-audio-')),
        PARLEY_CONVERSATION: 'lex',
        PARLEY_LEX_BOT_ID: BOT_ID,
        PARLEY_LEX_BOT_ALIAS_ID: BOT_ALIAS_ID,
        PARLEY_LEX_REGION: 'us-east-1',
        PARLEY_LEX_ENDPOINT: emulator.endpoint,
        PARLEY_LEX_TIMEOUT_MS: '30000',
        PARLEY_LEX_MAX_ATTEMPTS: '1',
        PARLEY_RECOGNIZER: 'none',
      },
      REPO_ROOT,
    );
    app = await buildApp(config, { store: db.store });
  }, TIMEOUT_MS * 2);

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await emulator?.close();
    await recognizer?.close();
    vi.unstubAllEnvs();
  });

  it('understands the audio through Lex, then, with Lex down, says local recognition is unavailable', async () => {
    const { sessionId } = await app.pipeline.turns.openSession({ identity, context: {} });
    const pcm = await synthesizePcm('what are your store hours', 'Kimberly');
    const reply = await app.pipeline.turns.handleAudio({ identity, sessionId, pcm });
    expect(reply).toMatchObject({ intent: { name: 'StoreHours' }, transcript: expect.stringMatching(/hours/) });
    expect(reply.fallback).toBeUndefined();

    await emulator.close();
    await expect(app.pipeline.turns.handleAudio({ identity, sessionId, pcm })).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE' });
  }, TIMEOUT_MS * 2);
});
