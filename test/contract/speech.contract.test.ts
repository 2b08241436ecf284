/**
 * The speech port's contract, run on the local synthesizer directly and on the Polly adapter
 * through the real AWS SDK aimed at Parley's Polly emulator (which serves the local synthesizer).
 */
import { fastify, type FastifyInstance } from 'fastify';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { registerPollyRoutes, type PollyEmulatorFaults } from '../../src/gateway/http/polly-routes.js';
import { CheckedSynthesizer, LocalTts, createSpeechSynthesizer, type Lexicon } from '../../src/speech/index.js';
import { PollyTts } from '../../src/speech/polly-tts.js';
import { collect, mp3Frames } from '../unit/speech/audio-analysis.js';
import { isParleyErrorLike } from '../unit/speech/speech-test-kit.js';

const lexicons = new Map<string, Lexicon>();
const local = new CheckedSynthesizer(new LocalTts({ lexicons }));
/** The emulator's test-only faults: throttling and slowness, which the local engine never causes. */
const faults: PollyEmulatorFaults = { throttle: 0, delayMs: 0, seen: [] };

let app: FastifyInstance;
let polly: PollyTts;
let endpoint = '';

beforeAll(async () => {
  app = fastify();
  registerPollyRoutes(app, { synthesizer: local, lexicons, faults });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  endpoint = address;
  polly = new PollyTts({ region: 'us-east-1', endpoint: address, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, timeoutMs: 10_000 });
});
afterAll(async () => {
  polly.destroy();
  await app.close();
});

const rejection = (code: string) => (error: unknown): boolean => isParleyErrorLike(error, code);

for (const [name, adapter] of [['local', () => local], ['polly via the SDK', () => polly]] as const) {
  describe(`speech contract: ${name}`, () => {
    it('honours the sample rate and reports billed characters', async () => {
      const request = { text: '<speak>Hello <break time="200ms"/> there.</speak>', textType: 'ssml', voiceId: 'Joanna', outputFormat: 'pcm' } as const;
      const at8 = await collect(adapter(), { ...request, sampleRate: '8000' });
      const at16 = await adapter().synthesize({ ...request, sampleRate: '16000' });
      const bytes16 = await collect({ synthesize: async () => at16 }, request);
      expect(at16.contentType).toBe('audio/pcm');
      expect(at16.requestCharacters).toBe(13);
      expect(Math.abs(bytes16.byteLength / 2 - 2 * (at8.byteLength / 2))).toBeLessThan(40);
    });

    it('writes mp3 frames and speech marks', async () => {
      const mp3 = await collect(adapter(), { text: 'Your order is on its way.', voiceId: 'Matthew', outputFormat: 'mp3' });
      expect(mp3Frames(mp3).sampleRateHz).toBe(22_050);
      const marks = new TextDecoder().decode(await collect(adapter(), { text: 'Your order is on its way.', voiceId: 'Matthew', outputFormat: 'json', speechMarkTypes: ['word'] }));
      expect(marks.trim().split('\n').map((l) => (JSON.parse(l) as { value: string }).value)).toEqual(['Your', 'order', 'is', 'on', 'its', 'way']);
    });

    it('rejects bad SSML and unknown lexicons with Parley codes', async () => {
      await expect(adapter().synthesize({ text: '<speak>Hi <break time="20s"/></speak>', textType: 'ssml', voiceId: 'Joanna', outputFormat: 'pcm' })).rejects.toSatisfy(rejection('PARLEY_SPEECH_INVALID_SSML'));
      await expect(adapter().synthesize({ text: 'Hi.', voiceId: 'Joanna', outputFormat: 'pcm', lexiconNames: ['Missing'] })).rejects.toSatisfy(rejection('PARLEY_SPEECH_LEXICON_NOT_FOUND'));
    });

    it('stops within one chunk when aborted', async () => {
      const controller = new AbortController();
      const result = await adapter().synthesize({ text: 'One. Two. Three. Four. Five. Six.', voiceId: 'Joanna', outputFormat: 'pcm' }, controller.signal);
      const iterator = result.audio[Symbol.asyncIterator]();
      await iterator.next();
      controller.abort();
      await expect((async () => { for (let i = 0; i < 3; i += 1) if ((await iterator.next()).done === true) return; })()).rejects.toSatisfy(rejection('PARLEY_SPEECH_ABORTED'));
    });
  });
}

