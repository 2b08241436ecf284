import { describe, expect, it } from 'vitest';
import { ferretDbArgs, freePort } from '../../../src/store/embedded-server.js';

describe('FerretDB command line', () => {
  it('uses the SQLite handler on a loopback port with telemetry and the debug server off', () => {
    const args = ferretDbArgs('/data/my db/ferretdb', '/data/state', 27018);
    expect(args).toContain('--handler=sqlite');
    expect(args).toContain('--sqlite-url=file:///data/my%20db/ferretdb/');
    expect(args).toContain('--listen-addr=127.0.0.1:27018');
    expect(args).toContain('--telemetry=disable');
    expect(args).toContain('--debug-addr=-');
    expect(args).toContain('--state-dir=/data/state');
  });

  it('finds a free port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
  });
});
