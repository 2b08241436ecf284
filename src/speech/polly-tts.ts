/**
 * The Amazon Polly adapter: the only file that imports @aws-sdk/client-polly. One client per
 * adapter, reused; the SDK's standard retry backs off on throttling (Polly throttles with HTTP 400
 * and ThrottlingException) and on 5xx; every SDK error is mapped to a PARLEY_SPEECH_* error here.
 * Behind the audio cache the service builds it with `maxAttempts: 1` (`guardedOrigin`): the SDK's
 * retries would bypass the origin guard's token bucket, so the cache's retry, above the guard,
 * is the only one there.
 *
 * Speech marks and audio are two SynthesizeSpeech calls (OutputFormat json, then the audio
 * format): Polly's API returns one or the other per call, so a new sentence costs two calls.
 */
import {
  DeleteLexiconCommand, DescribeVoicesCommand, GetLexiconCommand, ListLexiconsCommand, PollyClient, PutLexiconCommand, SynthesizeSpeechCommand,
  type Engine, type LanguageCode, type OutputFormat as PollyOutputFormat, type SpeechMarkType as PollyMarkType, type VoiceId,
} from '@aws-sdk/client-polly';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SPEECH_ERROR_CODES, speechError, speechErrorFromPolly, speechTimeoutError } from './errors.js';
import { CONTENT_TYPES, type SpeechSynthesizer, type SynthesisResult, type SynthesizeRequest } from './port.js';
import type { VoiceInfo } from './voice-data.js';

export interface PollyTtsOptions {
  region: string;
  /** Endpoint override: a VPC endpoint, or Parley's own Polly emulator in tests. */
  endpoint?: string;
  /** Per attempt: to connect, to the response headers, and the longest silence in a body. Default 5000. */
  timeoutMs?: number;
  /** Attempts including the first (throttling and 5xx are retried with backoff). Default 3; 1 behind the audio cache. */
  maxAttempts?: number;
  /** Only for tests against the emulator; otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** A deployed lexicon as ListLexicons reports it. */
export interface LexiconSummary {
  name: string;
  languageCode?: string;
  lexemesCount?: number;
  size?: number;
}

export class PollyTts implements SpeechSynthesizer {
  private readonly client: PollyClient;
  private readonly timeoutMs: number;

  constructor(options: PollyTtsOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.client = new PollyClient({
      region: options.region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      maxAttempts: options.maxAttempts ?? 3,
      retryMode: 'standard',
      // HTTP/1.1 with keep-alive: the client's HTTP/2 default exists for the bidirectional stream API,
      // which this adapter does not use, and local endpoints (the emulator) speak HTTP/1.1.
      // requestTimeout only warns unless throwOnRequestTimeout is set; socketTimeout also ends a
      // body stream that stalls for as long.
      requestHandler: new NodeHttpHandler({ connectionTimeout: this.timeoutMs, requestTimeout: this.timeoutMs, throwOnRequestTimeout: true, socketTimeout: this.timeoutMs }),
    });
  }

  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    const command = new SynthesizeSpeechCommand({
      Text: request.text,
      TextType: request.textType ?? 'text',
      VoiceId: request.voiceId as VoiceId,
      OutputFormat: request.outputFormat as PollyOutputFormat,
      ...(request.engine === undefined ? {} : { Engine: request.engine as Engine }),
      ...(request.sampleRate === undefined ? {} : { SampleRate: request.sampleRate }),
      ...(request.lexiconNames === undefined ? {} : { LexiconNames: request.lexiconNames }),
      ...(request.speechMarkTypes === undefined ? {} : { SpeechMarkTypes: request.speechMarkTypes as PollyMarkType[] }),
      ...(request.languageCode === undefined ? {} : { LanguageCode: request.languageCode as LanguageCode }),
    });
    const response = await this.call(() => this.client.send(command, signal === undefined ? {} : { abortSignal: signal }), signal);
    const body = response.AudioStream;
    if (body === undefined) throw speechError(SPEECH_ERROR_CODES.serviceFailure, 'Polly returned no audio stream');
    return {
      audio: forward(body as AsyncIterable<Uint8Array>, signal),
      contentType: response.ContentType ?? CONTENT_TYPES[request.outputFormat],
      requestCharacters: response.RequestCharacters ?? 0,
    };
  }

