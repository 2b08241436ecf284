/**
 * Serves a speech synthesizer (the local one) at Amazon Polly's REST paths, so the real SDK, aimed
 * here with an endpoint override, can drive it: SynthesizeSpeech (streamed as produced),
 * DescribeVoices, PutLexicon and ListLexicons, with Polly's JSON, headers and error names
 * (`x-amzn-ErrorType`). For tests and offline demos; enabled by PARLEY_POLLY_EMULATOR=true.
 * Requests are not authenticated (SigV4 signatures are ignored).
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isParleyError } from '../../shared/errors.js';
import {
  POLLY_ERROR_MAP, listVoices, loadLexicon,
  type Lexicon, type OutputFormat, type SpeechEngine, type SpeechMarkType, type SpeechSynthesizer, type TextType,
} from '../../speech/index.js';

export interface PollyEmulatorDeps {
  synthesizer: SpeechSynthesizer;
  /** Deployed lexicons by name; the synthesizer reads the same map. */
  lexicons: Map<string, Lexicon>;
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
    scope.get('/v1/lexicons', async () => ({
      Lexicons: [...deps.lexicons.values()].map((l) => ({ Name: l.name, Attributes: { Alphabet: l.alphabet, LanguageCode: l.languageCode, LexemesCount: l.lexemes.length, Size: l.size } })),
    }));
  });
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
