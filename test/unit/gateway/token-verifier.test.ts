/**
 * User tokens are verified with the site's key and nothing else: expiry, signature, audience,
 * issuer and algorithm are all enforced. Keys are generated here with jose.
 */
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from '../../../src/gateway/auth/token-verifier.js';

const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';
const NOW_S = 1_800_000_000;
const now = () => new Date(NOW_S * 1000);

function hs256(claims: Record<string, unknown>, secret = SECRET, exp = NOW_S + 600) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
}

async function rejection(verifier: TokenVerifier, token: string): Promise<string> {
  return verifier.verify(token).then(
    () => 'accepted',
    (error: { code?: string }) => error.code ?? 'no code',
  );
}

describe('TokenVerifier (HS256)', () => {
  const verifier = new TokenVerifier({ hs256Secret: SECRET, issuer: 'https://idp.example', audience: 'parley' }, { now });
  const good = { sub: 'user-42', iss: 'https://idp.example', aud: 'parley' };

  it('accepts a valid token and returns its subject', async () => {
    await expect(verifier.verify(await hs256(good))).resolves.toBe('user-42');
  });

  it('rejects an expired token, beyond the clock tolerance', async () => {
    expect(await rejection(verifier, await hs256(good, SECRET, NOW_S - 120))).toBe('PARLEY_GATEWAY_TOKEN_EXPIRED');
  });

  it('tolerates a little clock skew', async () => {
    await expect(verifier.verify(await hs256(good, SECRET, NOW_S - 5))).resolves.toBe('user-42');
  });

  it('rejects a token not yet valid', async () => {
    const token = await new SignJWT(good).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(NOW_S + 600).setNotBefore(NOW_S + 300).sign(new TextEncoder().encode(SECRET));
    expect(await rejection(verifier, token)).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });

  it('rejects a wrong signature', async () => {
    expect(await rejection(verifier, await hs256(good, 'another-secret-that-is-at-least-32-chars!!'))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });

  it('rejects a wrong audience and a wrong issuer', async () => {
    expect(await rejection(verifier, await hs256({ ...good, aud: 'someone-else' }))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
    expect(await rejection(verifier, await hs256({ ...good, iss: 'https://evil.example' }))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });

  it('rejects alg none', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...good, exp: NOW_S + 600 })}.`;
    expect(await rejection(verifier, unsigned)).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });

  it('rejects a token without exp or sub', async () => {
    const noExp = await new SignJWT(good).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(SECRET));
    expect(await rejection(verifier, noExp)).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
    expect(await rejection(verifier, await hs256({ iss: good.iss, aud: good.aud }))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });

  it('rejects a subject that claims an anonymous id or is not a plain id', async () => {
    expect(await rejection(verifier, await hs256({ ...good, sub: 'anon-123' }))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
    expect(await rejection(verifier, await hs256({ ...good, sub: '{"$ne":null}' }))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });

  it('rejects garbage', async () => {
    expect(await rejection(verifier, 'a.b.c')).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });
});

describe('TokenVerifier (public keys)', () => {
  let rsa: { privateKey: CryptoKey; pem: string };
  let ec: { privateKey: CryptoKey; pem: string };

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256', { extractable: true });
    const ecPair = await generateKeyPair('ES256', { extractable: true });
    rsa = { privateKey: rsaPair.privateKey, pem: await exportSPKI(rsaPair.publicKey) };
    ec = { privateKey: ecPair.privateKey, pem: await exportSPKI(ecPair.publicKey) };
  });

  const sign = (alg: string, key: CryptoKey | Uint8Array) =>
    new SignJWT({ sub: 'user-7' }).setProtectedHeader({ alg }).setExpirationTime(NOW_S + 600).sign(key);

  it('accepts RS256 and ES256 tokens signed with the matching private key', async () => {
    await expect(new TokenVerifier({ publicKeyPem: rsa.pem }, { now }).verify(await sign('RS256', rsa.privateKey))).resolves.toBe('user-7');
    await expect(new TokenVerifier({ publicKeyPem: ec.pem }, { now }).verify(await sign('ES256', ec.privateKey))).resolves.toBe('user-7');
  });

  it('rejects a token signed by another key pair', async () => {
    const other = await generateKeyPair('ES256');
    const verifier = new TokenVerifier({ publicKeyPem: ec.pem }, { now });
    expect(await rejection(verifier, await sign('ES256', other.privateKey))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });

  it('rejects HS256 "signed" with the public key (algorithm confusion)', async () => {
    const verifier = new TokenVerifier({ publicKeyPem: rsa.pem }, { now });
    expect(await rejection(verifier, await sign('HS256', new TextEncoder().encode(rsa.pem)))).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
  });
});
