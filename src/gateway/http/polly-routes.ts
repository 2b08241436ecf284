/**
 * Serves a speech synthesizer (the local one) at Amazon Polly's REST paths, so the real SDK, aimed
 * here with an endpoint override, can drive it: SynthesizeSpeech (streamed as produced),
 * DescribeVoices, PutLexicon, GetLexicon, ListLexicons and DeleteLexicon, with Polly's JSON,
 * headers and error names (`x-amzn-ErrorType`). For tests and offline demos; enabled by
 * PARLEY_POLLY_EMULATOR=true. Requests are not authenticated (SigV4 signatures are ignored).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isParleyError } from '../../shared/errors.js';
import {
  LEXICON_NAME_PATTERN, POLLY_ERROR_MAP, listVoices, loadLexicon, speechError,
  type Lexicon, type OutputFormat, type SpeechEngine, type SpeechMarkType, type SpeechSynthesizer, type TextType,
} from '../../speech/index.js';

export interface PollyEmulatorDeps {
  synthesizer: SpeechSynthesizer;
  /** Deployed lexicons by name; the synthesizer reads the same map. */
  lexicons: Map<string, Lexicon>;
  /** Test-only faults, for what the local engine never does by itself; the app never sets it. */
  faults?: PollyEmulatorFaults;
}

/** Read on every request, so a test can change them between calls. */
export interface PollyEmulatorFaults {
  /** Answer the next this-many requests with ThrottlingException (HTTP 400, as Polly). */
  throttle: number;
  /** Hold every request this long before answering (to make clients time out). */
  delayMs: number;
  /** Arrival times (performance.now()) of the requests seen, for checking retries and backoff. */
  seen: number[];
}

const BODY_LIMIT_BYTES = 64 * 1024;

interface SynthesizeBody {
  Text?: string;
  TextType?: TextType;
  VoiceId?: string;
  Engine?: SpeechEngine;
  OutputFormat?: OutputFormat;
  SampleRate?: string;
  LexiconNames?: string[];
  SpeechMarkTypes?: SpeechMarkType[];
  LanguageCode?: string;
}

export function registerPollyRoutes(app: FastifyInstance, deps: PollyEmulatorDeps): void {
  void app.register(async (scope) => {
    scope.setErrorHandler((error, _request, reply) => sendPollyError(reply, error));
    const faults = deps.faults;
    if (faults !== undefined) {
      scope.addHook('onRequest', async () => {
        faults.seen.push(performance.now());
        if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
        if (faults.throttle > 0) {
          faults.throttle -= 1;
          throw speechError('PARLEY_SPEECH_THROTTLED', 'rate exceeded');
        }
      });
    }
    scope.post<{ Body: SynthesizeBody }>('/v1/speech', { bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
      const body = request.body;
      const result = await deps.synthesizer.synthesize({
        text: body.Text ?? '',
        voiceId: body.VoiceId ?? '',
        outputFormat: body.OutputFormat ?? 'mp3',
        ...(body.TextType === undefined ? {} : { textType: body.TextType }),
        ...(body.Engine === undefined ? {} : { engine: body.Engine }),
        ...(body.SampleRate === undefined ? {} : { sampleRate: body.SampleRate }),
        ...(body.LexiconNames === undefined ? {} : { lexiconNames: body.LexiconNames }),
        ...(body.SpeechMarkTypes === undefined ? {} : { speechMarkTypes: body.SpeechMarkTypes }),
        ...(body.LanguageCode === undefined ? {} : { languageCode: body.LanguageCode }),
      });
      return reply.header('content-type', result.contentType).header('x-amzn-RequestCharacters', String(result.requestCharacters)).send(Readable.from(result.audio));
    });
    scope.get<{ Querystring: { Engine?: string; LanguageCode?: string } }>('/v1/voices', async (request) => {
      const filter = { ...(request.query.Engine === undefined ? {} : { engine: request.query.Engine as SpeechEngine }), ...(request.query.LanguageCode === undefined ? {} : { languageCode: request.query.LanguageCode }) };
      const Voices = listVoices(filter).map((v) => ({ Id: v.id, Name: v.id, Gender: v.gender, LanguageCode: v.languageCode, SupportedEngines: v.supportedEngines, ...(v.additionalLanguageCodes === undefined ? {} : { AdditionalLanguageCodes: v.additionalLanguageCodes }) }));
      return { Voices };
    });
    scope.put<{ Params: { name: string }; Body: { Content?: string } }>('/v1/lexicons/:name', { bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
      const lexicon = loadLexicon(request.body.Content ?? '', request.params.name);
      deps.lexicons.set(lexicon.name, lexicon);
      return reply.send({});
    });
    scope.get<{ Params: { name: string } }>('/v1/lexicons/:name', async (request) => {
      const lexicon = deployed(deps.lexicons, request.params.name);
      return { Lexicon: { Name: lexicon.name, Content: lexicon.content }, LexiconAttributes: attributesOf(lexicon) };
    });
    scope.delete<{ Params: { name: string } }>('/v1/lexicons/:name', async (request, reply) => {
      deps.lexicons.delete(deployed(deps.lexicons, request.params.name).name);
      return reply.send({});
    });
    scope.get('/v1/lexicons', async () => ({
      Lexicons: [...deps.lexicons.values()].map((l) => ({ Name: l.name, Attributes: attributesOf(l) })),
    }));
  });
}

/** A deployed lexicon by a checked name, or Polly's errors for a bad or unknown one. */
function deployed(lexicons: ReadonlyMap<string, Lexicon>, name: string): Lexicon {
  if (!LEXICON_NAME_PATTERN.test(name)) throw speechError('PARLEY_SPEECH_INVALID_REQUEST', 'a lexicon name must match [0-9A-Za-z]{1,20}');
  const lexicon = lexicons.get(name);
  if (lexicon === undefined) throw speechError('PARLEY_SPEECH_LEXICON_NOT_FOUND', `lexicon ${name} is not deployed`);
  return lexicon;
}

function attributesOf(lexicon: Lexicon): Record<string, string | number> {
  return { Alphabet: lexicon.alphabet, LanguageCode: lexicon.languageCode, LexemesCount: lexicon.lexemes.length, Size: lexicon.size, LexiconArn: `arn:aws:polly:local:000000000000:lexicon/${lexicon.name}` };
}

/** Polly's error shape: its exception name in `x-amzn-ErrorType`, `{"message"}`, and its status (throttling is a 400). */
function sendPollyError(reply: FastifyReply, error: unknown): FastifyReply {
  const parley = isParleyError(error) ? error : undefined;
  const entry = Object.entries(POLLY_ERROR_MAP).find(([, value]) => value.code === parley?.code);
  const status = parley?.status ?? (error as { statusCode?: number }).statusCode ?? 500;
  const name = entry?.[0] ?? (status < 500 && parley?.retryable !== true ? 'ValidationException' : 'ServiceFailureException');
  const pollyStatus = name === 'LexiconNotFoundException' ? 404 : name === 'ServiceFailureException' ? 500 : 400;
  if (pollyStatus === 500) reply.log.error({ err: error }, 'polly emulator failed');
  return reply.status(pollyStatus).header('x-amzn-ErrorType', name).send({ message: parley?.message ?? 'internal failure' });
}
