/**
 * Opening the pipeline loads the bot and trains its engine while the database opens: when either
 * side fails, the error reaches the caller and what the other side opened is closed again.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipeline } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { isParleyError } from '../../../src/shared/errors.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { REPO_ROOT } from './app-fixture.js';

const logger = pino({ level: 'silent' });

describe('opening the pipeline', () => {
  let db: TestStore;
  beforeAll(async () => {
    db = await openTestStore();
  });
  afterAll(async () => {
    await db.close();
  });

  it("names a bot that cannot be loaded, and leaves the caller's store open", async () => {
    const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent', PARLEY_BOT_DIR: path.join(tmpdir(), 'parley-no-such-bot'), PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-open-')) }, REPO_ROOT);
    const error = await openPipeline(config, { logger, store: db.store }).catch((e: unknown) => e);
    expect(isParleyError(error) ? error.message : String(error)).toMatch(/parley-no-such-bot/);
    await expect(db.store.items.categories()).resolves.toBeInstanceOf(Array);
  });

  it('fails with the store error when the database cannot be reached, removing the recognizer model it built meanwhile', async () => {
    // A port that accepts and drops connections: nothing there speaks the wire protocol.
    const silent: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-open-'));
    try {
      const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent', MONGODB_URI: `mongodb://127.0.0.1:${port}/parley`, PARLEY_DATA_DIR: dataDir }, REPO_ROOT);
      const error = await openPipeline(config, { logger }).catch((e: unknown) => e);
      expect(isParleyError(error) && error.code).toBe('PARLEY_STORE_UNAVAILABLE');
      const recognizerDir = path.join(dataDir, 'recognizer');
      const left = readdirSafe(recognizerDir).filter((name) => name.startsWith('model-'));
      expect(left).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 20_000);
});

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
