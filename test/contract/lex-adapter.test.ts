/**
 * The Lex adapter beyond the shared contract: parity with the local engine, RecognizeUtterance's
 * gzip+base64 headers and the session operations through the real SDK against Parley's Lex
 * emulator, and the faults only a scripted server can cause.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LexErrorCode } from '../../src/conversation/lex-errors.js';
import type { LexConversationEngine } from '../../src/conversation/lex-conversation.js';
import type { LocalConversationEngine } from '../../src/conversation/local/index.js';
import type { RecognizeTextResponse, SessionState } from '../../src/conversation/port.js';
import { NotFoundError, ParleyError, UpstreamError } from '../../src/shared/errors.js';
import { RECOGNIZE_TEXT_OK, startFakeLex, unreachableEndpoint } from './fake-lex-server.js';
import { lexEngine, localEngine, startLexEmulator, type LexEmulator } from './lex-fixture.js';

let emulator: LexEmulator;
let lex: LexConversationEngine;
let local: LocalConversationEngine;

beforeAll(async () => {
  emulator = await startLexEmulator();
  lex = lexEngine(emulator.endpoint);
  local = await localEngine();
});
afterAll(async () => {
  lex.close();
  await emulator.close();
});

/** Lex sends no interpretation confidence when the dialog, not the classifier, chose the intent. */
function comparable(r: RecognizeTextResponse): RecognizeTextResponse {
  return { ...r, requestAttributes: undefined } as RecognizeTextResponse;
}

