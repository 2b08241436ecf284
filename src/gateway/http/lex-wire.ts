/**
 * Wire details of the Lex V2 runtime that the emulator must get right for the real SDK to read
 * its answers: the gzip+base64 JSON headers of RecognizeUtterance and PutSession, the error
 * body `{"message"}` with the `x-amzn-ErrorType` header (the SDK's restJson1 deserializer takes
 * the error name from that header first), and the identifier formats of the path.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyReply } from 'fastify';
import { isParleyError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { LexSessionKey } from './lex-session-store.js';

export type LexErrorType =
  | 'ValidationException'
  | 'ResourceNotFoundException'
  | 'AccessDeniedException'
  | 'ConflictException'
  | 'ThrottlingException'
  | 'DependencyFailedException'
  | 'BadGatewayException'
  | 'InternalServerException';

const STATUS: Record<LexErrorType, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  DependencyFailedException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
  BadGatewayException: 502,
};

/** An error the emulator answers the way Lex would. */
export class LexFault extends Error {
  constructor(
    readonly type: LexErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'LexFault';
  }
}

export function sendLexError(reply: FastifyReply, type: LexErrorType, message: string): FastifyReply {
  return reply.code(STATUS[type]).header('x-amzn-ErrorType', type).type('application/json').send({ message });
}

/** Maps anything thrown while serving to Lex's error vocabulary; ParleyError messages carry no payloads. */
export function toLexFault(error: unknown): LexFault {
  if (error instanceof LexFault) return error;
  if (error instanceof ValidationError) return new LexFault('ValidationException', `${error.code}: ${error.message}`);
  if (error instanceof NotFoundError) return new LexFault('ResourceNotFoundException', `${error.code}: ${error.message}`);
  if (isParleyError(error) && error.retryable) return new LexFault('DependencyFailedException', `${error.code}: ${error.message}`);
  const status = (error as { statusCode?: unknown }).statusCode;
  // fastify's own 4xx (malformed JSON, body too large, bad content type).
  if (typeof status === 'number' && status >= 400 && status < 500) return new LexFault('ValidationException', (error as Error).message);
  return new LexFault('InternalServerException', 'internal error');
}

export function encodeHeader(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value), 'utf8')).toString('base64');
}

/** Decodes a gzip+base64 JSON request header; a header that does not decode is the caller's error. */
export function decodeHeader(value: string | string[] | undefined, name: string): unknown {
  if (value === undefined || value === '') return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  try {
    return JSON.parse(gunzipSync(Buffer.from(text, 'base64')).toString('utf8')) as unknown;
  } catch {
    throw new LexFault('ValidationException', `${name} must be JSON, gzip-compressed, then base64-encoded`);
  }
}

const BOT_ID = /^[0-9a-zA-Z]{10}$/;
const SESSION_ID = /^[0-9a-zA-Z._:-]{2,100}$/;
const LOCALE_ID = /^[a-z]{2}_[A-Z]{2}$/;

export function sessionKeyOf(params: Record<string, string | undefined>): LexSessionKey {
  const { botId = '', botAliasId = '', localeId = '', sessionId = '' } = params;
  if (!BOT_ID.test(botId)) throw new LexFault('ValidationException', 'botId must be 10 characters of [0-9a-zA-Z]');
  if (!BOT_ID.test(botAliasId)) throw new LexFault('ValidationException', 'botAliasId must be 10 characters of [0-9a-zA-Z]');
  if (!LOCALE_ID.test(localeId)) throw new LexFault('ValidationException', 'localeId must look like en_US');
  if (!SESSION_ID.test(sessionId)) throw new LexFault('ValidationException', 'sessionId must be 2-100 characters of [0-9a-zA-Z._:-]');
  return { botId, botAliasId, localeId, sessionId };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringMap(value: unknown, name: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new LexFault('ValidationException', `${name} must be a map of strings`);
  }
  return value as Record<string, string>;
}

/**
 * RecognizeUtterance input: text, or 16 kHz mono 16-bit PCM in either of Lex's spellings
 * (`audio/l16; rate=16000; channels=1`, `audio/x-l16; sample-rate=16000; channel-count=1`).
 */
export function inputContentKind(contentType: string | string[] | undefined): 'text' | 'pcm' {
  const value = Array.isArray(contentType) ? contentType[0] : contentType;
  if (value === undefined || value === '' || /^text\/plain\b/i.test(value)) return 'text';
  const [type = '', ...rest] = value.toLowerCase().split(';').map((p) => p.trim());
  const params = new Map(rest.map((p) => p.split('=').map((v) => v.trim()) as [string, string]));
  const rate = params.get('rate') ?? params.get('sample-rate');
  const channels = params.get('channels') ?? params.get('channel-count') ?? '1';
  if ((type === 'audio/l16' || type === 'audio/x-l16') && rate === '16000' && channels === '1') return 'pcm';
  throw new LexFault(
    'ValidationException',
    `Content-Type ${JSON.stringify(value.slice(0, 100))} is not supported by Parley's Lex emulator: use text/plain; charset=utf-8 or audio/l16; rate=16000; channels=1`,
  );
}

/** Audio out is not produced; say so instead of answering with silence. */
export function requireText(contentType: string | undefined, header: string): void {
  if (contentType === undefined || contentType === '' || /^text\/plain\b/i.test(contentType)) return;
  throw new LexFault(
    'ValidationException',
    `${header} ${JSON.stringify(contentType)} is not supported by Parley's Lex emulator yet: only text/plain; charset=utf-8`,
  );
}
