import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../../src/store/embedded-server.js';
import { openStore } from '../../../src/store/index.js';

describe('a database that is down', () => {
  it('fails to open quickly with a retryable PARLEY_STORE_UNAVAILABLE', async () => {
    const port = await freePort(); // nothing listens there
    const started = Date.now();
    const opening = openStore(
      { mongo: { uri: `mongodb://127.0.0.1:${port}/`, dbName: 'down' }, dataDir: os.tmpdir(), toolsDir: os.tmpdir() },
      { serverSelectionTimeoutMs: 1000 },
    );
    await expect(opening).rejects.toMatchObject({ name: 'UpstreamError', code: 'PARLEY_STORE_UNAVAILABLE', retryable: true, status: 503 });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
