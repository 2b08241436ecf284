/**
 * The audio HTTP routes on a real socket over the real cache and local synthesizer: POST
 * /v1/audio (Polly's shape; a site's user JWT, verified by the gateway's Authenticator, and a
 * per-user rate limit) then GET/HEAD by URL with ETag, 304, ranges, strict keys; a client that
 * disconnects mid-stream; GET /metrics.
 */
import { fastify, type FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioMetrics, CachedSynthesizer, DiskStore, FragmentedSynthesizer, MemoryTier, OriginGuard } from '../../../src/cache/index.js';
import { Authenticator } from '../../../src/gateway/auth.js';
import { registerAudioRoutes } from '../../../src/gateway/http/audio-routes.js';
import { registerMetricsRoutes } from '../../../src/gateway/http/metrics-routes.js';
import { CountingSynthesizer, localOrigin } from './cache-kit.js';

let app: FastifyInstance;
let base = '';
let dir = '';
const metrics = new AudioMetrics();
const origin = new CountingSynthesizer(localOrigin());
let documents: CachedSynthesizer;
const SECRET = 'audio-route-test-secret-of-32-bytes!';
const authenticator = new Authenticator([
  { siteKey: 'shop', allowedOrigins: ['https://shop.example'], allowNoOrigin: true, allowAnonymous: true, jwt: { hs256Secret: SECRET, audience: 'parley' } },
]);
const tokenFor = (sub: string, secret = SECRET): Promise<string> =>
  new SignJWT({ sub, aud: 'parley' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('10m').sign(new TextEncoder().encode(secret));
let token = '';
/** Virtual clock of the rate limit: tests move it; nothing else depends on it. */
let clockMs = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'parley-audio-http-'));
  const memory = new MemoryTier(32 << 20);
  const store = new DiskStore({ dir, maxBytes: 1 << 30 });
  const sentences = new CachedSynthesizer({ origin: new OriginGuard(origin, { maxQueue: 50, metrics }), originId: 'local', lexicons: new Map(), memory, store, metrics });
  documents = new CachedSynthesizer({ origin: new FragmentedSynthesizer(sentences), originId: 'local+sentences', lexicons: new Map(), memory, store, metrics });
  app = fastify();
  registerAudioRoutes(app, { lookup: documents, speech: documents, authenticate: (credentials, origin) => authenticator.authenticate(credentials, origin), postLimit: { perMinute: 60, burst: 50 }, now: () => clockMs });
  token = await tokenFor('alice');
  registerMetricsRoutes(app, metrics);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  // eSpeak's first load and tier-up belong in the hook, not in the first test's time.
  for await (const _chunk of (await localOrigin().synthesize({ text: 'Warm up.', voiceId: 'Joanna', outputFormat: 'mp3' })).audio);
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

