/**
 * Serves a conversation engine (the local one) at the Amazon Lex V2 runtime REST paths, so the
 * real SDK, aimed here with an endpoint override, can drive it: RecognizeText, RecognizeUtterance
 * (text, or 16 kHz PCM recognized by the local recognizer), PutSession, GetSession and DeleteSession, with Lex's JSON, headers and
 * errors. Sessions are stored here, as Lex stores them. For tests and offline demos; enabled by
 * PARLEY_LEX_EMULATOR=true. Requests are not authenticated (SigV4 signatures are ignored).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isParleyError } from '../../shared/errors.js';
import type { ConversationEngine, Message, RecognizeTextResponse, SessionState, SpeechRecognizer } from '../../conversation/index.js';
import { LexSessionStore, type LexSessionKey, type LexSessionStoreOptions } from './lex-session-store.js';
import {
  decodeHeader,
  encodeHeader,
  inputContentKind,
  isRecord,
  LexFault,
  requireText,
  sendLexError,
  sessionKeyOf,
  stringMap,
  toLexFault,
} from './lex-wire.js';

export interface LexRuntimeDeps {
  engine: ConversationEngine;
  /** Hears RecognizeUtterance audio; without it audio requests fail with DependencyFailedException. */
  recognizer?: SpeechRecognizer;
  /** Session memory limits; the TTL is the bot's idleSessionTTLInSeconds when known. */
  sessions?: LexSessionStoreOptions;
}

export const LEX_SESSION_PATH = '/bots/:botId/botAliases/:botAliasId/botLocales/:localeId/sessions/:sessionId';

const TEXT_TYPE = 'text/plain; charset=utf-8';
const TIME_ZONE_ATTRIBUTE = 'x-amz-lex:time-zone';
/** Session state and attributes make Lex bodies larger than chat frames. */
const BODY_LIMIT_BYTES = 64 * 1024;
/** RecognizeUtterance audio: Lex takes up to 15 s of speech (480,000 bytes of 16 kHz PCM). */
const UTTERANCE_BODY_LIMIT_BYTES = 1024 * 1024;

type Params = Record<string, string | undefined>;

export function registerLexRuntime(app: FastifyInstance, deps: LexRuntimeDeps): void {
  const store = new LexSessionStore(deps.sessions);
  void app.register(async (scope) => {
    // Audio bodies reach the handler, which answers Lex's ValidationException instead of a 415.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error, _request, reply) => {
      const fault = toLexFault(error);
      if (fault.type === 'InternalServerException') reply.log.error({ err: error }, 'lex emulator failed');
      return sendLexError(reply, fault.type, fault.message);
    });
    const routes = new LexRuntimeRoutes(deps.engine, store, deps.recognizer);
    const options = { bodyLimit: BODY_LIMIT_BYTES };
    scope.post(`${LEX_SESSION_PATH}/text`, options, (request, reply) => routes.recognizeText(request, reply));
    scope.post(`${LEX_SESSION_PATH}/utterance`, { bodyLimit: UTTERANCE_BODY_LIMIT_BYTES }, (request, reply) => routes.recognizeUtterance(request, reply));
    scope.post(LEX_SESSION_PATH, options, (request, reply) => routes.putSession(request, reply));
    scope.get(LEX_SESSION_PATH, (request) => routes.getSession(request));
    scope.delete(LEX_SESSION_PATH, (request) => routes.deleteSession(request));
  });
}

class LexRuntimeRoutes {
  constructor(
    private readonly engine: ConversationEngine,
    private readonly store: LexSessionStore,
    private readonly recognizer: SpeechRecognizer | undefined,
  ) {}

  async recognizeText(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const key = sessionKeyOf(request.params as Params);
    if (!isRecord(request.body)) throw new LexFault('ValidationException', 'the body must be a JSON object');
    const { text, sessionState, requestAttributes } = request.body;
    if (typeof text !== 'string') throw new LexFault('ValidationException', 'text is required');
    const result = await this.turn(key, text, sessionStateOf(sessionState, 'sessionState'), stringMap(requestAttributes, 'requestAttributes'));
    return reply.type('application/json').send({
      messages: result.messages,
      sessionState: result.sessionState,
      interpretations: result.interpretations,
      ...(result.requestAttributes === undefined ? {} : { requestAttributes: result.requestAttributes }),
      sessionId: result.sessionId,
    });
  }

  async recognizeUtterance(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const key = sessionKeyOf(request.params as Params);
    const inputKind = inputContentKind(request.headers['content-type']);
    requireText(header(request, 'response-content-type'), 'Response-Content-Type');
    const body = request.body;
    const text = inputKind === 'pcm' ? await this.hear(body, key.localeId) : typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
    const sessionState = sessionStateOf(decodeHeader(request.headers['x-amz-lex-session-state'], 'x-amz-lex-session-state'), 'x-amz-lex-session-state');
    const attributes = stringMap(decodeHeader(request.headers['x-amz-lex-request-attributes'], 'x-amz-lex-request-attributes'), 'x-amz-lex-request-attributes');
    const result = await this.turn(key, text, sessionState, attributes);
    reply
      .type(TEXT_TYPE)
      .header('x-amz-lex-input-mode', inputKind === 'pcm' ? 'Speech' : 'Text')
      .header('x-amz-lex-session-id', result.sessionId)
      .header('x-amz-lex-input-transcript', encodeHeader(text))
      .header('x-amz-lex-session-state', encodeHeader(result.sessionState))
      .header('x-amz-lex-messages', encodeHeader(result.messages))
      .header('x-amz-lex-interpretations', encodeHeader(result.interpretations));
    if (result.requestAttributes !== undefined) reply.header('x-amz-lex-request-attributes', encodeHeader(result.requestAttributes));
    // Text responses carry everything in headers; the body is for synthesized audio.
    return reply.send('');
  }

