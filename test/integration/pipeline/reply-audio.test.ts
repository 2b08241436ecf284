/**
 * Spoken replies over a real WebSocket: the real service (store, bot, engine, gateway) with the
 * real local synthesizer. A counting decorator of the reply voice (a real adapter of the port)
 * shows that no synthesis outlives its stream.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPipeline, type Pipeline } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import type { ReplyAudioDelivery, ReplyAudioRequest, ReplySpeechMark, ReplyVoice, SpokenSentence, TurnPlaybackRecord, TurnReply } from '../../../src/fulfillment/port.js';
import { buildGateway } from '../../../src/gateway/index.js';
import { seedTenant } from '../../../src/tenant/index.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { expectValidServerMessage } from '../gateway/gateway-fixture.js';
import { AudioClient, type Frame } from './audio-client.js';
import { ORIGIN, REPO_ROOT, SITE_KEY } from './app-fixture.js';

/** Counts syntheses started and not yet finished (marks calls and audio iterations). */
class CountingVoice implements ReplyVoice {
  inFlight = 0;
  started = 0;
  constructor(private readonly inner: ReplyVoice) {}

  speechOf(reply: TurnReply): ReturnType<ReplyVoice['speechOf']> {
    return this.inner.speechOf(reply);
  }

  deliveryFor(request: ReplyAudioRequest): ReplyAudioDelivery {
    return this.inner.deliveryFor(request);
  }

  sentencesOf(reply: TurnReply, delivery: ReplyAudioDelivery): SpokenSentence[] {
    return this.inner.sentencesOf(reply, delivery);
  }

  async marks(sentence: SpokenSentence, signal: AbortSignal): Promise<ReplySpeechMark[]> {
    this.#begin();
    try {
      return await this.inner.marks(sentence, signal);
    } finally {
      this.inFlight -= 1;
    }
  }

  async audio(sentence: SpokenSentence, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    this.#begin();
    let source: AsyncIterable<Uint8Array>;
    try {
      source = await this.inner.audio(sentence, signal);
    } catch (error) {
      this.inFlight -= 1;
      throw error;
    }
    const done = (): void => {
      this.inFlight -= 1;
    };
    return (async function* counted() {
      try {
        yield* source;
      } finally {
        done();
      }
    })();
  }

  audioUrl(sentence: SpokenSentence): string | undefined {
    if (this.inner.audioUrl === undefined) throw new Error('the pipeline voice has no audio cache');
    return this.inner.audioUrl(sentence);
  }

  recordPlayback(record: TurnPlaybackRecord): Promise<void> {
    return this.inner.recordPlayback(record);
  }

  #begin(): void {
    this.inFlight += 1;
    this.started += 1;
  }
}

let db: TestStore;
let pipeline: Pipeline;
let server: FastifyInstance;
let voice: CountingVoice;
let wsUrl: string;
let httpUrl: string;

beforeAll(async () => {
  db = await openTestStore();
  await seedTenant(db.store, { seed: 11, customers: 40, items: 600 });
  const config = loadConfig(
    {
      PARLEY_LOG_LEVEL: 'silent',
      PARLEY_SEED_ON_START: 'false',
      PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-audio-')),
      PARLEY_SITES: JSON.stringify([{ siteKey: SITE_KEY, allowedOrigins: [ORIGIN], allowNoOrigin: true, allowAnonymous: true }]),
    },
    REPO_ROOT,
  );
  const logger = pino({ level: 'silent' });
  pipeline = await openPipeline(config, { logger, store: db.store });
  voice = new CountingVoice(pipeline.voice);
  // The audio routes serve the cache's entries: URL mode hands out their URLs.
  server = buildGateway({ config, turns: pipeline.turns, readiness: async () => undefined, logger, voice, audio: { lookup: pipeline.audioCache.speech } });
  await server.listen({ port: 0, host: '127.0.0.1' });
  httpUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  wsUrl = `${httpUrl.replace('http', 'ws')}/v1/chat`;
}, 120_000);

afterAll(async () => {
  await server?.close();
  await pipeline?.close();
  await db?.close();
});

async function open(audio: Record<string, unknown>): Promise<{ client: AudioClient; ready: Record<string, unknown> }> {
  const client = await AudioClient.open(wsUrl, ORIGIN);
  client.send({ type: 'session.hello', id: 'h', v: 1, siteKey: SITE_KEY, context: { locale: 'en-US' }, audio });
  const ready = expectValidServerMessage(await client.message('session.ready', 10_000));
  return { client, ready };
}

