/**
 * Lex falling back to the local engine: the real Lex adapter aimed at an endpoint that is down,
 * then at the emulator, with the local engine over the same bot as the fallback.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createConversationEngine, FALLBACK_ATTRIBUTE, FallbackConversationEngine } from '../../src/conversation/index.js';
import { LexConversationEngine } from '../../src/conversation/lex-conversation.js';
import { LexErrorCode } from '../../src/conversation/lex-errors.js';
import { LocalConversationEngine } from '../../src/conversation/local/index.js';
import type { RecognizeTextRequest } from '../../src/conversation/port.js';
import { lexEngine, loadDemoBot, localEngine, REPO_ROOT, startLexEmulator, type LexEmulator } from './lex-fixture.js';
import { unreachableEndpoint } from './fake-lex-server.js';

interface LogLine {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

function recordingLogger(lines: LogLine[]) {
  return {
    info: (fields: Record<string, unknown>, message: string) => void lines.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) => void lines.push({ level: 'warn', fields, message }),
  };
}

let emulator: LexEmulator;
beforeAll(async () => {
  emulator = await startLexEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('FallbackConversationEngine', () => {
  it('answers from the local engine while Lex is unreachable, marked as a fallback', async () => {
    const down = lexEngine(await unreachableEndpoint(), { maxAttempts: 1 });
    const lines: LogLine[] = [];
    const engine = new FallbackConversationEngine(down, await localEngine(), { logger: recordingLogger(lines) });
    try {
      const first = await engine.recognizeText({ sessionId: 'fb-1', text: 'where is my order', requestAttributes: { channel: 'web' } });
      expect(first.sessionState.dialogAction).toEqual({ type: 'ElicitSlot', slotToElicit: 'OrderNumber' });
      expect(first.fallback).toEqual({ engine: 'local', reason: LexErrorCode.Unavailable });
      expect(first.requestAttributes).toEqual({ channel: 'web', [FALLBACK_ATTRIBUTE]: 'local' });
      const second = await engine.recognizeText({ sessionId: 'fb-1', text: 'PS-123456', sessionState: first.sessionState });
      expect(second.fallback?.engine).toBe('local');
      expect(second.sessionState.dialogAction?.type).toBe('ConfirmIntent');
      // One outage: logged and counted once, not per turn.
      expect(engine.counters()).toEqual({ primary: 0, fallback: 2, outages: 1 });
      expect(lines).toEqual([expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ engine: 'lex', code: LexErrorCode.Unavailable }) })]);
      expect(engine.isPrimaryAvailable).toBe(false);
    } finally {
      down.close();
    }
  });

  it('uses Lex when it answers, logs its return, and does not hide bad input', async () => {
    const up = lexEngine(emulator.endpoint);
    const down = lexEngine(await unreachableEndpoint(), { maxAttempts: 1 });
    const lines: LogLine[] = [];
    // Lex that is down for the first turn and back afterwards.
    let isUp = false;
    const primary = { name: 'lex', recognizeText: (request: RecognizeTextRequest) => (isUp ? up : down).recognizeText(request) };
    const engine = new FallbackConversationEngine(primary, await localEngine(), { logger: recordingLogger(lines) });
    try {
      expect((await engine.recognizeText({ sessionId: 'fb-2', text: 'hello' })).fallback).toBeDefined();
      isUp = true;
      const answered = await engine.recognizeText({ sessionId: 'fb-2', text: 'hello' });
      expect(answered.fallback).toBeUndefined();
      expect(answered.requestAttributes?.[FALLBACK_ATTRIBUTE]).toBeUndefined();
      expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
      await expect(engine.recognizeText({ sessionId: 'fb-2', text: '   ' })).rejects.toMatchObject({ code: LexErrorCode.Invalid });
      expect(engine.counters()).toEqual({ primary: 1, fallback: 1, outages: 1 });
    } finally {
      up.close();
      down.close();
    }
  });
});

describe('createConversationEngine', () => {
  // The factory's client takes credentials from the SDK's default chain, here the environment.
  beforeAll(() => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDPARLEYTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'parley-test-secret');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  const lexEnv = (extra: Record<string, string>) =>
    loadConfig(
      {
        PARLEY_CONVERSATION: 'lex',
        PARLEY_LEX_BOT_ID: 'PARLEYBOT1',
        PARLEY_LEX_BOT_ALIAS_ID: 'TSTALIASID',
        PARLEY_LEX_REGION: 'us-east-1',
        PARLEY_LEX_ENDPOINT: emulator.endpoint,
        ...extra,
      },
      REPO_ROOT,
    );

  it('picks the local engine by default', async () => {
    const setup = await createConversationEngine(loadConfig({}, REPO_ROOT), { bot: await loadDemoBot() });
    expect(setup.engine).toBeInstanceOf(LocalConversationEngine);
    expect(setup.engine).toBe(setup.local);
    setup.close();
  });

  it('picks Lex with the local fallback, or Lex alone, and the engine answers', async () => {
    const withFallback = await createConversationEngine(lexEnv({}), { bot: await loadDemoBot() });
    const alone = await createConversationEngine(lexEnv({ PARLEY_LEX_FALLBACK: 'none' }), { bot: await loadDemoBot() });
    try {
      expect(withFallback.engine).toBeInstanceOf(FallbackConversationEngine);
      expect(withFallback.engine.name).toBe('lex+local');
      expect(alone.engine).toBeInstanceOf(LexConversationEngine);
      const r = await alone.engine.recognizeText({ sessionId: 'factory-1', text: 'what are your store hours' });
      expect(r.sessionState.intent?.name).toBe('StoreHours');
      expect(r.fallback).toBeUndefined();
    } finally {
      withFallback.close();
      alone.close();
    }
  });
});
