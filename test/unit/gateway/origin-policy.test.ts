import { describe, expect, it } from 'vitest';
import { OriginPolicy } from '../../../src/gateway/auth/origin-policy.js';

describe('OriginPolicy', () => {
  it('matches an exact origin with an explicit port only on that port', () => {
    const policy = new OriginPolicy(['https://shop.example.com:8443'], false);
    expect(policy.allows('https://shop.example.com:8443')).toBe(true);
    expect(policy.allows('https://shop.example.com')).toBe(false);
    expect(policy.allows('https://shop.example.com:9443')).toBe(false);
  });

  it('lets a host-only entry match any port of that scheme and host', () => {
    const policy = new OriginPolicy(['http://localhost'], false);
    expect(policy.allows('http://localhost')).toBe(true);
    expect(policy.allows('http://localhost:5173')).toBe(true);
    expect(policy.allows('https://localhost:5173')).toBe(false);
    expect(policy.allows('http://localhost.evil.com')).toBe(false);
    expect(policy.allows('http://evil-localhost')).toBe(false);
  });

  it('compares hosts case-insensitively and ignores a trailing slash in the entry', () => {
    const policy = new OriginPolicy(['https://Shop.Example.com/'], false);
    expect(policy.allows('https://shop.example.COM')).toBe(true);
  });

  it('matches any origin with *', () => {
    const policy = new OriginPolicy(['*'], false);
    expect(policy.allows('https://anything.example')).toBe(true);
    expect(policy.allows(undefined)).toBe(false);
  });

  it('admits a missing origin only when allowed', () => {
    expect(new OriginPolicy(['http://localhost'], true).allows(undefined)).toBe(true);
    expect(new OriginPolicy(['http://localhost'], false).allows(undefined)).toBe(false);
  });

  it('refuses the opaque origin null and non-origins', () => {
    const policy = new OriginPolicy(['http://localhost'], true);
    expect(policy.allows('null')).toBe(false);
    expect(policy.allows('http://localhost/path')).toBe(false);
    expect(policy.allows('http://user@localhost')).toBe(false);
  });

  it('reports entries that are not origins', () => {
    const policy = new OriginPolicy(['localhost:3000', 'https://ok.example', 'https://x.example/path'], false);
    expect(policy.invalidEntries).toEqual(['localhost:3000', 'https://x.example/path']);
  });
});