const isBinary = (frame: Frame): frame is Extract<Frame, { kind: 'binary' }> => frame.kind === 'binary';
const typeOf = (frame: Frame): string => (frame.kind === 'json' ? frame.message.type : 'binary');
const hasType = (type: string) => (frames: readonly Frame[]) => frames.some((f) => f.kind === 'json' && f.message.type === type);

async function playbackOf(sessionId: string, turnId: string): Promise<Record<string, unknown>> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const turn = (await db.store.sessions.get(sessionId))?.turns.find((t) => t.turnId === turnId);
    if (turn?.playback !== undefined) return turn.playback as unknown as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no playback recorded for ${turnId}`);
}

async function noSynthesisInFlight(): Promise<void> {
  for (let attempt = 0; attempt < 100 && voice.inFlight > 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(voice.inFlight).toBe(0);
}

describe('spoken replies over the WebSocket', () => {
  it('echoes the audio it will send, and refuses a rate the format lacks', async () => {
    const { client, ready } = await open({ enabled: true, format: 'pcm', sampleRate: 16000 });
    expect(ready.audio).toEqual({ enabled: true, format: 'pcm', sampleRate: 16000, mode: 'stream', contentType: 'audio/pcm' });
    await client.close();

    const defaults = await open({ enabled: true });
    // joanna-neural is the default voice: neural mp3 defaults to 24 kHz, as in Polly.
    expect(defaults.ready.audio).toEqual({ enabled: true, format: 'mp3', sampleRate: 24000, mode: 'stream', contentType: 'audio/mpeg' });
    await defaults.client.close();

    const bad = await AudioClient.open(wsUrl, ORIGIN);
    bad.send({ type: 'session.hello', id: 'h', v: 1, siteKey: SITE_KEY, context: {}, audio: { enabled: true, format: 'pcm', sampleRate: 24000 } });
    const error = await bad.message('error');
    expect(error).toMatchObject({ id: 'h', code: 'PARLEY_GATEWAY_AUDIO_UNSUPPORTED', path: '/audio/sampleRate' });
    bad.send({ type: 'session.hello', id: 'h2', v: 1, siteKey: SITE_KEY, context: {}, audio: { enabled: true, mode: 'radio' } });
    expect(await bad.message('error')).toMatchObject({ id: 'h2', code: 'PARLEY_GATEWAY_INVALID_MESSAGE', path: '/audio/mode' });
    await bad.close();
  }, 60_000);

  it('streams begin, each sentence with monotonic marks and its pcm, then end; and stores what was heard', async () => {
    const { client, ready } = await open({ enabled: true, format: 'pcm', sampleRate: 16000 });
    client.send({ type: 'turn.text', id: 't1', text: 'hello there' });
    const frames = await client.until(hasType('audio.end'));
    for (const frame of frames) if (frame.kind === 'json') expectValidServerMessage(frame.message);

    const reply = frames.find((f) => f.kind === 'json' && f.message.type === 'turn.reply');
    const begin = frames.find((f) => f.kind === 'json' && f.message.type === 'audio.begin');
    if (reply?.kind !== 'json' || begin?.kind !== 'json') throw new Error('no reply or begin');
    expect(frames.indexOf(reply)).toBeLessThan(frames.indexOf(begin));
    const turnId = reply.message.turnId as string;
    // The reply carries the SSML it is spoken from: its text through the escaping template.
    expect(reply.message.speech).toMatchObject({ voiceProfile: expect.any(String) });
    expect((reply.message.speech as { ssml: string }).ssml).toMatch(/^<speak>.+<\/speak>$/s);
    expect(begin.message).toMatchObject({ turnId, format: 'pcm', sampleRate: 16000, contentType: 'audio/pcm', mode: 'stream' });
    const segmentCount = begin.message.segments as number;
    expect(segmentCount).toBeGreaterThanOrEqual(2); // the greeting has several sentences

    // After begin: segment, its binary frames, next segment, ..., end.
    const after = frames.slice(frames.indexOf(begin) + 1);
    const segments: Array<{ message: Record<string, unknown>; bytes: number }> = [];
    for (const frame of after) {
      if (frame.kind === 'json' && frame.message.type === 'audio.segment') segments.push({ message: frame.message, bytes: 0 });
      else if (isBinary(frame)) {
        const current = segments.at(-1);
        if (current === undefined) throw new Error('binary frame before any audio.segment');
        current.bytes += frame.bytes.byteLength;
      } else break;
    }
    expect(typeOf(after.at(-1) as Frame)).toBe('audio.end');
    expect(segments.map((s) => s.message.index)).toEqual([...Array(segmentCount).keys()]);
    let totalMs = 0;
    for (const segment of segments) {
      expect(segment.bytes).toBeGreaterThan(1000);
      expect(segment.bytes % 2).toBe(0);
      const durationMs = (segment.bytes / 2 / 16000) * 1000;
      totalMs += durationMs;
      const marks = segment.message.marks as Array<{ time: number; type: string; value: string }>;
      const words = marks.filter((m) => m.type === 'word');
      expect(words.length).toBeGreaterThan(0);
      for (let i = 1; i < marks.length; i += 1) expect((marks[i] as { time: number }).time).toBeGreaterThanOrEqual((marks[i - 1] as { time: number }).time);
      for (const mark of marks) expect(mark.time).toBeLessThanOrEqual(durationMs);
      expect(String(segment.message.text).length).toBeGreaterThan(0);
    }
    const end = (after.at(-1) as Extract<Frame, { kind: 'json' }>).message;
    expect(end).toMatchObject({ turnId, segments: segmentCount, outcome: 'completed' });
    expect(Math.abs((end.audioMs as number) - totalMs)).toBeLessThan(2);

    // Sent at most leadMs (1 s) ahead of real time: the client plays it all, then closes.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await client.close();
    const playback = await playbackOf(ready.sessionId as string, turnId);
    expect(playback).toMatchObject({ outcome: 'completed', segments: segmentCount, segmentsSent: segmentCount, segmentsHeard: segmentCount, audioMs: Math.round(totalMs), heardMs: Math.round(totalMs) });
    await noSynthesisInFlight();
  }, 180_000);

  it('stops at once on turn.interrupt and records how much was heard', async () => {
    const { client, ready } = await open({ enabled: true, format: 'mp3' });
    client.send({ type: 'turn.text', text: 'what are your store hours' });
    await client.until((frames) => frames.some(isBinary));
    client.send({ type: 'turn.interrupt', id: 'stop', heardMs: 150 });
    const end = expectValidServerMessage(await client.message('audio.end'));
    expect({ ...end, frames: client.frames.length }).toMatchObject({ id: 'stop', outcome: 'interrupted' });
    const total = (client.messages().find((m) => m.type === 'audio.begin')?.segments ?? 0) as number;
    // Nothing of this reply follows its audio.end.
    const endAt = client.frames.findIndex((f) => f.kind === 'json' && f.message.type === 'audio.end');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(client.frames.slice(endAt + 1)).toEqual([]);
    await noSynthesisInFlight();

    const turnId = client.messages().find((m) => m.type === 'turn.reply')?.turnId as string;
    const playback = await playbackOf(ready.sessionId as string, turnId);
    expect(playback).toMatchObject({ outcome: 'interrupted', segments: total, heardMs: Math.min(150, end.audioMs as number), segmentsHeard: 1 });
    expect(playback.segmentsSent as number).toBeLessThan(total);
    await client.close();
  }, 180_000);

  it('a new turn barges in: the old audio ends superseded and the new reply speaks', async () => {
    const { client, ready } = await open({ enabled: true, format: 'pcm', sampleRate: 8000 });
    client.send({ type: 'turn.text', text: 'hello' });
    await client.until((frames) => frames.some(isBinary));
    client.send({ type: 'turn.text', text: 'what are your store hours' });
    const frames = await client.until((all) => all.filter((f) => f.kind === 'json' && f.message.type === 'audio.end').length === 2);
    const ends = frames.flatMap((f) => (f.kind === 'json' && f.message.type === 'audio.end' ? [f.message] : []));
    const replies = frames.flatMap((f) => (f.kind === 'json' && f.message.type === 'turn.reply' ? [f.message] : []));
    expect(ends.map((e) => [e.turnId, e.outcome])).toEqual([
      [replies[0]?.turnId, 'superseded'],
      [replies[1]?.turnId, 'completed'],
    ]);
    // Every binary frame after the first end belongs to the second reply: it follows the second begin.
    const firstEnd = frames.findIndex((f) => f.kind === 'json' && f.message.type === 'audio.end');
    const secondBegin = frames.findIndex((f, i) => i > firstEnd && f.kind === 'json' && f.message.type === 'audio.begin');
    expect(frames.slice(firstEnd + 1, secondBegin).filter(isBinary)).toEqual([]);
    const playback = await playbackOf(ready.sessionId as string, replies[0]?.turnId as string);
    expect(playback.outcome).toBe('superseded');
    await client.close();
    await noSynthesisInFlight();
  }, 180_000);

  it('a client that disconnects mid-stream leaks nothing: syntheses end, the stream settles, the record is stored', async () => {
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const { client, ready } = await open({ enabled: true, format: 'mp3', sampleRate: 22050 });
    client.send({ type: 'turn.text', text: 'hi' });
    await client.until((frames) => frames.some(isBinary));
    client.socket.terminate();
    const turnId = client.messages().find((m) => m.type === 'turn.reply')?.turnId as string;
    const playback = await playbackOf(ready.sessionId as string, turnId);
    expect(playback.outcome).toBe('disconnected');
    expect(playback.segmentsSent as number).toBeLessThan(playback.segments as number);
    await noSynthesisInFlight();
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
  }, 180_000);

  it('URL mode: each segment carries the URL of its cached audio, and no binary frame is sent', async () => {
    const { client } = await open({ enabled: true, format: 'mp3', mode: 'url' });
    client.send({ type: 'turn.text', text: 'what are your store hours' });
    const frames = await client.until(hasType('audio.end'));
    expect(frames.some(isBinary)).toBe(false);
    const begin = client.messages().find((m) => m.type === 'audio.begin');
    expect(begin).toMatchObject({ mode: 'url', format: 'mp3' });
    const segments = client.messages().filter((m) => m.type === 'audio.segment');
    expect(segments.length).toBe(begin?.segments);
    for (const segment of segments) {
      expectValidServerMessage(segment);
      const response = await fetch(`${httpUrl}${String(segment.url)}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('audio/mpeg');
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect(bytes.byteLength).toBeGreaterThan(500);
      expect(bytes[0]).toBe(0xff); // an mp3 frame header
    }
    expect(client.messages().find((m) => m.type === 'audio.end')).toMatchObject({ outcome: 'completed' });
    await client.close();
  }, 180_000);

  it('a throttled synthesis ends the audio with audio.error; the text reply stands and the next turn works', async () => {
    // A second service on the same database whose origin may make one neural call and queue none:
    // the sentence's marks take the only token, its audio is refused (PARLEY_SPEECH_THROTTLED).
    const config = loadConfig(
      {
        PARLEY_LOG_LEVEL: 'silent',
        PARLEY_SEED_ON_START: 'false',
        PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-audio-throttle-')),
        PARLEY_SITES: JSON.stringify([{ siteKey: SITE_KEY, allowedOrigins: [ORIGIN], allowNoOrigin: true, allowAnonymous: true }]),
        PARLEY_AUDIO_CACHE_STORE: 'none',
        PARLEY_AUDIO_CACHE_NEURAL_TPS: '1',
        PARLEY_AUDIO_CACHE_NEURAL_BURST: '1',
        PARLEY_AUDIO_CACHE_QUEUE: '0',
      },
      REPO_ROOT,
    );
    const logger = pino({ level: 'silent' });
    const throttled = await openPipeline(config, { logger, store: db.store });
    const gateway = buildGateway({ config, turns: throttled.turns, readiness: async () => undefined, logger, voice: throttled.voice });
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    try {
      const client = await AudioClient.open(`ws://127.0.0.1:${(gateway.server.address() as AddressInfo).port}/v1/chat`, ORIGIN);
      client.send({ type: 'session.hello', v: 1, siteKey: SITE_KEY, context: {}, audio: { enabled: true, format: 'pcm', sampleRate: 8000 } });
      await client.message('session.ready');
      client.send({ type: 'turn.text', id: 't1', text: 'hello' });
      const reply = await client.message('turn.reply');
      expect(reply).toMatchObject({ id: 't1', intent: { name: 'Greeting' } });
      const failure = expectValidServerMessage(await client.message('audio.error'));
      expect(failure).toMatchObject({ turnId: reply.turnId, code: 'PARLEY_SPEECH_THROTTLED', retryable: true });
      expect(client.frames.filter(isBinary)).toEqual([]);
      // The connection goes on: the next turn is answered.
      client.send({ type: 'turn.text', id: 't2', text: 'what are your store hours' });
      expect(await client.message('turn.reply')).toMatchObject({ id: 't2' });
      await client.close();
    } finally {
      await gateway.close();
      await throttled.close();
    }
  }, 180_000);

  it('a client that did not ask for audio gets text only', async () => {
    const before = voice.started;
    const { client, ready } = await open({ enabled: false });
    expect(ready.audio).toEqual({ enabled: false });
    client.send({ type: 'turn.text', text: 'hello' });
    await client.message('turn.reply');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(client.frames.some((f) => typeOf(f).startsWith('audio.') || f.kind === 'binary')).toBe(false);
    expect(voice.started).toBe(before);
    await client.close();
  }, 60_000);
});
