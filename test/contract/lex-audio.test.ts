/**
 * The Lex adapter's audio path, driven through the real SDK client: RecognizeUtterance with
 * `audio/l16; rate=16000; channels=1` to Parley's Lex emulator, which hears the audio with the
 * local recognizer and answers as Lex does (input mode Speech, the transcript gzip+base64 in
 * x-amz-lex-input-transcript). Also the local fallback when Lex cannot be reached.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FallbackAudioConversation, PocketsphinxRecognizer, RecognizingConversation } from '../../src/conversation/index.js';
import type { LexConversationEngine } from '../../src/conversation/lex-conversation.js';
import { hasPocketsphinx, synthesizePcm } from '../helpers/spoken-audio.js';
import { lexEngine, loadDemoBot, localEngine, startLexEmulator, type LexEmulator } from './lex-fixture.js';

const PATH = '/bots/PARLEYBOT1/botAliases/TSTALIASID/botLocales/en_US/sessions';
const TIMEOUT_MS = 60_000;

async function demoRecognizer(): Promise<PocketsphinxRecognizer> {
  const bot = await loadDemoBot();
  return PocketsphinxRecognizer.create(bot.locales[0] as (typeof bot.locales)[number], {
    command: 'pocketsphinx_batch',
    modelDir: '/usr/share/pocketsphinx/model/en-us',
    workDir: mkdtempSync(path.join(tmpdir(), 'parley-recognizer-')),
    timeoutMs: 30_000,
    maxConcurrent: 2,
  });
}

describe.skipIf(!hasPocketsphinx)('Lex RecognizeUtterance with audio, through the real SDK', () => {
  let emulator: LexEmulator;
  let recognizer: PocketsphinxRecognizer;
  let lex: LexConversationEngine;
  beforeAll(async () => {
    recognizer = await demoRecognizer();
    emulator = await startLexEmulator({ recognizer });
    lex = lexEngine(emulator.endpoint, { timeoutMs: 30_000 });
  }, TIMEOUT_MS);
  afterAll(async () => {
    lex?.close();
    await emulator?.close();
    await recognizer?.close();
  });

  it('recognizes a spoken utterance and reports the transcript', async () => {
    const pcm = await synthesizePcm('what are your store hours', 'Kimberly');
    const reply = await lex.recognizeAudio({ sessionId: 'spoken-1', pcm, timeZone: 'Europe/Paris' });
    expect(reply.sessionState.intent).toMatchObject({ name: 'StoreHours', state: 'Fulfilled' });
    expect(reply.transcript).toMatch(/hours/);
    expect(reply.messages.length).toBeGreaterThan(0);
  }, TIMEOUT_MS);

  it('keeps the dialog across spoken turns through the session state header', async () => {
    const first = await lex.recognizeAudio({ sessionId: 'spoken-2', pcm: await synthesizePcm('I would like to book a fitting', 'Kimberly') });
    expect(first.sessionState.intent?.name).toBe('BookFitting');
    expect(first.sessionState.dialogAction).toMatchObject({ type: 'ElicitSlot' });
    const second = await lex.recognizeAudio({ sessionId: 'spoken-2', pcm: await synthesizePcm('tomorrow', 'Kimberly'), sessionState: first.sessionState });
    expect(second.sessionState.intent?.name).toBe('BookFitting');
    expect(second.transcript).toBe('tomorrow');
  }, TIMEOUT_MS);

  it('answers with Speech input mode and the transcript gzip+base64, as Lex does', async () => {
    const response = await emulator.server.inject({
      method: 'POST',
      url: `${PATH}/spoken-3/utterance`,
      headers: { 'content-type': 'audio/x-l16; sample-rate=16000; channel-count=1', 'response-content-type': 'text/plain; charset=utf-8' },
      payload: await synthesizePcm('what are your store hours', 'Kimberly'),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-amz-lex-input-mode']).toBe('Speech');
    const transcript = JSON.parse(gunzipSync(Buffer.from(String(response.headers['x-amz-lex-input-transcript']), 'base64')).toString('utf8')) as string;
    expect(transcript).toMatch(/hours/);
  }, TIMEOUT_MS);

  it('maps bad audio to Lex ValidationException, seen by the adapter as PARLEY_CONVERSATION_AUDIO_INVALID before sending', async () => {
    await expect(lex.recognizeAudio({ sessionId: 'spoken-4', pcm: new Uint8Array(3) })).rejects.toMatchObject({ code: 'PARLEY_CONVERSATION_AUDIO_INVALID' });
    const silence = await emulator.server.inject({
      method: 'POST',
      url: `${PATH}/spoken-4/utterance`,
      headers: { 'content-type': 'audio/l16; rate=16000; channels=1' },
      payload: Buffer.alloc(32_000),
    });
    expect(silence.statusCode).toBe(400);
    expect(silence.json<{ message: string }>().message).toMatch(/no speech/);
  }, TIMEOUT_MS);

  it('falls back to local recognition when Lex cannot be reached, and marks the reply', async () => {
    const unreachable = lexEngine('http://127.0.0.1:9', { timeoutMs: 500, maxAttempts: 1 });
    const local = await localEngine();
    const audio = new FallbackAudioConversation(unreachable, new RecognizingConversation(recognizer, local, 'en_US'));
    const reply = await audio.recognizeAudio({ sessionId: 'spoken-5', pcm: await synthesizePcm('what are your store hours', 'Kimberly') });
    expect(reply.sessionState.intent?.name).toBe('StoreHours');
    expect(reply.fallback).toEqual({ engine: expect.stringContaining('pocketsphinx'), reason: 'PARLEY_CONVERSATION_LEX_UNAVAILABLE' });
    unreachable.close();
  }, TIMEOUT_MS);
});
