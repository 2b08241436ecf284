/**
 * Cached audio over HTTP, ready for a CDN in front:
 * - GET/HEAD /v1/audio/<key>.<ext>: an entry of the shared tiers, immutable (its name is the hash
 *   of its content), strong ETag, 304 on If-None-Match, one byte range (206/416). The name is
 *   checked against the key pattern before any lookup; private entries are never served here.
 * - POST /v1/audio: Polly's SynthesizeSpeech request (JSON, Polly's field names) answered through
 *   the cache, streamed as it is made, with the cache key as ETag and the entry's URL in
 *   Content-Location, so the same audio can then be fetched by URL. It spends origin calls, so it
 *   takes a signed-in user of a configured site (`x-parley-site-key` and `Authorization: Bearer
 *   <user JWT>`, verified as the WebSocket hello's token is) and a per-user rate limit. Its path is
 *   not Polly's: POST /v1/speech belongs to the Polly emulator (PARLEY_POLLY_EMULATOR), a test tool.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CACHE_ERROR_CODES, parseEntryName, type AudioEntry, type CachePolicy, type CachedSynthesizer } from '../../cache/index.js';
import { ValidationError, isParleyError } from '../../shared/errors.js';
import type { SynthesizeRequest } from '../../speech/index.js';

export interface AudioRoutesDeps {
  /** Looks entries up for GET/HEAD (any of the cache's synthesizers: they share the tiers). */
  lookup: Pick<CachedSynthesizer, 'lookup'>;
  /** Answers POST /v1/audio; without it (or without `authenticate`) the route is not registered. */
  speech?: Pick<CachedSynthesizer, 'synthesizeWithKey'>;
  /** Verifies a site key and user token (the gateway's Authenticator); rejects with a ParleyError (401/403). */
  authenticate?: (credentials: { siteKey: string; token: string }, origin: string | undefined) => Promise<{ siteKey: string; userId: string }>;
  /** POST /v1/audio requests per user: per minute, and the burst allowed at once. */
  postLimit?: { perMinute: number; burst: number };
  /** Monotonic ms (tests). */
  now?: () => number;
}

/** At most this many users' buckets are kept; the oldest go first (a full bucket is the default anyway). */
const MAX_BUCKETS = 10_000;

const IMMUTABLE = 'public, max-age=31536000, immutable';
const BODY_LIMIT_BYTES = 64 * 1024;
const STRING_FIELDS = ['Text', 'TextType', 'VoiceId', 'Engine', 'OutputFormat', 'SampleRate', 'LanguageCode'] as const;
const LIST_FIELDS = ['LexiconNames', 'SpeechMarkTypes'] as const;

export function registerAudioRoutes(app: FastifyInstance, deps: AudioRoutesDeps): void {
  void app.register(async (scope) => {
    scope.setErrorHandler((error, request, reply) => {
      const parley = isParleyError(error) ? error : undefined;
      const status = parley?.status ?? (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'audio route failed');
      return reply.status(status).send({ error: { code: parley?.code ?? (status < 500 ? 'PARLEY_CACHE_BAD_REQUEST' : 'PARLEY_CACHE_INTERNAL'), message: parley?.message ?? (status < 500 ? 'bad request' : 'internal failure') } });
    });

    scope.get<{ Params: { name: string } }>('/v1/audio/:name', async (request, reply) => {
      const { key } = parseEntryName(request.params.name);
      const entry = await deps.lookup.lookup(request.params.name);
      if (entry === undefined) {
        return reply.status(404).send({ error: { code: CACHE_ERROR_CODES.notFound, message: 'no cached audio with this key' } });
      }
      const etag = `"${key}"`;
      void reply.header('cache-control', IMMUTABLE).header('etag', etag).header('accept-ranges', 'bytes');
      if (matchesEtag(request.headers['if-none-match'], etag)) return reply.status(304).send();
      const ifRange = request.headers['if-range'];
      const range = ifRange === undefined || ifRange === etag ? request.headers.range : undefined;
      return sendBody(reply, entry, range);
    });

    if (deps.speech === undefined || deps.authenticate === undefined) return;
    const speech = deps.speech;
    const authenticate = deps.authenticate;
    const limiter = new PerUserLimit(deps.postLimit ?? { perMinute: 30, burst: 10 }, deps.now ?? (() => performance.now()));
    scope.post<{ Body: unknown }>('/v1/audio', { bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
      const siteKey = request.headers['x-parley-site-key'];
      const bearer = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (typeof siteKey !== 'string' || bearer === undefined) {
        return reply.status(401).header('www-authenticate', 'Bearer').send({ error: { code: CACHE_ERROR_CODES.authRequired, message: 'POST /v1/audio needs x-parley-site-key and Authorization: Bearer <user token>' } });
      }
      const user = await authenticate({ siteKey, token: bearer }, request.headers.origin);
      const waitMs = limiter.take(`${user.siteKey}\n${user.userId}`);
      if (waitMs > 0) {
        return reply.status(429).header('retry-after', String(Math.ceil(waitMs / 1000))).send({ error: { code: CACHE_ERROR_CODES.rateLimited, message: 'too many speech requests; retry later' } });
      }
      const policy = cachePolicyOf(request.headers['x-parley-cache-policy']);
      const synthesis = await speech.synthesizeWithKey({ ...pollyRequest(request.body), cachePolicy: policy });
      void reply
        .header('content-type', synthesis.result.contentType)
        .header('etag', `"${synthesis.key}"`)
        .header('x-amzn-RequestCharacters', String(synthesis.result.requestCharacters))
        .header('x-parley-cache', synthesis.source);
      if (policy === 'shared') void reply.header('content-location', `/v1/audio/${synthesis.name}`);
      return reply.send(Readable.from(synthesis.result.audio));
    });
  });
}

