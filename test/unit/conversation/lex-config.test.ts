import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.js';

const LEX = { PARLEY_CONVERSATION: 'lex', PARLEY_LEX_BOT_ID: 'PARLEYBOT1', PARLEY_LEX_BOT_ALIAS_ID: 'TSTALIASID', PARLEY_LEX_REGION: 'eu-west-1' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/parley');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('conversation engine configuration', () => {
  it('defaults to the local engine with the Lex emulator off', () => {
    const config = loadConfig({}, '/srv/parley');
    expect(config.conversation).toEqual({ engine: 'local' });
    expect(config.lexEmulator).toEqual({ enabled: false });
  });

  it('reads the Lex settings with their defaults', () => {
    const config = loadConfig({ ...LEX, PARLEY_LEX_EMULATOR: 'true' }, '/srv/parley');
    expect(config.conversation).toEqual({
      engine: 'lex',
      lex: { botId: 'PARLEYBOT1', botAliasId: 'TSTALIASID', localeId: 'en_US', region: 'eu-west-1', timeoutMs: 5000, maxAttempts: 3, fallback: 'local' },
    });
    expect(config.lexEmulator.enabled).toBe(true);
    const custom = loadConfig(
      { ...LEX, PARLEY_LEX_LOCALE: 'en_GB', PARLEY_LEX_ENDPOINT: 'http://127.0.0.1:9000', PARLEY_LEX_TIMEOUT_MS: '800', PARLEY_LEX_MAX_ATTEMPTS: '5', PARLEY_LEX_FALLBACK: 'none' },
      '/srv/parley',
    );
    expect(custom.conversation.lex).toMatchObject({ localeId: 'en_GB', endpoint: 'http://127.0.0.1:9000', timeoutMs: 800, maxAttempts: 5, fallback: 'none' });
  });

  it('names every missing Lex setting when PARLEY_CONVERSATION=lex', () => {
    expect(problems({ PARLEY_CONVERSATION: 'lex' })).toEqual([
      'PARLEY_LEX_BOT_ID is required when PARLEY_CONVERSATION=lex',
      'PARLEY_LEX_BOT_ALIAS_ID is required when PARLEY_CONVERSATION=lex',
      'PARLEY_LEX_REGION is required when PARLEY_CONVERSATION=lex',
    ]);
  });

  it('names every bad value', () => {
    const found = problems({
      PARLEY_CONVERSATION: 'dialogflow',
      PARLEY_LEX_BOT_ID: 'short',
      PARLEY_LEX_BOT_ALIAS_ID: 'TST ALIAS!',
      PARLEY_LEX_LOCALE: 'en-US',
      PARLEY_LEX_REGION: 'Frankfurt',
      PARLEY_LEX_ENDPOINT: 'ftp://lex',
      PARLEY_LEX_TIMEOUT_MS: '10',
      PARLEY_LEX_MAX_ATTEMPTS: 'many',
      PARLEY_LEX_FALLBACK: 'polly',
      PARLEY_LEX_EMULATOR: 'maybe',
    }).join('\n');
    for (const name of [
      'PARLEY_CONVERSATION=',
      'PARLEY_LEX_BOT_ID=',
      'PARLEY_LEX_BOT_ALIAS_ID=',
      'PARLEY_LEX_LOCALE=',
      'PARLEY_LEX_REGION=',
      'PARLEY_LEX_ENDPOINT=',
      'PARLEY_LEX_TIMEOUT_MS=',
      'PARLEY_LEX_MAX_ATTEMPTS=',
      'PARLEY_LEX_FALLBACK=',
      'PARLEY_LEX_EMULATOR=',
    ]) {
      expect(found).toContain(name);
    }
  });
});
