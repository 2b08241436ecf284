/** PARLEY_SESSION_SECRET (added for anonymous resume tokens) is optional and must be long enough. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

describe('PARLEY_SESSION_SECRET', () => {
  it('is absent by default', () => {
    expect(loadConfig({}).sessionSecret).toBeUndefined();
  });

  it('is read when at least 32 characters', () => {
    expect(loadConfig({ PARLEY_SESSION_SECRET: 's'.repeat(32) }).sessionSecret).toBe('s'.repeat(32));
  });

  it('is refused when shorter', () => {
    expect(() => loadConfig({ PARLEY_SESSION_SECRET: 'short' })).toThrow(ConfigError);
  });
});
