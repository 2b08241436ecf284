/**
 * The conversation port (text and PCM audio) backed by the Amazon Lex V2 runtime (the only file that talks to the
 * AWS SDK for Lex). One client per engine, reused by every call; each attempt has a time limit
 * and the SDK's standard retry strategy retries throttling, 5xx and network errors up to
 * `maxAttempts`. Whatever fails is mapped to Parley's errors (lex-errors.ts).
 */
import {
  DeleteSessionCommand,
  GetSessionCommand,
  LexRuntimeV2Client,
  PutSessionCommand,
  RecognizeTextCommand,
  RecognizeUtteranceCommand,
  type LexRuntimeV2ClientConfig,
  type SessionState as LexSessionState,
  type Slot as LexSlot,
} from '@aws-sdk/client-lex-runtime-v2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type {
  ConversationEngine,
  ConversationSessions,
  GetSessionResponse,
  PutSessionRequest,
  PutSessionResponse,
  RecognizeTextRequest,
  RecognizeTextResponse,
  SessionKey,
  SessionState,
  Slot,
} from './port.js';
import { toParleyError, type LexErrorContext } from './lex-errors.js';
import { checkPcm } from './speech-input/spoken-conversation.js';
import { LEX_PCM_CONTENT_TYPE, type AudioConversation, type RecognizeAudioRequest, type RecognizeAudioResponse } from './speech-input/port.js';
import {
  decodeLexHeader,
  decodeLexTextHeader,
  encodeLexHeader,
  toPortInterpretations,
  toPortMessages,
  toPortSessionState,
  type WireInterpretation,
  type WireMessage,
  type WireSessionState,
} from './lex-shapes.js';

export interface LexConversationEngineOptions {
  /** 10 characters of [0-9a-zA-Z]. */
  botId: string;
  botAliasId: string;
  /** Used when a request names no locale, e.g. en_US. */
  localeId: string;
  region: string;
  /** Overrides the regional endpoint (a VPC endpoint, or Parley's own Lex emulator in tests). */
  endpoint?: string;
  /** Per attempt: connecting and the whole response. */
  timeoutMs: number;
  /** Attempts per call including the first (throttling, 5xx and network errors are retried). */
  maxAttempts: number;
  /** Defaults to the SDK's credential chain (environment, profile, role). */
  credentials?: LexRuntimeV2ClientConfig['credentials'];
  /** A ready client (tests); the engine then neither configures nor destroys it. */
  client?: LexRuntimeV2Client;
}

/** RecognizeUtterance with text input also reports what Lex heard and how. */
export interface RecognizeUtteranceTextResponse extends RecognizeTextResponse {
  inputTranscript?: string;
  inputMode?: string;
}

/** Lex's request attribute for the time zone that resolves relative dates and times. */
const TIME_ZONE_ATTRIBUTE = 'x-amz-lex:time-zone';
const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

export class LexConversationEngine implements ConversationEngine, ConversationSessions, AudioConversation {
  readonly name = 'lex';
  private readonly client: LexRuntimeV2Client;
  private readonly ownsClient: boolean;

  constructor(private readonly options: LexConversationEngineOptions) {
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? createLexClient(options);
  }

  async recognizeText(request: RecognizeTextRequest): Promise<RecognizeTextResponse> {
    const requestAttributes = withTimeZone(request);
    const output = await this.call({ operation: 'RecognizeText' }, () =>
      this.client.send(
        new RecognizeTextCommand({
          ...this.path(request),
          text: request.text,
          ...(request.sessionState === undefined ? {} : { sessionState: toLexSessionState(request.sessionState) }),
          ...(requestAttributes === undefined ? {} : { requestAttributes }),
        }),
      ),
    );
    return {
      sessionId: output.sessionId ?? request.sessionId,
      messages: toPortMessages(output.messages),
      sessionState: toPortSessionState(output.sessionState),
      interpretations: toPortInterpretations(output.interpretations),
      ...(output.requestAttributes === undefined ? {} : { requestAttributes: output.requestAttributes }),
    };
  }

  /**
   * RecognizeUtterance with text input. The SDK passes the session state and attribute headers
   * through as strings, so the gzip+base64 encoding happens here.
   */
  recognizeUtterance(request: RecognizeTextRequest): Promise<RecognizeUtteranceTextResponse> {
    return this.utterance(request, TEXT_CONTENT_TYPE, new TextEncoder().encode(request.text));
  }

  /** RecognizeUtterance with PCM audio (`audio/l16; rate=16000; channels=1`): Lex recognizes the words. */
  async recognizeAudio(request: RecognizeAudioRequest): Promise<RecognizeAudioResponse> {
    checkPcm(request.pcm);
    const { pcm, ...rest } = request;
    const response = await this.utterance(rest, LEX_PCM_CONTENT_TYPE, pcm);
    return { ...response, transcript: response.inputTranscript ?? '' };
  }

