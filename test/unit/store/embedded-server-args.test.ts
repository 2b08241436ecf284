import { describe, expect, it } from 'vitest';
import { ferretDbArgs, ferretDbEnv, freePort } from '../../../src/store/embedded-server.js';

describe('FerretDB command line', () => {
  it('uses the SQLite handler on a loopback port with telemetry and the debug server off', () => {
    const args = ferretDbArgs('/data/my db/ferretdb', '/data/state', 27018);
    expect(args).toContain('--handler=sqlite');
    expect(args).toContain('--sqlite-url=file:///data/my%20db/ferretdb/?_pragma=synchronous(NORMAL)');
    expect(args).toContain('--listen-addr=127.0.0.1:27018');
    expect(args).toContain('--telemetry=disable');
    expect(args).toContain('--debug-addr=-');
    expect(args).toContain('--state-dir=/data/state');
  });

  it('asks SQLite to fsync every commit when told to', () => {
    expect(ferretDbArgs('/data/f', '/data/s', 27018, 'full')).toContain('--sqlite-url=file:///data/f/?_pragma=synchronous(FULL)');
  });

  it("runs Go's collector less often unless the environment says otherwise, and passes the rest of the environment on", () => {
    expect(ferretDbEnv({ PATH: '/usr/bin' })).toEqual({ PATH: '/usr/bin', GOGC: '400', GOMEMLIMIT: '1GiB' });
    expect(ferretDbEnv({ GOGC: '100', GOMEMLIMIT: '' })).toEqual({ GOGC: '100', GOMEMLIMIT: '1GiB' });
    const env = { GOGC: 'off' };
    ferretDbEnv(env);
    expect(env).toEqual({ GOGC: 'off' });
  });

  it('finds a free port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
  });
});
