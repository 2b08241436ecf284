/**
 * Contract under test: docs/protocol.schema.json accepts every documented message shape, and
 * Protocol.parse turns each kind of bad frame into its stable error code.
 */
import { describe, expect, it } from 'vitest';
import { Protocol } from '../../../src/gateway/ws/protocol.js';
import { loadProtocolSchema } from '../../../src/gateway/ws/protocol-schema.js';
import type { ServerMessage } from '../../../src/gateway/ws/messages.js';

const MAX_BYTES = 1024;
const protocol = new Protocol(loadProtocolSchema().document, MAX_BYTES);

function parse(value: unknown, isBinary = false) {
  return protocol.parse(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)), isBinary);
}

function codeOf(value: unknown, isBinary = false): string | undefined {
  const result = parse(value, isBinary);
  return result.ok ? undefined : result.error.code;
}

const validClientMessages: unknown[] = [
  { type: 'session.hello', v: 1, siteKey: 'demo-site', context: {} },
  {
    type: 'session.hello',
    id: 'h1',
    v: 1,
    siteKey: 'demo-site',
    token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln',
    sessionId: 'sess-1',
    context: { device: 'kiosk', geo: { country: 'FR', region: 'IDF' }, promo: 'spring-sale', locale: 'fr-FR', timeZone: 'Europe/Paris' },
    audio: { enabled: true, format: 'mp3' },
  },
  { type: 'session.hello', v: 1, siteKey: 'demo-site', sessionId: 'sess-1', resumeToken: 'YW5vbg.bWFj', context: {} },
  { type: 'turn.text', id: 't1', text: 'show me shoes' },
  { type: 'turn.interrupt' },
  { type: 'event.send', event: { kind: 'purchase', itemId: 'item-1', eventId: 'ev-1', value: 19.99 } },
  { type: 'ping', id: 'p' },
  { type: 'turn.audio.begin', id: 'a1', format: { encoding: 'pcm_s16le', sampleRateHz: 16000, channels: 1 } },
  // Other formats pass the schema so the gateway can answer PARLEY_GATEWAY_AUDIO_FORMAT_UNSUPPORTED.
  { type: 'turn.audio.begin', format: { encoding: 'opus', sampleRateHz: 48000, channels: 2 } },
  { type: 'turn.audio.end' },
];

const validServerMessages: ServerMessage[] = [
  {
    type: 'session.ready',
    id: 'h1',
    v: 1,
    sessionId: 'sess-1',
    resumed: true,
    turnCount: 2,
    pending: { intent: 'FindProduct', dialogAction: { type: 'ElicitSlot', slotToElicit: 'Color' } },
    userId: 'anon-1',
    anonymous: true,
    resumeToken: 'a.b',
    limits: { maxMessageBytes: 1, maxTextChars: 1, messagesPerSecond: 1, messageBurst: 1, maxPendingTurns: 4 },
  },
  {
    type: 'turn.reply',
    id: 't1',
    sessionId: 'sess-1',
    turnId: 'turn-1',
    text: 'Here you go',
    messages: [
      { contentType: 'PlainText', content: 'Here you go' },
      { contentType: 'ImageResponseCard', imageResponseCard: { title: 'Shoes', buttons: [{ text: 'Yes', value: 'yes' }] } },
    ],
    intent: { name: 'FindProduct', state: 'Fulfilled', confidence: 0.9 },
    slots: { Color: 'red', Size: null },
    dialogAction: { type: 'Close' },
    cards: [{ itemId: 'i1', title: 'Shoe', price: 10, currency: 'EUR', brand: 'B', category: 'shoes', imageUrl: '/i1.png', recommendationId: 'r1' }],
    latencyMs: 12.5,
  },
  {
    type: 'turn.reply',
    id: 'a1',
    sessionId: 'sess-1',
    turnId: 'turn-2',
    text: 'We are open 9 to 6.',
    messages: [{ contentType: 'PlainText', content: 'We are open 9 to 6.' }],
    intent: { name: 'StoreHours', state: 'Fulfilled', confidence: 0.8 },
    slots: {},
    dialogAction: { type: 'Close' },
    cards: [],
    latencyMs: 900,
    transcript: 'what are your store hours',
  },
  {
    type: 'session.ready',
    v: 1,
    sessionId: 'sess-2',
    resumed: false,
    turnCount: 0,
    userId: 'anon-2',
    anonymous: true,
    limits: { maxMessageBytes: 1, maxTextChars: 1, messagesPerSecond: 1, messageBurst: 1, maxPendingTurns: 4, maxAudioMs: 15000, maxAudioBytes: 480000 },
  },
  { type: 'error', id: 'x', code: 'PARLEY_GATEWAY_RATE_LIMITED', message: 'slow down', retryable: true, retryAfterMs: 100 },
  { type: 'error', code: 'PARLEY_GATEWAY_INVALID_MESSAGE', message: 'bad', retryable: false, path: '/text' },
  { type: 'pong', id: 'p' },
  { type: 'server.shutdown', reconnectAfterMs: 1500 },
  { type: 'audio.begin', turnId: 't-1', format: 'mp3', sampleRate: 24000, contentType: 'audio/mpeg', mode: 'stream', segments: 2 },
  { type: 'audio.segment', turnId: 't-1', index: 0, text: 'Hello.', marks: [{ time: 0, type: 'word', value: 'Hello' }] },
  { type: 'audio.segment', turnId: 't-1', index: 1, text: 'Bye.', marks: [], url: '/v1/audio/abc_-1.mp3' },
  { type: 'audio.end', id: 'i1', turnId: 't-1', segments: 1, audioMs: 640, outcome: 'interrupted' },
  { type: 'audio.error', turnId: 't-1', code: 'PARLEY_SPEECH_THROTTLED', message: 'slow down', retryable: true, segments: 0 },
];

