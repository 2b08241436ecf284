import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_SITE_KEY, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({}, '/srv/parley');
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', dataDir: '/srv/parley/.data', toolsDir: '/srv/parley/.tools', embeddedDbSync: 'normal' });
    expect(config.mongo.uri).toBeUndefined();
    expect(config.bot.dir).toBe('/srv/parley/bots/ParleyStore');
    expect(config.sites.map((s) => s.siteKey)).toEqual([DEMO_SITE_KEY]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad value in one error', () => {
    const bad = () =>
      loadConfig({ PORT: 'eighty', PARLEY_MAX_TEXT_CHARS: '5000', PARLEY_SEED_ON_START: 'maybe', MONGODB_URI: 'http://db', PARLEY_LOG_LEVEL: 'loud', PARLEY_EMBEDDED_DB_SYNC: 'off' });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(6);
      expect(problems.join('\n')).toMatch(/PORT=.*not a whole number/);
      expect(problems.join('\n')).toMatch(/PARLEY_MAX_TEXT_CHARS=5000 is out of range/);
      expect(problems.join('\n')).toMatch(/PARLEY_SEED_ON_START.*not a boolean/);
      expect(problems.join('\n')).toMatch(/MONGODB_URI must start with mongodb:\/\//);
      expect(problems.join('\n')).toMatch(/PARLEY_LOG_LEVEL.*must be one of/);
      expect(problems.join('\n')).toMatch(/PARLEY_EMBEDDED_DB_SYNC.*must be one of/);
    }
  });

  it('reads sites from JSON and rejects weak or missing token keys', () => {
    const config = loadConfig({
      PARLEY_SITES: JSON.stringify([{ siteKey: 'shop-1', allowedOrigins: ['https://shop.example'], jwt: { hs256Secret: 'x'.repeat(32) } }]),
    });
    expect(config.sites).toEqual([
      { siteKey: 'shop-1', allowedOrigins: ['https://shop.example'], allowNoOrigin: false, allowAnonymous: true, jwt: { hs256Secret: 'x'.repeat(32) } },
    ]);
    expect(() => loadConfig({ PARLEY_SITES: '[{"siteKey":"shop-1","jwt":{"hs256Secret":"short"}}]' })).toThrow(/hs256Secret: must be at least 32/);
    expect(() => loadConfig({ PARLEY_SITES: '[{"siteKey":"a b"}]' })).toThrow(/siteKey: must be 3-64/);
    expect(() => loadConfig({ PARLEY_SITES: '{not json' })).toThrow(/PARLEY_SITES: not valid JSON/);
    expect(() => loadConfig({ PARLEY_SITES_FILE: '/nonexistent/sites.json' })).toThrow(/cannot read \(ENOENT\)/);
  });
});