describe('Polly adapter extras', () => {
  it('retries throttling (HTTP 400 ThrottlingException) with backoff, then maps it', async () => {
    faults.seen = [];
    faults.throttle = 1;
    expect((await collect(polly, { text: 'Hi.', voiceId: 'Joanna', outputFormat: 'pcm' })).byteLength).toBeGreaterThan(0);
    expect(faults.seen).toHaveLength(2);
    faults.seen = [];
    faults.throttle = 5;
    await expect(polly.synthesize({ text: 'Hi.', voiceId: 'Joanna', outputFormat: 'pcm' })).rejects.toSatisfy(rejection('PARLEY_SPEECH_THROTTLED'));
    // maxAttempts 3: two retries, each after a backoff (the SDK's throttling base is 500 ms, with jitter).
    expect(faults.seen).toHaveLength(3);
    console.info('throttled attempts at +ms', JSON.stringify(faults.seen.map((t) => Math.round(t - (faults.seen[0] ?? 0)))));
    faults.throttle = 0;
  });

  it('maps an endpoint that never answers in time to PARLEY_SPEECH_TIMEOUT after its attempts', async () => {
    const impatient = new PollyTts({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, timeoutMs: 300, maxAttempts: 2 });
    faults.seen = [];
    faults.delayMs = 1500;
    try {
      const error = await impatient.synthesize({ text: 'Hi.', voiceId: 'Joanna', outputFormat: 'pcm' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'PARLEY_SPEECH_TIMEOUT', status: 504, retryable: true, message: 'Polly did not answer within 300 ms (2 attempts)' });
      expect(faults.seen).toHaveLength(2);
    } finally {
      faults.delayMs = 0;
      impatient.destroy();
    }
  });

  it('deploys and lists lexicons, describes voices', async () => {
    await polly.putLexicon('Brand', await readFile('ssml/lexicons/Brand.pls', 'utf8'));
    expect((await polly.listLexicons()).map((l) => l.name)).toContain('Brand');
    expect((await collect(polly, { text: 'Northpeak.', voiceId: 'Joanna', outputFormat: 'pcm', lexiconNames: ['Brand'] })).byteLength).toBeGreaterThan(0);
    await expect(polly.putLexicon('Bad', '<lexicon/>')).rejects.toSatisfy(rejection('PARLEY_SPEECH_UNSUPPORTED_ALPHABET'));
    const voices = await polly.describeVoices({ languageCode: 'en-GB' });
    expect(voices.map((v) => v.id)).toEqual(expect.arrayContaining(['Amy', 'Brian']));
  });
});

describe('speech configuration and factory', () => {
  it('reads PARLEY_SPEECH and the Polly settings, with their checks', () => {
    expect(loadConfig({}, '/srv/parley').speech).toEqual({ engine: 'local', polly: { region: 'us-east-1', timeoutMs: 5000, maxAttempts: 3 } });
    expect(() => loadConfig({ PARLEY_SPEECH: 'polly', PARLEY_POLLY_ENDPOINT: 'ftp://x' }, '/srv/parley')).toThrow(ConfigError);
  });

  it('builds a checked, splitting Polly synthesizer that reaches the endpoint through the default credential chain', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
    try {
      const config = loadConfig({ PARLEY_SPEECH: 'polly', PARLEY_POLLY_ENDPOINT: endpoint }, '/srv/parley');
      const speech = await createSpeechSynthesizer(config.speech);
      expect((await collect(speech, { text: 'Hello.', voiceId: 'Amy', outputFormat: 'pcm' })).byteLength).toBeGreaterThan(0);
      await expect(speech.synthesize({ text: 'Hello.', voiceId: 'Nobody', outputFormat: 'pcm' })).rejects.toSatisfy(rejection('PARLEY_SPEECH_UNKNOWN_VOICE'));
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