describe('protocol schema', () => {
  it.each(validClientMessages.map((m) => [(m as { type: string }).type, m]))('accepts a valid %s', (_type, message) => {
    const result = parse(message);
    expect(result.ok ? 'ok' : result.error.message).toBe('ok');
  });

  it.each(validServerMessages.map((m) => [m.type, m]))('accepts an outgoing %s', (_type, message) => {
    expect(protocol.checkServerMessage(message)).toBeUndefined();
  });

  it('rejects an outgoing message with an undocumented field', () => {
    expect(protocol.checkServerMessage({ type: 'pong', secret: 1 })).toContain('/secret');
  });

  it('declares exactly the client and server message types the gateway knows', () => {
    const defs = loadProtocolSchema().document.$defs as Record<string, { oneOf: Array<{ $ref: string }> }>;
    const typesOf = (union: string) =>
      (defs[union]?.oneOf ?? []).map((ref) => {
        const name = ref.$ref.split('/').pop() ?? '';
        return (defs[name] as unknown as { properties: { type: { const: string } } }).properties.type.const;
      });
    expect(typesOf('ClientMessage').sort()).toEqual(['event.send', 'ping', 'reward.send', 'session.hello', 'turn.audio.begin', 'turn.audio.end', 'turn.interrupt', 'turn.text']);
    expect(typesOf('ServerMessage').sort()).toEqual(['audio.begin', 'audio.end', 'audio.error', 'audio.segment', 'error', 'event.ack', 'pong', 'reward.ack', 'server.shutdown', 'session.ready', 'turn.reply']);
  });
});

describe('Protocol.parse errors', () => {
  it('refuses binary frames', () => {
    expect(codeOf({ type: 'ping' }, true)).toBe('PARLEY_GATEWAY_BINARY_UNSUPPORTED');
  });

  it('refuses frames over maxMessageBytes', () => {
    expect(codeOf({ type: 'turn.text', text: 'x'.repeat(MAX_BYTES) })).toBe('PARLEY_GATEWAY_MESSAGE_TOO_LARGE');
  });

  it('refuses invalid JSON', () => {
    expect(codeOf('{"type": "ping"')).toBe('PARLEY_GATEWAY_INVALID_JSON');
  });

  it.each([['array', []], ['number', 3], ['null', null], ['string', '"ping"']])('refuses a JSON %s', (_what, value) => {
    expect(codeOf(value)).toBe('PARLEY_GATEWAY_INVALID_MESSAGE');
  });

  it('refuses an unknown type', () => {
    expect(codeOf({ type: 'turn.audio' })).toBe('PARLEY_GATEWAY_UNKNOWN_TYPE');
  });

  it('refuses a missing or non-string type', () => {
    expect(codeOf({ text: 'hi' })).toBe('PARLEY_GATEWAY_INVALID_MESSAGE');
    expect(codeOf({ type: 7 })).toBe('PARLEY_GATEWAY_INVALID_MESSAGE');
  });

  it('reports the schema path and echoes the id', () => {
    const result = parse({ type: 'turn.text', id: 'abc', text: 42 });
    expect(result).toMatchObject({ ok: false, id: 'abc', error: { code: 'PARLEY_GATEWAY_INVALID_MESSAGE', details: { path: '/text' } } });
  });

  it('names a missing required field and an extra field', () => {
    expect(parse({ type: 'session.hello', v: 1, context: {} })).toMatchObject({ error: { details: { path: '/siteKey' } } });
    expect(parse({ type: 'ping', userId: 'admin' })).toMatchObject({ error: { details: { path: '/userId' } } });
  });

  it('refuses another protocol version with its own code', () => {
    expect(codeOf({ type: 'session.hello', v: 2, siteKey: 'demo-site', context: {} })).toBe('PARLEY_GATEWAY_UNSUPPORTED_VERSION');
  });

  it('refuses a resumeToken without a sessionId', () => {
    expect(parse({ type: 'session.hello', v: 1, siteKey: 'demo-site', resumeToken: 'a.b', context: {} })).toMatchObject({
      error: { details: { path: '/sessionId' } },
    });
  });

  it.each([
    ['siteKey with a dollar', { siteKey: '$where' }],
    ['lowercase country', { context: { geo: { country: 'fr' } } }],
    ['unknown device', { context: { device: 'toaster' } }],
    ['promo with spaces', { context: { promo: 'a b' } }],
    ['malformed token', { token: 'not-a-jwt' }],
    ['session id with a slash', { sessionId: '../x' }],
  ])('refuses a hello with %s', (_what, override) => {
    const hello = { type: 'session.hello', v: 1, siteKey: 'demo-site', context: {}, ...override };
    expect(codeOf(hello)).toBe('PARLEY_GATEWAY_INVALID_MESSAGE');
  });

  it('does not echo an unusable id', () => {
    const result = parse({ type: 'nope', id: 'x'.repeat(65) });
    expect(result.ok).toBe(false);
    expect('id' in result && result.id !== undefined).toBe(false);
  });
});