  private async utterance(request: Omit<RecognizeTextRequest, 'text'>, contentType: string, body: Uint8Array): Promise<RecognizeUtteranceTextResponse> {
    const requestAttributes = withTimeZone(request);
    const output = await this.call({ operation: 'RecognizeUtterance' }, async () => {
      const out = await this.client.send(
        new RecognizeUtteranceCommand({
          ...this.path(request),
          requestContentType: contentType,
          responseContentType: TEXT_CONTENT_TYPE,
          inputStream: body,
          ...(request.sessionState === undefined ? {} : { sessionState: encodeLexHeader(toLexSessionState(request.sessionState)) }),
          ...(requestAttributes === undefined ? {} : { requestAttributes: encodeLexHeader(requestAttributes) }),
        }),
      );
      // Text responses have an empty body; reading it frees the connection for reuse.
      await out.audioStream?.transformToByteArray();
      return out;
    });
    const requestAttributesOut = decodeLexHeader<Record<string, string>>(output.requestAttributes, 'requestAttributes');
    const inputTranscript = decodeLexTextHeader(output.inputTranscript);
    return {
      sessionId: output.sessionId ?? request.sessionId,
      messages: toPortMessages(decodeLexHeader<WireMessage[]>(output.messages, 'messages')),
      sessionState: toPortSessionState(decodeLexHeader<WireSessionState>(output.sessionState, 'sessionState')),
      interpretations: toPortInterpretations(decodeLexHeader<WireInterpretation[]>(output.interpretations, 'interpretations')),
      ...(requestAttributesOut === undefined ? {} : { requestAttributes: requestAttributesOut }),
      ...(inputTranscript === undefined ? {} : { inputTranscript }),
      ...(output.inputMode === undefined ? {} : { inputMode: output.inputMode }),
    };
  }

  async putSession(request: PutSessionRequest): Promise<PutSessionResponse> {
    const output = await this.call({ operation: 'PutSession' }, async () => {
      const out = await this.client.send(
        new PutSessionCommand({
          ...this.path(request),
          sessionState: toLexSessionState(request.sessionState),
          responseContentType: TEXT_CONTENT_TYPE,
          ...(request.messages === undefined ? {} : { messages: request.messages }),
          ...(request.requestAttributes === undefined ? {} : { requestAttributes: request.requestAttributes }),
        }),
      );
      await out.audioStream?.transformToByteArray();
      return out;
    });
    const requestAttributes = decodeLexHeader<Record<string, string>>(output.requestAttributes, 'requestAttributes');
    return {
      sessionId: output.sessionId ?? request.sessionId,
      sessionState: toPortSessionState(decodeLexHeader<WireSessionState>(output.sessionState, 'sessionState')),
      messages: toPortMessages(decodeLexHeader<WireMessage[]>(output.messages, 'messages')),
      ...(requestAttributes === undefined ? {} : { requestAttributes }),
    };
  }

  async getSession(key: SessionKey): Promise<GetSessionResponse> {
    const output = await this.call({ operation: 'GetSession', isSessionLookup: true }, () =>
      this.client.send(new GetSessionCommand(this.path(key))),
    );
    return {
      sessionId: output.sessionId ?? key.sessionId,
      sessionState: toPortSessionState(output.sessionState),
      messages: toPortMessages(output.messages),
      interpretations: toPortInterpretations(output.interpretations),
    };
  }

  async deleteSession(key: SessionKey): Promise<void> {
    await this.call({ operation: 'DeleteSession', isSessionLookup: true }, () => this.client.send(new DeleteSessionCommand(this.path(key))));
  }

  /** Closes the client's sockets (only a client this engine created). */
  close(): void {
    if (this.ownsClient) this.client.destroy();
  }

  private path(key: SessionKey): { botId: string; botAliasId: string; localeId: string; sessionId: string } {
    return {
      botId: this.options.botId,
      botAliasId: this.options.botAliasId,
      localeId: key.localeId ?? this.options.localeId,
      sessionId: key.sessionId,
    };
  }

  private async call<T>(context: LexErrorContext, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toParleyError(error, context);
    }
  }
}

/** Builds the one client an engine uses. */
export function createLexClient(options: LexConversationEngineOptions): LexRuntimeV2Client {
  return new LexRuntimeV2Client({
    region: options.region,
    maxAttempts: options.maxAttempts,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    // HTTP/1.1 instead of the SDK's default HTTP/2 handler: HTTP/2 is only needed for the
    // StartConversation stream this adapter does not use, and HTTP/1.1 has connect and request
    // time limits that throw (and reaches the gateway's emulator).
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.timeoutMs,
      requestTimeout: options.timeoutMs,
      throwOnRequestTimeout: true,
    }),
  });
}

/** Lex takes no time zone field; the request attribute is its documented equivalent. */
function withTimeZone(request: Pick<RecognizeTextRequest, 'timeZone' | 'requestAttributes'>): Record<string, string> | undefined {
  if (request.timeZone === undefined) return request.requestAttributes;
  return { ...request.requestAttributes, [TIME_ZONE_ATTRIBUTE]: request.timeZone };
}

/** The port keeps unfilled slots as null (as Lex returns them); the SDK's input type has no null. */
function toLexSessionState(state: SessionState): LexSessionState {
  const { intent, ...rest } = state;
  if (intent === undefined) return rest;
  const { slots, ...intentRest } = intent;
  if (slots === undefined) return { ...rest, intent: intentRest };
  const lexSlots: Record<string, LexSlot> = {};
  for (const [name, slot] of Object.entries(slots)) if (slot !== null) lexSlots[name] = toLexSlot(slot);
  return { ...rest, intent: { ...intentRest, slots: lexSlots } };
}

function toLexSlot(slot: Slot): LexSlot {
  return { ...slot, ...(slot.values === undefined ? {} : { values: slot.values.map(toLexSlot) }) };
}
