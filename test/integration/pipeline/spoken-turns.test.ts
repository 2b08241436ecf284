/**
 * Spoken turns as a kiosk sends them: turn.audio.begin, binary frames of 16 kHz PCM, turn.audio.end,
 * over a real socket to the whole service (real store, bot, recognizer). The audio is the demo
 * bot's utterances spoken by Parley's local synthesizer; PocketSphinx (built from the bot's own
 * sentences) hears them and the reply carries the intent and the transcript.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ServerFrame, type WsClient } from '../../helpers/ws-client.js';
import { hasPocketsphinx, pcmFrames, synthesizePcm } from '../../helpers/spoken-audio.js';
import { SITE_KEY, startApp, type RunningApp } from './app-fixture.js';

const PCM = { encoding: 'pcm_s16le', sampleRateHz: 16000, channels: 1 };
/** Recognition runs a process per utterance; on a busy machine it takes seconds. */
const REPLY_TIMEOUT_MS = 60_000;

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
  expect(running.config.limits.audioIdleMs).toBe(5000);
}, 120_000);
afterAll(async () => {
  await running?.close();
});

async function kiosk(app: RunningApp = running): Promise<WsClient> {
  // A kiosk sends no Origin; the test site allows that.
  const client = await connect(app.wsUrl);
  client.send({ type: 'session.hello', id: 'h', v: 1, siteKey: SITE_KEY, context: { device: 'kiosk', locale: 'en-US' } });
  const ready = await client.next('session.ready');
  expect(ready.limits).toMatchObject({ maxAudioMs: 15_000, maxAudioBytes: 480_000, audioIdleMs: app.config.limits.audioIdleMs });
  return client;
}

async function speak(client: WsClient, pcm: Buffer, id: string): Promise<ServerFrame> {
  client.send({ type: 'turn.audio.begin', id, format: PCM });
  for (const frame of pcmFrames(pcm)) client.sendRaw(frame, { binary: true });
  client.send({ type: 'turn.audio.end' });
  return client.next(undefined, REPLY_TIMEOUT_MS);
}

async function stillUsable(client: WsClient): Promise<void> {
  client.send({ type: 'ping', id: 'p' });
  expect(await client.next('pong')).toEqual({ type: 'pong', id: 'p' });
}

describe.skipIf(!hasPocketsphinx)('a spoken utterance reaches the right intent', () => {
  it.each([
    ['I would like to book a fitting', 'BookFitting', /fitting/],
    ['what are your store hours', 'StoreHours', /hours/],
  ])('"%s" -> %s', async (text, intent, heard) => {
    const client = await kiosk();
    const reply = await speak(client, await synthesizePcm(text, 'Kimberly'), 'spoken-1');
    expect(reply).toMatchObject({ type: 'turn.reply', id: 'spoken-1', intent: { name: intent } });
    expect(reply.transcript).toMatch(heard);
    // The turn is stored as what was heard, and how; not the audio.
    const stored = await running.db.store.sessions.getHead(String(reply.sessionId));
    expect(stored?.turnCount).toBe(1);
    const turns = (await running.db.store.sessions.get(String(reply.sessionId)))?.turns;
    expect(turns?.map((t) => t.input)).toEqual([
      { kind: 'audio', text: reply.transcript, recognizer: expect.stringMatching(/^pocketsphinx/), durationMs: expect.any(Number), format: { encoding: 'pcm_s16le', sampleRateHz: 16000, channels: 1 } },
    ]);
    expect(turns?.[0]?.input).toMatchObject({ durationMs: expect.toSatisfy((ms: number) => ms > 500 && ms < 10_000) });
    await client.close();
  }, REPLY_TIMEOUT_MS * 2);

  it('answers a spoken turn and a typed one in the order sent', async () => {
    const client = await kiosk();
    client.send({ type: 'turn.audio.begin', id: 'a1', format: PCM });
    for (const frame of pcmFrames(await synthesizePcm('what are your store hours', 'Kimberly'))) client.sendRaw(frame, { binary: true });
    client.send({ type: 'turn.audio.end' });
    client.send({ type: 'turn.text', id: 't2', text: 'goodbye' });
    const first = await client.next('turn.reply', REPLY_TIMEOUT_MS);
    const second = await client.next('turn.reply', REPLY_TIMEOUT_MS);
    expect([first.id, second.id]).toEqual(['a1', 't2']);
    expect(second.transcript).toBeUndefined();
    await client.close();
  }, REPLY_TIMEOUT_MS * 2);

  it('says when nothing was heard (silence)', async () => {
    const client = await kiosk();
    const reply = await speak(client, Buffer.alloc(32_000), 'quiet');
    expect(reply).toMatchObject({ type: 'error', id: 'quiet', code: 'PARLEY_CONVERSATION_AUDIO_NO_SPEECH' });
    await stillUsable(client);
    await client.close();
  }, REPLY_TIMEOUT_MS * 2);
});

