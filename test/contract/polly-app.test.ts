/**
 * The whole service with PARLEY_POLLY_EMULATOR on serves its local synthesizer at Polly's own
 * SynthesizeSpeech path, as the Polly adapter's contract tests expect of it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { seedTenant } from '../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../helpers/mongo.js';
import { REPO_ROOT } from '../integration/pipeline/app-fixture.js';

let db: TestStore;
let app: App;

beforeAll(async () => {
  db = await openTestStore();
  await seedTenant(db.store, { seed: 3, customers: 10, items: 200 });
  const config = loadConfig(
    { PARLEY_LOG_LEVEL: 'silent', PARLEY_SEED_ON_START: 'false', PARLEY_POLLY_EMULATOR: 'true', PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-polly-')) },
    REPO_ROOT,
  );
  app = await buildApp(config, { store: db.store });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('Parley with the Polly emulator on', () => {
  it('answers SynthesizeSpeech with audio and the billed characters', async () => {
    const response = await app.server.inject({
      method: 'POST',
      url: '/v1/speech',
      payload: { Text: 'Your fitting is booked.', VoiceId: 'Joanna', OutputFormat: 'pcm', SampleRate: '16000' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('audio/pcm');
    expect(response.headers['x-amzn-requestcharacters']).toBe('23');
    // 16-bit mono at 16 kHz: a short sentence is well over a quarter of a second of audio.
    expect(response.rawPayload.length).toBeGreaterThan(16_000 * 2 * 0.25);
  });

  it('serves the lexicon calls, and its synthesizer speaks a lexicon put through them', async () => {
    const Content = `<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>tomato</grapheme><phoneme>təˈmɑːtoʊ</phoneme></lexeme>
</lexicon>`;
    expect((await app.server.inject({ method: 'PUT', url: '/v1/lexicons/Tomato', payload: { Content } })).statusCode).toBe(200);
    const got = await app.server.inject({ method: 'GET', url: '/v1/lexicons/Tomato' });
    expect(got.json()).toMatchObject({ Lexicon: { Name: 'Tomato', Content }, LexiconAttributes: { Alphabet: 'ipa', LanguageCode: 'en-US', LexemesCount: 1, Size: Content.length } });
    const visemes = async (LexiconNames: string[]): Promise<string> => {
      const response = await app.server.inject({ method: 'POST', url: '/v1/speech', payload: { Text: 'A tomato.', VoiceId: 'Joanna', OutputFormat: 'json', SpeechMarkTypes: ['viseme'], LexiconNames } });
      return response.body.trim().split('\n').map((line) => (JSON.parse(line) as { value: string }).value).join('');
    };
    expect(await visemes([])).toContain('t@pe');
    expect(await visemes(['Tomato'])).toContain('t@pa');
    expect((await app.server.inject({ method: 'DELETE', url: '/v1/lexicons/Tomato' })).statusCode).toBe(200);
    const gone = await app.server.inject({ method: 'GET', url: '/v1/lexicons/Tomato' });
    expect([gone.statusCode, gone.headers['x-amzn-errortype']]).toEqual([404, 'LexiconNotFoundException']);
  });

  it('answers a bad voice the way Polly does', async () => {
    const response = await app.server.inject({ method: 'POST', url: '/v1/speech', payload: { Text: 'hi', VoiceId: 'Nobody', OutputFormat: 'mp3' } });
    expect(response.statusCode).toBe(400);
  });
});