  /** DescribeVoices, following NextToken. */
  async describeVoices(filter: { engine?: string; languageCode?: string } = {}): Promise<VoiceInfo[]> {
    const voices: VoiceInfo[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(() => this.client.send(new DescribeVoicesCommand({
        ...(filter.engine === undefined ? {} : { Engine: filter.engine as Engine }),
        ...(filter.languageCode === undefined ? {} : { LanguageCode: filter.languageCode as LanguageCode }),
        ...(nextToken === undefined ? {} : { NextToken: nextToken }),
      })));
      for (const v of page.Voices ?? []) {
        if (v.Id === undefined || v.LanguageCode === undefined) continue;
        voices.push({ id: v.Id, languageCode: v.LanguageCode, gender: v.Gender === 'Male' ? 'Male' : 'Female', supportedEngines: (v.SupportedEngines ?? []) as VoiceInfo['supportedEngines'], ...(v.AdditionalLanguageCodes === undefined ? {} : { additionalLanguageCodes: v.AdditionalLanguageCodes }) });
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return voices;
  }

  /** PutLexicon: overwrites a lexicon of the same name (Polly applies it after a short delay). */
  async putLexicon(name: string, content: string): Promise<void> {
    await this.call(() => this.client.send(new PutLexiconCommand({ Name: name, Content: content })));
  }

  /** GetLexicon: the deployed PLS document and its attributes. */
  async getLexicon(name: string): Promise<LexiconSummary & { content: string }> {
    const response = await this.call(() => this.client.send(new GetLexiconCommand({ Name: name })));
    const a = response.LexiconAttributes;
    return {
      name: response.Lexicon?.Name ?? name,
      content: response.Lexicon?.Content ?? '',
      ...(a?.LanguageCode === undefined ? {} : { languageCode: a.LanguageCode }),
      ...(a?.LexemesCount === undefined ? {} : { lexemesCount: a.LexemesCount }),
      ...(a?.Size === undefined ? {} : { size: a.Size }),
    };
  }

  /** DeleteLexicon; a missing lexicon is PARLEY_SPEECH_LEXICON_NOT_FOUND. */
  async deleteLexicon(name: string): Promise<void> {
    await this.call(() => this.client.send(new DeleteLexiconCommand({ Name: name })));
  }

  async listLexicons(): Promise<LexiconSummary[]> {
    const lexicons: LexiconSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(() => this.client.send(new ListLexiconsCommand(nextToken === undefined ? {} : { NextToken: nextToken })));
      for (const l of page.Lexicons ?? []) {
        if (l.Name === undefined) continue;
        const a = l.Attributes;
        lexicons.push({ name: l.Name, ...(a?.LanguageCode === undefined ? {} : { languageCode: a.LanguageCode }), ...(a?.LexemesCount === undefined ? {} : { lexemesCount: a.LexemesCount }), ...(a?.Size === undefined ? {} : { size: a.Size }) });
      }
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return lexicons;
  }

  /** Ends the client's sockets. */
  destroy(): void {
    this.client.destroy();
  }

  private async call<T>(send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw isTimeout(error) ? speechTimeoutError(this.timeoutMs, attemptsOf(error), error) : mapError(error, signal);
    }
  }
}

/** The HTTP handler's connection or response timeout, after the SDK's retries. */
function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || ('code' in error && error.code === 'ETIMEDOUT'));
}

function attemptsOf(error: unknown): number {
  const metadata = (error as { $metadata?: { attempts?: number } }).$metadata;
  return metadata?.attempts ?? 1;
}

async function* forward(body: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of body) {
      if (signal?.aborted === true) throw speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled');
      yield chunk;
    }
  } catch (error) {
    throw mapError(error, signal);
  }
}

/** No SDK error crosses the port: Polly's names by table, aborts, and network failures or timeouts as retryable. */
function mapError(error: unknown, signal: AbortSignal | undefined): Error {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('PARLEY_')) return error;
  if (signal?.aborted === true) return speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled');
  const name = error instanceof Error ? error.name : 'UnknownError';
  return speechErrorFromPolly(name, error);
}
