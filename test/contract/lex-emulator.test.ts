/**
 * The Lex emulator's wire behaviour where the SDK would hide it: error shape and headers, id
 * validation, audio formats, the raw gzip+base64 headers, and that it is off unless configured.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildGateway } from '../../src/gateway/index.js';
import { ScriptedTurnRunner } from '../helpers/scripted-turn-runner.js';
import { localEngine, REPO_ROOT, startLexEmulator, type LexEmulator } from './lex-fixture.js';

const PATH = '/bots/PARLEYBOT1/botAliases/TSTALIASID/botLocales/en_US/sessions';
const encode = (value: unknown): string => gzipSync(Buffer.from(JSON.stringify(value))).toString('base64');
const decode = (header: string | string[] | number | undefined): unknown => JSON.parse(gunzipSync(Buffer.from(String(header), 'base64')).toString('utf8'));

let emulator: LexEmulator;
beforeAll(async () => {
  emulator = await startLexEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('Lex emulator wire format', () => {
  it('answers RecognizeText with Lex JSON fields', async () => {
    const response = await emulator.server.inject({ method: 'POST', url: `${PATH}/wire-1/text`, payload: { text: 'what are your store hours' } });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(['interpretations', 'messages', 'sessionId', 'sessionState']);
    expect(body.sessionState).toMatchObject({ intent: { name: 'StoreHours', state: 'Fulfilled' } });
  });

  it('answers RecognizeUtterance text with gzip+base64 headers and an empty body', async () => {
    const response = await emulator.server.inject({
      method: 'POST',
      url: `${PATH}/wire-2/utterance`,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'response-content-type': 'text/plain; charset=utf-8',
        'x-amz-lex-session-state': encode({ sessionAttributes: { customerId: 'c-2' } }),
        'x-amz-lex-request-attributes': encode({ channel: 'kiosk' }),
      },
      payload: 'hello',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.headers['x-amz-lex-input-mode']).toBe('Text');
    expect(response.headers['x-amz-lex-session-id']).toBe('wire-2');
    expect(decode(response.headers['x-amz-lex-input-transcript'])).toBe('hello');
    expect(decode(response.headers['x-amz-lex-session-state'])).toMatchObject({ intent: { name: 'Greeting' }, sessionAttributes: { customerId: 'c-2' } });
    expect(decode(response.headers['x-amz-lex-request-attributes'])).toEqual({ channel: 'kiosk' });
    expect(decode(response.headers['x-amz-lex-messages'])).toEqual([expect.objectContaining({ contentType: 'PlainText' })]);
    expect(Array.isArray(decode(response.headers['x-amz-lex-interpretations']))).toBe(true);
  });

  it('refuses audio formats other than 16 kHz PCM, and audio out, with a ValidationException that says why', async () => {
    const audioIn = await emulator.server.inject({
      method: 'POST',
      url: `${PATH}/wire-3/utterance`,
      headers: { 'content-type': 'audio/l16; rate=8000; channels=1' },
      payload: Buffer.alloc(320),
    });
    expect(audioIn.statusCode).toBe(400);
    expect(audioIn.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(audioIn.json()).toEqual({ message: expect.stringMatching(/rate=8000.*not supported.*audio\/l16; rate=16000; channels=1/) });

    // This emulator has no recognizer: 16 kHz PCM is understood as a format but cannot be heard.
    const unheard = await emulator.server.inject({
      method: 'POST',
      url: `${PATH}/wire-3/utterance`,
      headers: { 'content-type': 'audio/l16; rate=16000; channels=1' },
      payload: Buffer.alloc(320),
    });
    expect(unheard.statusCode).toBe(424);
    expect(unheard.headers['x-amzn-errortype']).toBe('DependencyFailedException');

    const audioOut = await emulator.server.inject({
      method: 'POST',
      url: `${PATH}/wire-3/utterance`,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'response-content-type': 'audio/mpeg' },
      payload: 'hello',
    });
    expect(audioOut.statusCode).toBe(400);
    expect(audioOut.json<{ message: string }>().message).toMatch(/Response-Content-Type "audio\/mpeg"/);
  });

  it.each([
    ['a short bot id', '/bots/PARLEY/botAliases/TSTALIASID/botLocales/en_US/sessions/s-1/text', /botId/],
    ['a bad alias id', '/bots/PARLEYBOT1/botAliases/TST-ALIAS!/botLocales/en_US/sessions/s-1/text', /botAliasId/],
    ['a bad locale', '/bots/PARLEYBOT1/botAliases/TSTALIASID/botLocales/english/sessions/s-1/text', /localeId/],
    ['a one-character session id', `${PATH}/s/text`, /sessionId/],
    ['a session id with a space', `${PATH}/a%20b/text`, /sessionId/],
  ])('rejects %s with Lex error JSON', async (_label, url, pattern) => {
    const response = await emulator.server.inject({ method: 'POST', url, payload: { text: 'hello' } });
    expect(response.statusCode).toBe(400);
    expect(response.headers['x-amzn-errortype']).toBe('ValidationException');
    expect(response.json<{ message: string }>().message).toMatch(pattern);
  });

  it('maps engine errors and malformed bodies to Lex errors', async () => {
    const empty = await emulator.server.inject({ method: 'POST', url: `${PATH}/wire-4/text`, payload: { text: '' } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ message: string }>().message).toMatch(/^PARLEY_CONVERSATION_TEXT_INVALID/);
    const malformed = await emulator.server.inject({ method: 'POST', url: `${PATH}/wire-4/text`, headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['x-amzn-errortype']).toBe('ValidationException');
    const badHeader = await emulator.server.inject({
      method: 'POST',
      url: `${PATH}/wire-4/utterance`,
      headers: { 'content-type': 'text/plain', 'x-amz-lex-session-state': 'not-gzip' },
      payload: 'hello',
    });
    expect(badHeader.statusCode).toBe(400);
    expect(badHeader.json<{ message: string }>().message).toMatch(/gzip/);
    const missing = await emulator.server.inject({ method: 'GET', url: `${PATH}/never-seen` });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
  });
});

describe('Lex emulator switch', () => {
  it('is not served unless PARLEY_LEX_EMULATOR=true', async () => {
    const config = loadConfig({ PARLEY_LOG_LEVEL: 'silent' }, REPO_ROOT);
    expect(config.lexEmulator.enabled).toBe(false);
    const server = buildGateway({ config, turns: new ScriptedTurnRunner(), readiness: async () => undefined, lexRuntime: { engine: await localEngine() } });
    try {
      const response = await server.inject({ method: 'POST', url: `${PATH}/off-1/text`, payload: { text: 'hello' } });
      expect(response.statusCode).toBe(404);
      expect(response.headers['x-amzn-errortype']).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
