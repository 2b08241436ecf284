/**
 * The whole service configured for Lex: buildApp with PARLEY_CONVERSATION=lex aimed (endpoint
 * override, real SDK) at a gateway serving the Lex emulator, and itself serving the emulator
 * because PARLEY_LEX_EMULATOR=true. A customer's turn goes through Lex; with Lex down, through the
 * local fallback.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { FallbackConversationEngine } from '../../src/conversation/index.js';
import type { Identity } from '../../src/fulfillment/port.js';
import { seedTenant } from '../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../helpers/mongo.js';
import { BOT_ALIAS_ID, BOT_ID, REPO_ROOT, startLexEmulator, type LexEmulator } from './lex-fixture.js';

let emulator: LexEmulator;
let db: TestStore;
let app: App;
const identity: Identity = { siteKey: 'demo-site', userId: 'anon-lex-1', anonymous: true };

beforeAll(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDPARLEYTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'parley-test-secret');
  emulator = await startLexEmulator();
  db = await openTestStore();
  await seedTenant(db.store, { seed: 11, customers: 40, items: 600 });
  const config = loadConfig(
    {
      PARLEY_LOG_LEVEL: 'silent',
      PARLEY_SEED_ON_START: 'false',
      PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-lex-app-')),
      PARLEY_CONVERSATION: 'lex',
      PARLEY_LEX_BOT_ID: BOT_ID,
      PARLEY_LEX_BOT_ALIAS_ID: BOT_ALIAS_ID,
      PARLEY_LEX_REGION: 'us-east-1',
      PARLEY_LEX_ENDPOINT: emulator.endpoint,
      PARLEY_LEX_MAX_ATTEMPTS: '1',
      PARLEY_LEX_EMULATOR: 'true',
    },
    REPO_ROOT,
  );
  app = await buildApp(config, { store: db.store });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  await emulator?.close();
  vi.unstubAllEnvs();
});

describe('Parley configured for Lex', () => {
  it('runs turns through Lex, then through the local engine while Lex is down', async () => {
    const engine = app.pipeline.conversation.engine;
    expect(engine).toBeInstanceOf(FallbackConversationEngine);
    const fallback = engine as FallbackConversationEngine;
    const { sessionId } = await app.pipeline.turns.openSession({ identity, context: {} });

    const first = await app.pipeline.turns.handleText({ identity, sessionId, text: 'where is my order' });
    expect(first).toMatchObject({ intent: { name: 'OrderStatus' } });
    expect(first.fallback).toBeUndefined();
    expect(fallback.counters()).toMatchObject({ primary: 1, fallback: 0 });

    await emulator.close();
    const second = await app.pipeline.turns.handleText({ identity, sessionId, text: 'what are your store hours' });
    expect(second).toMatchObject({ intent: { name: 'StoreHours' }, fallback: { engine: 'local', reason: 'PARLEY_CONVERSATION_LEX_UNAVAILABLE' } });
    expect(fallback.counters()).toMatchObject({ primary: 1, fallback: 1, outages: 1 });
  });

  it('serves its own local engine at the Lex runtime paths', async () => {
    const response = await app.server.inject({
      method: 'POST',
      url: `/bots/${BOT_ID}/botAliases/${BOT_ALIAS_ID}/botLocales/en_US/sessions/app-1/text`,
      payload: { text: 'what are your store hours' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ sessionId: 'app-1', sessionState: { intent: { name: 'StoreHours' } } });
  });
});