describe('bad spoken input gets a clear error and the connection stays usable', () => {
  it('refuses formats other than 16 kHz mono 16-bit PCM, naming the one it takes', async () => {
    const client = await kiosk();
    for (const format of [{ ...PCM, sampleRateHz: 8000 }, { ...PCM, channels: 2 }, { ...PCM, encoding: 'opus' }]) {
      client.send({ type: 'turn.audio.begin', id: 'b', format });
      const error = await client.next('error');
      expect(error).toMatchObject({ id: 'b', code: 'PARLEY_GATEWAY_AUDIO_FORMAT_UNSUPPORTED', retryable: false });
      expect(error.message).toMatch(/16-bit little-endian, 16000 Hz, mono/);
    }
    // Nothing was begun: binary frames are still refused.
    client.sendRaw(Buffer.alloc(320), { binary: true });
    expect(await client.next('error')).toMatchObject({ code: 'PARLEY_GATEWAY_BINARY_UNSUPPORTED' });
    await stillUsable(client);
    await client.close();
  });

  it('refuses a begin without a format through the schema', async () => {
    const client = await kiosk();
    client.send({ type: 'turn.audio.begin', id: 'b' });
    expect(await client.next('error')).toMatchObject({ id: 'b', code: 'PARLEY_GATEWAY_INVALID_MESSAGE', path: '/format' });
    await stillUsable(client);
    await client.close();
  });

  it('refuses an end without a begin, a second begin, and an empty utterance', async () => {
    const client = await kiosk();
    client.send({ type: 'turn.audio.end', id: 'e' });
    expect(await client.next('error')).toMatchObject({ id: 'e', code: 'PARLEY_GATEWAY_AUDIO_NOT_STARTED' });
    client.send({ type: 'turn.audio.begin', id: 'b1', format: PCM });
    client.send({ type: 'turn.audio.begin', id: 'b2', format: PCM });
    expect(await client.next('error')).toMatchObject({ id: 'b2', code: 'PARLEY_GATEWAY_AUDIO_ALREADY_STARTED' });
    client.send({ type: 'turn.audio.end' });
    expect(await client.next('error')).toMatchObject({ id: 'b1', code: 'PARLEY_GATEWAY_AUDIO_EMPTY' });
    client.send({ type: 'turn.audio.begin', id: 'odd', format: PCM });
    client.sendRaw(Buffer.alloc(3), { binary: true });
    client.send({ type: 'turn.audio.end' });
    expect(await client.next('error')).toMatchObject({ id: 'odd', code: 'PARLEY_GATEWAY_AUDIO_INVALID' });
    await stillUsable(client);
    await client.close();
  });

  it('drops an utterance over the cap with one error, then takes the next turn', async () => {
    const client = await kiosk();
    client.send({ type: 'turn.audio.begin', id: 'long', format: PCM });
    // 16 s of audio in 0.5 s frames: past the 15 s cap; frames past it are dropped quietly.
    for (let i = 0; i < 32; i += 1) client.sendRaw(Buffer.alloc(16_000), { binary: true });
    client.send({ type: 'turn.audio.end' });
    const error = await client.next('error');
    expect(error).toMatchObject({ id: 'long', code: 'PARLEY_GATEWAY_AUDIO_TOO_LONG', retryable: false });
    expect(error.message).toMatch(/15\.0 s/);
    client.send({ type: 'turn.text', id: 't', text: 'what are your store hours' });
    expect(await client.next('turn.reply', 10_000)).toMatchObject({ id: 't', intent: { name: 'StoreHours' } });
    expect(await client.collect(100)).toEqual([]);
    await client.close();
  });

  it('asks for a hello before audio', async () => {
    const client = await connect(running.wsUrl);
    client.send({ type: 'turn.audio.begin', id: 'b', format: PCM });
    expect(await client.next('error')).toMatchObject({ id: 'b', code: 'PARLEY_GATEWAY_HELLO_REQUIRED' });
    client.sendRaw(Buffer.alloc(320), { binary: true });
    expect(await client.next('error')).toMatchObject({ code: 'PARLEY_GATEWAY_BINARY_UNSUPPORTED' });
    await client.close();
  });
});

