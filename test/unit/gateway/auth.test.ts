/**
 * Identity comes only from the site key, the Origin, a verified token, or a server-issued
 * anonymous id (recovered on resume from an HMAC-bound resume token).
 */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { SiteConfig } from '../../../src/config.js';
import { Authenticator } from '../../../src/gateway/auth.js';

const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';
const sites: SiteConfig[] = [
  { siteKey: 'open-site', allowedOrigins: ['http://localhost'], allowNoOrigin: true, allowAnonymous: true },
  { siteKey: 'members', allowedOrigins: ['https://shop.example'], allowNoOrigin: false, allowAnonymous: false, jwt: { hs256Secret: SECRET } },
];
const auth = new Authenticator(sites, { sessionSecret: 'x'.repeat(32) });
const token = (sub: string) =>
  new SignJWT({ sub }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('10m').sign(new TextEncoder().encode(SECRET));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code ?? 'no code',
  );
}

describe('Authenticator', () => {
  it('refuses an unknown site key', async () => {
    expect(await codeOf(auth.authenticate({ siteKey: 'nope' }, undefined))).toBe('PARLEY_GATEWAY_SITE_UNKNOWN');
  });

  it("refuses an origin the site does not allow, even if another site allows it", async () => {
    expect(await codeOf(auth.authenticate({ siteKey: 'members', token: await token('u1') }, 'http://localhost:3000'))).toBe(
      'PARLEY_GATEWAY_ORIGIN_FORBIDDEN',
    );
    expect(await codeOf(auth.authenticate({ siteKey: 'members', token: await token('u1') }, undefined))).toBe('PARLEY_GATEWAY_ORIGIN_FORBIDDEN');
  });

  it('admits at the upgrade any origin some site allows', () => {
    expect(auth.admitsOrigin('https://shop.example')).toBe(true);
    expect(auth.admitsOrigin(undefined)).toBe(true);
    expect(auth.admitsOrigin('https://evil.example')).toBe(false);
  });

  it('takes the user id from a verified token', async () => {
    await expect(auth.authenticate({ siteKey: 'members', token: await token('u1') }, 'https://shop.example')).resolves.toEqual({
      siteKey: 'members',
      userId: 'u1',
      anonymous: false,
    });
  });

  it('requires a token where anonymous visitors are not allowed', async () => {
    expect(await codeOf(auth.authenticate({ siteKey: 'members' }, 'https://shop.example'))).toBe('PARLEY_GATEWAY_AUTH_REQUIRED');
  });

  it('refuses a token on a site without token keys', async () => {
    expect(await codeOf(auth.authenticate({ siteKey: 'open-site', token: await token('u1') }, undefined))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });

  it('issues a fresh server-side anonymous id', async () => {
    const a = await auth.authenticate({ siteKey: 'open-site' }, undefined);
    const b = await auth.authenticate({ siteKey: 'open-site' }, undefined);
    expect(a.anonymous).toBe(true);
    expect(a.userId).toMatch(/^anon-[0-9a-f-]{36}$/);
    expect(a.userId).not.toBe(b.userId);
  });

  it('recovers the anonymous id from a resume token bound to site and session', async () => {
    const first = await auth.authenticate({ siteKey: 'open-site' }, undefined);
    const resumeToken = auth.resumeTokenFor(first, 'sess-1') ?? '';
    await expect(auth.authenticate({ siteKey: 'open-site', sessionId: 'sess-1', resumeToken }, undefined)).resolves.toEqual(first);
    expect(await codeOf(auth.authenticate({ siteKey: 'open-site', sessionId: 'sess-2', resumeToken }, undefined))).toBe(
      'PARLEY_GATEWAY_RESUME_INVALID',
    );
  });

  it('refuses an anonymous resume without a valid resume token', async () => {
    expect(await codeOf(auth.authenticate({ siteKey: 'open-site', sessionId: 'sess-1' }, undefined))).toBe('PARLEY_GATEWAY_RESUME_INVALID');
    const forged = `${Buffer.from('anon-victim').toString('base64url')}.${Buffer.alloc(32).toString('base64url')}`;
    expect(await codeOf(auth.authenticate({ siteKey: 'open-site', sessionId: 'sess-1', resumeToken: forged }, undefined))).toBe(
      'PARLEY_GATEWAY_RESUME_INVALID',
    );
  });

  it('does not accept resume tokens made with another secret', async () => {
    const other = new Authenticator(sites, { sessionSecret: 'y'.repeat(32) });
    const identity = await other.authenticate({ siteKey: 'open-site' }, undefined);
    const resumeToken = other.resumeTokenFor(identity, 'sess-1') ?? '';
    expect(await codeOf(auth.authenticate({ siteKey: 'open-site', sessionId: 'sess-1', resumeToken }, undefined))).toBe(
      'PARLEY_GATEWAY_RESUME_INVALID',
    );
  });

  it('gives signed-in users no resume token', () => {
    expect(auth.resumeTokenFor({ siteKey: 'members', userId: 'u1', anonymous: false }, 'sess-1')).toBeUndefined();
  });
});
