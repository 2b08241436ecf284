/**
 * Vitest global setup: one FerretDB for the whole run (tests open their own database on it via
 * test/helpers/mongo.ts), or the server named by MONGODB_URI. FerretDB is installed into the
 * configured tools dir (PARLEY_TOOLS_DIR, default .tools) on the first run, which takes minutes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedServer } from '../../src/store/embedded-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** mongodb:// URI of the server shared by this run. */
    mongoUri: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig();
  if (config.mongo.uri !== undefined) {
    project.provide('mongoUri', config.mongo.uri);
    return async () => {};
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-test-db-'));
  const log = (message: string): void => {
    process.stderr.write(`[test db] ${message}\n`);
  };
  const server = await startEmbeddedServer({ dataDir, toolsDir: config.toolsDir, log, startTimeoutMs: 60_000 });
  project.provide('mongoUri', server.uri);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