  async putSession(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const key = sessionKeyOf(request.params as Params);
    requireText(header(request, 'responsecontenttype'), 'ResponseContentType');
    if (!isRecord(request.body)) throw new LexFault('ValidationException', 'the body must be a JSON object');
    const sessionState = sessionStateOf(request.body.sessionState, 'sessionState');
    if (sessionState === undefined) throw new LexFault('ValidationException', 'sessionState is required');
    const messages = messagesOf(request.body.messages);
    const requestAttributes = stringMap(request.body.requestAttributes, 'requestAttributes');
    this.store.set(key, { sessionState, messages, interpretations: [], ...(requestAttributes === undefined ? {} : { requestAttributes }) });
    reply
      .type(TEXT_TYPE)
      .header('x-amz-lex-session-id', key.sessionId)
      .header('x-amz-lex-session-state', encodeHeader(sessionState))
      .header('x-amz-lex-messages', encodeHeader(messages));
    if (requestAttributes !== undefined) reply.header('x-amz-lex-request-attributes', encodeHeader(requestAttributes));
    return reply.send('');
  }

  getSession(request: FastifyRequest): unknown {
    const key = sessionKeyOf(request.params as Params);
    const session = this.store.get(key);
    if (session === undefined) throw new LexFault('ResourceNotFoundException', 'the session does not exist');
    return { sessionId: key.sessionId, messages: session.messages, interpretations: session.interpretations, sessionState: session.sessionState };
  }

  deleteSession(request: FastifyRequest): unknown {
    const key = sessionKeyOf(request.params as Params);
    if (!this.store.delete(key)) throw new LexFault('ResourceNotFoundException', 'the session does not exist');
    return { botId: key.botId, botAliasId: key.botAliasId, localeId: key.localeId, sessionId: key.sessionId };
  }

  /** The words in a PCM body, as Lex's speech recognition would give them. */
  private async hear(body: unknown, localeId: string): Promise<string> {
    if (!Buffer.isBuffer(body) || body.byteLength === 0) throw new LexFault('ValidationException', 'the audio body is empty');
    if (body.byteLength % 2 !== 0) throw new LexFault('ValidationException', 'audio/l16 bodies hold whole 16-bit samples');
    if (this.recognizer === undefined) throw new LexFault('DependencyFailedException', 'speech recognition is not available here');
    try {
      const heard = await this.recognizer.recognize(body, localeId);
      if (heard.transcript === '') throw new LexFault('ValidationException', 'no speech was recognized in the audio');
      return heard.transcript;
    } catch (error) {
      if (error instanceof LexFault) throw error;
      // The recognizer failing is a dependency failing, whatever the reason (not installed, timed out).
      throw new LexFault('DependencyFailedException', isParleyError(error) ? `${error.code}: ${error.message}` : 'speech recognition failed');
    }
  }

  /** One turn: the request's state wins over the stored one, as in Lex; the result is stored. */
  private async turn(
    key: LexSessionKey,
    text: string,
    sessionState: SessionState | undefined,
    requestAttributes: Record<string, string> | undefined,
  ): Promise<RecognizeTextResponse> {
    const previous = sessionState ?? this.store.get(key)?.sessionState;
    const timeZone = requestAttributes?.[TIME_ZONE_ATTRIBUTE];
    const result = await this.engine.recognizeText({
      sessionId: key.sessionId,
      text,
      localeId: key.localeId,
      ...(previous === undefined ? {} : { sessionState: previous }),
      ...(requestAttributes === undefined ? {} : { requestAttributes }),
      ...(timeZone === undefined ? {} : { timeZone }),
    });
    this.store.set(key, {
      sessionState: result.sessionState,
      messages: result.messages,
      interpretations: result.interpretations,
      ...(result.requestAttributes === undefined ? {} : { requestAttributes: result.requestAttributes }),
    });
    return result;
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Only the outer shape is checked here; the engine validates what it reads. */
function sessionStateOf(value: unknown, name: string): SessionState | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new LexFault('ValidationException', `${name} must be a JSON object`);
  if (value.sessionAttributes !== undefined) stringMap(value.sessionAttributes, `${name}.sessionAttributes`);
  return value as SessionState;
}

function messagesOf(value: unknown): Message[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((m) => isRecord(m) && typeof m.contentType === 'string')) {
    throw new LexFault('ValidationException', 'messages must be an array of messages with a contentType');
  }
  return value as Message[];
}