/** A token bucket per user: `burst` at once, then `perMinute`; refusals cost nothing. */
class PerUserLimit {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly limit: { perMinute: number; burst: number }, private readonly now: () => number) {}

  /** 0 when a token was taken, else the ms until one is due. */
  take(user: string): number {
    const now = this.now();
    const perMs = this.limit.perMinute / 60_000;
    const known = this.#buckets.get(user);
    const bucket = known ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    // Re-inserted so the map's order is least recently used first.
    this.#buckets.delete(user);
    this.#buckets.set(user, bucket);
    if (this.#buckets.size > MAX_BUCKETS) this.#buckets.delete(this.#buckets.keys().next().value as string);
    if (bucket.tokens < 1) return (1 - bucket.tokens) / perMs;
    bucket.tokens -= 1;
    return 0;
  }
}

function sendBody(reply: FastifyReply, entry: AudioEntry, rangeHeader: string | undefined): FastifyReply {
  const size = entry.body.byteLength;
  const range = rangeHeader === undefined ? undefined : parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    return reply.status(416).header('content-range', `bytes */${size}`).header('content-type', 'application/json; charset=utf-8').send({ error: { code: CACHE_ERROR_CODES.invalidRange, message: `range not satisfiable for ${size} bytes` } });
  }
  void reply.header('content-type', entry.contentType);
  if (range === undefined) return reply.header('content-length', size).send(Buffer.from(entry.body.buffer, entry.body.byteOffset, size));
  const [start, end] = range;
  return reply
    .status(206)
    .header('content-range', `bytes ${start}-${end}/${size}`)
    .header('content-length', end - start + 1)
    .send(Buffer.from(entry.body.buffer, entry.body.byteOffset + start, end - start + 1));
}

/**
 * One `bytes=` range (first-last, first-, -suffix). Several ranges or another unit: the whole body
 * (RFC 9110 lets a server ignore Range). A syntactically valid range past the end: unsatisfiable.
 */
export function parseRange(header: string, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}

function cachePolicyOf(header: string | string[] | undefined): CachePolicy {
  if (header === undefined) return 'shared';
  if (header === 'shared' || header === 'private') return header;
  throw new ValidationError(CACHE_ERROR_CODES.invalidPolicy, 'x-parley-cache-policy must be shared or private');
}

/** Polly's SynthesizeSpeech JSON to the port's request; types checked here, values by the speech checks. */
function pollyRequest(body: unknown): SynthesizeRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badBody('the body must be a JSON object');
  const record = body as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (record[field] !== undefined && typeof record[field] !== 'string') throw badBody(`${field} must be a string`);
  }
  for (const field of LIST_FIELDS) {
    const value = record[field];
    if (value !== undefined && (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))) throw badBody(`${field} must be a list of strings`);
  }
  if (typeof record.Text !== 'string' || typeof record.VoiceId !== 'string' || typeof record.OutputFormat !== 'string') throw badBody('Text, VoiceId and OutputFormat are required');
  const optional = (field: string, key: keyof SynthesizeRequest): Partial<SynthesizeRequest> => (record[field] === undefined ? {} : { [key]: record[field] });
  return {
    text: record.Text,
    voiceId: record.VoiceId,
    outputFormat: record.OutputFormat as SynthesizeRequest['outputFormat'],
    ...optional('TextType', 'textType'),
    ...optional('Engine', 'engine'),
    ...optional('SampleRate', 'sampleRate'),
    ...optional('LexiconNames', 'lexiconNames'),
    ...optional('SpeechMarkTypes', 'speechMarkTypes'),
    ...optional('LanguageCode', 'languageCode'),
  };
}

function badBody(message: string): ValidationError {
  return new ValidationError(CACHE_ERROR_CODES.invalidRequest, message);
}