describe('without a recognizer', () => {
  let noRecognizer: RunningApp;
  beforeAll(async () => {
    noRecognizer = await startApp({ env: { PARLEY_POCKETSPHINX_COMMAND: 'parley-no-such-recognizer', PARLEY_POCKETSPHINX_MODEL_DIR: '/nonexistent/pocketsphinx-model' } });
  }, 120_000);
  afterAll(async () => {
    await noRecognizer?.close();
  });

  it('the service starts, types as usual, and answers spoken turns with RECOGNIZER_UNAVAILABLE', async () => {
    const client = await kiosk(noRecognizer);
    client.send({ type: 'turn.audio.begin', id: 'a', format: PCM });
    client.sendRaw(Buffer.alloc(3200), { binary: true });
    client.send({ type: 'turn.audio.end' });
    const error = await client.next('error', 10_000);
    expect(error).toMatchObject({ id: 'a', code: 'PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE', retryable: false });
    expect(error.message).toMatch(/pocketsphinx/i);
    client.send({ type: 'turn.text', id: 't', text: 'hello' });
    expect(await client.next('turn.reply', 10_000)).toMatchObject({ id: 't', intent: { name: 'Greeting' } });
    await client.close();
  });
});

describe('an utterance begun and never ended', () => {
  let idleApp: RunningApp;
  beforeAll(async () => {
    // No recognizer: these turns need none, and its answer shows the turn reached recognition.
    idleApp = await startApp({ env: { PARLEY_AUDIO_IDLE_MS: '400', PARLEY_POCKETSPHINX_COMMAND: 'parley-no-such-recognizer', PARLEY_POCKETSPHINX_MODEL_DIR: '/nonexistent/pocketsphinx-model' } });
  }, 120_000);
  afterAll(async () => {
    await idleApp?.close();
  });

  it('is closed after the idle time with a clear error, and the connection starts the next one cleanly', async () => {
    const client = await kiosk(idleApp);
    client.send({ type: 'turn.audio.begin', id: 'stalled', format: PCM });
    client.sendRaw(Buffer.alloc(3200), { binary: true });
    const error = await client.next('error', 10_000);
    expect(error).toMatchObject({ id: 'stalled', code: 'PARLEY_GATEWAY_AUDIO_IDLE' });
    expect(error.message).toMatch(/No audio for 400 ms.*turn\.audio\.begin/);
    // The utterance is gone: its late end and frames are refused as such.
    client.send({ type: 'turn.audio.end', id: 'late' });
    expect(await client.next('error')).toMatchObject({ id: 'late', code: 'PARLEY_GATEWAY_AUDIO_NOT_STARTED' });
    client.sendRaw(Buffer.alloc(320), { binary: true });
    expect(await client.next('error')).toMatchObject({ code: 'PARLEY_GATEWAY_BINARY_UNSUPPORTED' });
    await stillUsable(client);
    await client.close();
  }, 30_000);

  it('stays open while frames keep coming, however long the gaps add up to', async () => {
    const client = await kiosk(idleApp);
    client.send({ type: 'turn.audio.begin', id: 'slow', format: PCM });
    // 6 frames 200 ms apart: 1.2 s in all, three times the idle time, never 400 ms without a frame.
    for (let i = 0; i < 6; i += 1) {
      client.sendRaw(Buffer.alloc(3200), { binary: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    client.send({ type: 'turn.audio.end' });
    // Recognition was reached (and answers that this service has no recognizer), not the idle timeout.
    expect(await client.next('error', 10_000)).toMatchObject({ id: 'slow', code: 'PARLEY_CONVERSATION_RECOGNIZER_UNAVAILABLE' });
    await client.close();
  }, 30_000);
});