const speak = (body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${base}/v1/audio`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-parley-site-key': 'shop', authorization: `Bearer ${token}`, ...headers }, body: JSON.stringify(body) });

describe('POST /v1/audio then GET /v1/audio/<key>.<ext>', () => {
  let url = '';
  let etag = '';
  let audio: Buffer;

  it('answers Polly\'s request shape with audio, the key as ETag and the URL to fetch it by', async () => {
    const response = await speak({ Text: 'Welcome back to Northpeak. Your order ships today.', VoiceId: 'Joanna', Engine: 'neural', OutputFormat: 'mp3' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(Number(response.headers.get('x-amzn-requestcharacters'))).toBeGreaterThan(40);
    etag = response.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    url = response.headers.get('content-location') ?? '';
    expect(url).toBe(`/v1/audio/${etag.slice(1, -1)}.mp3`);
    audio = Buffer.from(await response.arrayBuffer());
    expect(audio.byteLength).toBeGreaterThan(2000);
    await documents.idle();
  });

  it('serves the same bytes by URL, immutable, with a strong ETag', async () => {
    const response = await fetch(`${base}${url}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('etag')).toBe(etag);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer()).equals(audio)).toBe(true);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(`${base}${url}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(etag);
    expect(Number(response.headers.get('content-length'))).toBe(audio.byteLength);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const response = await fetch(`${base}${url}`, { headers: { 'if-none-match': `"nope", ${etag}` } });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(etag);
    expect((await fetch(`${base}${url}`, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('serves byte ranges (206) and refuses ranges past the end (416)', async () => {
    const first = await fetch(`${base}${url}`, { headers: { range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${audio.byteLength}`);
    expect(Buffer.from(await first.arrayBuffer()).equals(audio.subarray(0, 100))).toBe(true);
    const tail = await fetch(`${base}${url}`, { headers: { range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(audio.subarray(audio.byteLength - 10))).toBe(true);
    const open = await fetch(`${base}${url}`, { headers: { range: `bytes=${audio.byteLength - 5}-` } });
    expect((await open.arrayBuffer()).byteLength).toBe(5);
    const past = await fetch(`${base}${url}`, { headers: { range: `bytes=${audio.byteLength}-` } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${audio.byteLength}`);
    expect(((await past.json()) as { error: { code: string } }).error.code).toBe('PARLEY_CACHE_INVALID_RANGE');
    // a Range of another unit is ignored: the whole body
    expect((await fetch(`${base}${url}`, { headers: { range: 'lines=1-2' } })).status).toBe(200);
  });

  it('a second identical POST is a hit, with the same ETag', async () => {
    const calls = origin.calls;
    const response = await speak({ Text: 'Welcome back to Northpeak. Your order ships today.', VoiceId: 'Joanna', Engine: 'neural', OutputFormat: 'mp3' });
    await response.arrayBuffer();
    expect(response.headers.get('etag')).toBe(etag);
    expect(response.headers.get('x-parley-cache')).toBe('memory');
    expect(origin.calls).toBe(calls);
  });

  it('reuses cached sentences in another document', async () => {
    const calls = origin.calls;
    const response = await speak({ Text: 'Your order ships today. Thank you!', VoiceId: 'Joanna', Engine: 'neural', OutputFormat: 'mp3' });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expect(origin.calls).toBe(calls + 1); // only "Thank you!" was new
  });
});

describe('bad requests', () => {
  it('validates the key strictly before any lookup', async () => {
    for (const bad of ['..%2F..%2Fetc%2Fpasswd', 'abc.mp3', `${'A'.repeat(43)}.exe`, `${'A'.repeat(44)}.mp3`, 'A.mp3%00']) {
      const response = await fetch(`${base}/v1/audio/${bad}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PARLEY_CACHE_INVALID_KEY');
    }
    const missing = await fetch(`${base}/v1/audio/${'A'.repeat(43)}.mp3`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('PARLEY_CACHE_NOT_FOUND');
  });

  it('answers bad synthesis requests with the speech error codes', async () => {
    const cases: Array<[unknown, string]> = [
      [{ Text: 'Hi', VoiceId: 'Nobody', OutputFormat: 'mp3' }, 'PARLEY_SPEECH_UNKNOWN_VOICE'],
      [{ Text: '<speak><break time="20s"/></speak>', TextType: 'ssml', VoiceId: 'Joanna', OutputFormat: 'mp3' }, 'PARLEY_SPEECH_INVALID_SSML'],
      [{ Text: 42, VoiceId: 'Joanna', OutputFormat: 'mp3' }, 'PARLEY_CACHE_INVALID_REQUEST'],
      [{ VoiceId: 'Joanna', OutputFormat: 'mp3' }, 'PARLEY_CACHE_INVALID_REQUEST'],
      [[1, 2], 'PARLEY_CACHE_INVALID_REQUEST'],
    ];
    for (const [body, code] of cases) {
      const response = await speak(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const policy = await speak({ Text: 'Hi', VoiceId: 'Joanna', OutputFormat: 'mp3' }, { 'x-parley-cache-policy': 'public' });
    expect(((await policy.json()) as { error: { code: string } }).error.code).toBe('PARLEY_CACHE_INVALID_POLICY');
  });

  it('does not serve private audio by URL', async () => {
    const response = await speak({ Text: 'Hello Grace, your card ending 4242 was charged.', VoiceId: 'Joanna', OutputFormat: 'mp3' }, { 'x-parley-cache-policy': 'private' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-location')).toBeNull();
    const key = (response.headers.get('etag') ?? '').slice(1, -1);
    await response.arrayBuffer();
    await documents.idle();
    expect((await fetch(`${base}/v1/audio/${key}.mp3`)).status).toBe(404);
  });
});

describe('faults', () => {
  it('completes the synthesis into the cache when the client disconnects mid-stream', async () => {
    const text = 'This answer is long enough that the client hangs up before the last byte arrives, and the cache still keeps all of it.';
    const response = await speak({ Text: text, VoiceId: 'Joanna', OutputFormat: 'pcm' });
    const key = (response.headers.get('etag') ?? '').slice(1, -1);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await documents.idle();
    const byUrl = await fetch(`${base}/v1/audio/${key}.pcm`);
    expect(byUrl.status).toBe(200);
    expect((await byUrl.arrayBuffer()).byteLength).toBeGreaterThan(32_000);
  });
});

describe('GET /metrics', () => {
  it('reports the cache in Prometheus text format', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^# TYPE parley_audio_cache_hits_total counter$/m);
    expect(text).toMatch(/parley_audio_cache_hits_total\{tier="memory"\} [1-9]/);
    expect(text).toMatch(/parley_audio_origin_calls_total\{engine="neural"\} [1-9]/);
    expect(text).toMatch(/parley_audio_cost_saved_dollars_total\{engine="neural"\} [0-9.e-]+/);
    expect(text).toMatch(/^# TYPE parley_reply_first_audio_seconds histogram$/m);
  });
});

describe('POST /v1/audio access', () => {
  const body = { Text: 'Welcome back to Northpeak. Your order ships today.', VoiceId: 'Joanna', Engine: 'neural', OutputFormat: 'mp3' };
  const code = async (response: Response): Promise<string> => ((await response.json()) as { error: { code: string } }).error.code;

  it('refuses a request without a site key and user token, or with a bad token, before any synthesis', async () => {
    const calls = origin.calls;
    const bare = await fetch(`${base}/v1/audio`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer');
    expect(await code(bare)).toBe('PARLEY_CACHE_AUTH_REQUIRED');
    const forged = await speak(body, { authorization: `Bearer ${await tokenFor('mallory', 'another-secret-of-thirty-two-bytes!!')}` });
    expect(forged.status).toBe(401);
    expect(await code(forged)).toBe('PARLEY_GATEWAY_TOKEN_INVALID');
    const site = await speak(body, { 'x-parley-site-key': 'nope' });
    expect(site.status).toBe(401);
    expect(await code(site)).toBe('PARLEY_GATEWAY_SITE_UNKNOWN');
    const origin403 = await speak(body, { origin: 'https://evil.example' });
    expect(origin403.status).toBe(403);
    expect(origin.calls).toBe(calls);
  });

  it('limits each user to its burst, then its rate, with Retry-After; other users are not affected', async () => {
    clockMs = 1_000_000; // a fresh minute for everyone: buckets refill to the burst (50)
    const bob = await tokenFor('bob');
    const statuses: number[] = [];
    for (let i = 0; i < 51; i += 1) {
      const response = await speak(body, { authorization: `Bearer ${bob}` });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(response.headers.get('retry-after')).toBe('1');
        expect(await code(response)).toBe('PARLEY_CACHE_RATE_LIMITED');
      } else await response.arrayBuffer();
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(50);
    expect(statuses.at(-1)).toBe(429);
    // alice still has her own bucket
    const alice = await speak(body);
    expect(alice.status).toBe(200);
    await alice.arrayBuffer();
    // one second later, 60/min refills one request for bob
    clockMs += 1000;
    const again = await speak(body, { authorization: `Bearer ${bob}` });
    expect(again.status).toBe(200);
    await again.arrayBuffer();
  }, 60_000);
});
