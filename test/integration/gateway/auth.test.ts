/** Origin and token checks as a client meets them, at the upgrade and at hello. */
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { UpgradeRefused, connect } from '../../helpers/ws-client.js';
import { hello, JWT_SECRET, startGateway, type RunningGateway } from './gateway-fixture.js';

let gateway: RunningGateway;
afterEach(async () => {
  await gateway.app.close();
});

const sign = (claims: Record<string, unknown>, exp: string | number = '5m') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(new TextEncoder().encode(JWT_SECRET));

describe('gateway auth', () => {
  it('refuses the upgrade (403) from an origin no site allows', async () => {
    gateway = await startGateway();
    await expect(connect(gateway.url, { origin: 'https://evil.example' })).rejects.toEqual(new UpgradeRefused(403));
  });

  it("refuses a hello for a site that does not allow the socket's origin", async () => {
    gateway = await startGateway();
    const client = await gateway.connect({ origin: 'https://shop.example' });
    client.send(hello({ siteKey: 'demo-site' }));
    expect(await client.next()).toMatchObject({ type: 'error', code: 'PARLEY_GATEWAY_ORIGIN_FORBIDDEN' });
    await client.close();
  });

  it('accepts a missing origin only for sites that allow it', async () => {
    gateway = await startGateway();
    const client = await gateway.connect({});
    client.send(hello({ siteKey: 'members', token: await sign({ sub: 'alice', aud: 'parley' }) }));
    expect(await client.next()).toMatchObject({ type: 'error', code: 'PARLEY_GATEWAY_ORIGIN_FORBIDDEN' });
    client.send(hello());
    expect(await client.next()).toMatchObject({ type: 'session.ready', anonymous: true });
    await client.close();
  });

  it.each<[string, { sub: string; aud: string; exp?: number } | undefined, string]>([
    ['no token', undefined, 'PARLEY_GATEWAY_AUTH_REQUIRED'],
    ['an expired token', { sub: 'alice', aud: 'parley', exp: Math.floor(Date.now() / 1000) - 3600 }, 'PARLEY_GATEWAY_TOKEN_EXPIRED'],
    ['a token for another audience', { sub: 'alice', aud: 'elsewhere' }, 'PARLEY_GATEWAY_TOKEN_INVALID'],
  ])('answers a members hello with %s', async (_what, claims, code) => {
    gateway = await startGateway();
    const client = await gateway.connect({ origin: 'https://shop.example' });
    const token = claims === undefined ? undefined : await sign(claims, claims.exp ?? '5m');
    client.send(hello({ siteKey: 'members', ...(token === undefined ? {} : { token }) }));
    expect(await client.next()).toMatchObject({ type: 'error', code, retryable: false });
    await client.close();
  });

  it('answers an unknown site key', async () => {
    gateway = await startGateway();
    const client = await gateway.connect();
    client.send(hello({ siteKey: 'nobody' }));
    expect(await client.next()).toMatchObject({ type: 'error', code: 'PARLEY_GATEWAY_SITE_UNKNOWN' });
    await client.close();
  });
});