describe('Lex adapter against the emulator (real SDK)', () => {
  it('answers exactly as the local engine does, turn by turn', async () => {
    let viaLex: RecognizeTextResponse | undefined;
    let direct: RecognizeTextResponse | undefined;
    for (const text of ['track my order', 'it is ps 123456', 'yes']) {
      viaLex = await lex.recognizeText({ sessionId: 'parity-1', text, ...(viaLex ? { sessionState: viaLex.sessionState } : {}) });
      direct = await local.recognizeText({ sessionId: 'parity-1', text, ...(direct ? { sessionState: direct.sessionState } : {}), localeId: 'en_US' });
      expect(comparable(viaLex)).toEqual(comparable(direct));
    }
  });

  it('sends the time zone as the x-amz-lex:time-zone request attribute', async () => {
    const r = await lex.recognizeText({ sessionId: 'tz-1', text: 'hello', timeZone: 'Europe/Paris', requestAttributes: { channel: 'web' } });
    expect(r.requestAttributes).toEqual({ channel: 'web', 'x-amz-lex:time-zone': 'Europe/Paris' });
  });

  it('RecognizeUtterance with text/plain decodes the gzip+base64 headers both ways', async () => {
    const first = await lex.recognizeUtterance({ sessionId: 'utter-1', text: 'where is order PS-654321', requestAttributes: { channel: 'voice' } });
    expect(first.inputMode).toBe('Text');
    expect(first.inputTranscript).toBe('where is order PS-654321');
    expect(first.requestAttributes).toEqual({ channel: 'voice' });
    expect(first.sessionState.dialogAction?.type).toBe('ConfirmIntent');
    expect(first.messages[0]?.content).toMatch(/PS-654321/);
    expect(first.interpretations[0]?.intent.name).toBe('OrderStatus');
    // The state goes back in the request header; the answer must continue that dialog.
    const yes = await lex.recognizeUtterance({ sessionId: 'utter-2', text: 'yes', sessionState: first.sessionState });
    expect(yes.sessionState.intent).toMatchObject({ name: 'OrderStatus', state: 'ReadyForFulfillment', confirmationState: 'Confirmed' });
    const asText = await lex.recognizeText({ sessionId: 'utter-3', text: 'yes', sessionState: first.sessionState });
    expect(yes.sessionState).toEqual(asText.sessionState);
  });

  it('puts, gets and deletes sessions, and a turn continues the stored session', async () => {
    const asked = await local.recognizeText({ sessionId: 'stored-1', text: 'where is order PS-654321', localeId: 'en_US' });
    const state: SessionState = { ...asked.sessionState, sessionAttributes: { ...asked.sessionState.sessionAttributes, customerId: 'c-9' } };
    const put = await lex.putSession({ sessionId: 'stored-1', sessionState: state, messages: asked.messages });
    expect(put.sessionState).toEqual(state);
    expect(put.messages).toEqual(asked.messages);

    const got = await lex.getSession({ sessionId: 'stored-1' });
    expect(got).toMatchObject({ sessionId: 'stored-1', messages: asked.messages, interpretations: [] });
    expect(got.sessionState).toEqual(state);

    // No sessionState in the request: the emulator uses the one it stores, as Lex does.
    const yes = await lex.recognizeText({ sessionId: 'stored-1', text: 'yes' });
    expect(yes.sessionState.intent).toMatchObject({ state: 'ReadyForFulfillment', confirmationState: 'Confirmed' });
    expect(yes.sessionState.sessionAttributes).toMatchObject({ customerId: 'c-9' });
    expect((await lex.getSession({ sessionId: 'stored-1' })).interpretations[0]?.intent.name).toBe('OrderStatus');

    await lex.deleteSession({ sessionId: 'stored-1' });
    const missing = await lex.getSession({ sessionId: 'stored-1' }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing).toMatchObject({ code: LexErrorCode.SessionNotFound, status: 404 });
    await expect(lex.deleteSession({ sessionId: 'stored-1' })).rejects.toMatchObject({ code: LexErrorCode.SessionNotFound });
  });

  it('maps an unknown locale to a Parley error, never an SDK one', async () => {
    const error = await lex.recognizeText({ sessionId: 'locale-1', text: 'hello', localeId: 'fr_FR' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toMatchObject({ code: LexErrorCode.Invalid, details: { lexError: 'ValidationException', httpStatus: 400 } });
  });
});

describe('Lex adapter faults (scripted server)', () => {
  it('retries ThrottlingException (429) with backoff, then succeeds', async () => {
    const fake = await startFakeLex([
      { status: 429, errorType: 'ThrottlingException' },
      { status: 429, errorType: 'ThrottlingException' },
      { status: 200, body: RECOGNIZE_TEXT_OK },
    ]);
    const engine = lexEngine(fake.endpoint, { maxAttempts: 3 });
    try {
      const r = await engine.recognizeText({ sessionId: 'fault-1', text: 'hello' });
      expect(r.messages).toEqual([{ contentType: 'PlainText', content: 'Hi from Lex.' }]);
      expect(r.sessionState.intent).toMatchObject({ name: 'Greeting', state: 'Fulfilled' });
      expect(fake.requests).toHaveLength(3);
      expect(fake.requests[0]).toEqual({ method: 'POST', url: '/bots/PARLEYBOT1/botAliases/TSTALIASID/botLocales/en_US/sessions/fault-1/text' });
    } finally {
      engine.close();
      await fake.close();
    }
  });

  it('gives up on throttling after maxAttempts with a retryable error', async () => {
    const fake = await startFakeLex([{ status: 429, errorType: 'ThrottlingException' }]);
    const engine = lexEngine(fake.endpoint, { maxAttempts: 2 });
    try {
      const error = await engine.recognizeText({ sessionId: 'fault-2', text: 'hello' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: LexErrorCode.Throttled, retryable: true, status: 429 });
      expect(fake.requests).toHaveLength(2);
    } finally {
      engine.close();
      await fake.close();
    }
  });

  it.each([
    ['InternalServerException', 500, LexErrorCode.Unavailable, true],
    ['BadGatewayException', 502, LexErrorCode.Unavailable, true],
    ['DependencyFailedException', 424, LexErrorCode.Unavailable, true],
    ['AccessDeniedException', 403, LexErrorCode.Unavailable, true],
    ['ResourceNotFoundException', 404, LexErrorCode.NotFound, false],
    ['ValidationException', 400, LexErrorCode.Invalid, false],
  ])('maps %s (%i) to %s', async (errorType, status, code, retryable) => {
    const fake = await startFakeLex([{ status, errorType }]);
    const engine = lexEngine(fake.endpoint, { maxAttempts: 1 });
    try {
      const error = await engine.recognizeText({ sessionId: 'fault-3', text: 'hello' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ParleyError);
      expect(error).toMatchObject({ code, retryable, details: { lexError: errorType } });
    } finally {
      engine.close();
      await fake.close();
    }
  });

  it('an unreachable endpoint is PARLEY_CONVERSATION_LEX_UNAVAILABLE', async () => {
    const engine = lexEngine(await unreachableEndpoint(), { maxAttempts: 2 });
    try {
      const error = await engine.recognizeText({ sessionId: 'down-1', text: 'hello' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ code: LexErrorCode.Unavailable, retryable: true, status: 503 });
    } finally {
      engine.close();
    }
  });

  it('a stalled answer times out as PARLEY_CONVERSATION_LEX_UNAVAILABLE', async () => {
    const fake = await startFakeLex(['stall']);
    const engine = lexEngine(fake.endpoint, { maxAttempts: 1, timeoutMs: 300 });
    try {
      const error = await engine.recognizeText({ sessionId: 'slow-1', text: 'hello' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: LexErrorCode.Unavailable, retryable: true });
    } finally {
      engine.close();
      await fake.close();
    }
  });
});
