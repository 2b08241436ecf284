import { ParleyError } from '../shared/errors.js';
import { SPEECH_ERROR_CODES, speechError } from './errors.js';
import { OUTPUT_FORMATS, SPEECH_ENGINES, SPEECH_MARK_TYPES, type OutputFormat, type SpeechEngine, type SynthesizeRequest } from './port.js';
import { findVoice, voiceSpeaks } from './voices.js';

/** Polly's sample rates per output format (SynthesizeSpeech, current docs). */
export const SAMPLE_RATES: Readonly<Record<Exclude<OutputFormat, 'json'>, readonly string[]>> = {
  mp3: ['8000', '16000', '22050', '24000', '44100', '48000'],
  ogg_vorbis: ['8000', '16000', '22050', '24000', '44100', '48000'],
  pcm: ['8000', '16000'],
  ogg_opus: ['48000'],
  mulaw: ['8000'],
  alaw: ['8000'],
};

export const MAX_LEXICONS_PER_REQUEST = 5;
export const LEXICON_NAME_PATTERN = /^[0-9A-Za-z]{1,20}$/;

/** The sample rate Polly uses when the request names none. */
export function defaultSampleRate(format: Exclude<OutputFormat, 'json'>, engine: SpeechEngine): string {
  if (format === 'mp3' || format === 'ogg_vorbis') return engine === 'standard' ? '22050' : '24000';
  if (format === 'pcm') return '16000';
  return format === 'ogg_opus' ? '48000' : '8000';
}

/** A request with Polly's defaults filled in. */
export interface NormalizedRequest extends SynthesizeRequest {
  textType: 'text' | 'ssml';
  engine: SpeechEngine;
  sampleRate: string | undefined;
  lexiconNames: string[];
  speechMarkTypes: NonNullable<SynthesizeRequest['speechMarkTypes']>;
}

/**
 * Checks a request the way Polly does before synthesis, in Polly's order of concerns, and fills in
 * its defaults. Throws a ValidationError named after the Polly exception it stands for. The text
 * itself (SSML validity, length) is checked by the SSML toolkit, not here.
 */
export function validateRequest(request: SynthesizeRequest): NormalizedRequest {
  const engine = request.engine ?? 'standard';
  if (!SPEECH_ENGINES.includes(engine)) throw fail('invalidRequest', `unknown engine "${String(engine)}"`);
  const voice = findVoice(request.voiceId);
  if (voice === undefined) throw fail('unknownVoice', `unknown voice "${request.voiceId}"`);
  if (!voice.supportedEngines.includes(engine)) {
    throw fail('engineNotSupported', `voice ${voice.id} does not support the ${engine} engine (it offers ${voice.supportedEngines.join(', ')})`);
  }
  if (request.languageCode !== undefined && !voiceSpeaks(voice, request.languageCode)) {
    throw fail('languageNotSupported', `voice ${voice.id} does not speak ${request.languageCode}`);
  }
  if (!OUTPUT_FORMATS.includes(request.outputFormat)) throw fail('invalidFormat', `unknown output format "${String(request.outputFormat)}"`);
  const textType = request.textType ?? 'text';
  if (textType !== 'text' && textType !== 'ssml') throw fail('invalidRequest', `unknown text type "${String(textType)}"`);
  const speechMarkTypes = checkMarks(request, engine, textType);
  const sampleRate = checkSampleRate(request.outputFormat, request.sampleRate, engine);
  const lexiconNames = checkLexiconNames(request.lexiconNames ?? []);
  return { ...request, textType, engine, sampleRate, lexiconNames, speechMarkTypes };
}

function checkMarks(request: SynthesizeRequest, engine: SpeechEngine, textType: 'text' | 'ssml'): NormalizedRequest['speechMarkTypes'] {
  const marks = request.speechMarkTypes ?? [];
  if (request.outputFormat !== 'json') {
    if (marks.length > 0) throw fail('marksNotSupportedForFormat', `speech marks need output format json, not ${request.outputFormat}`);
    return marks;
  }
  if (marks.length === 0 || marks.length > 4) throw fail('invalidRequest', 'output format json needs 1 to 4 speech mark types');
  for (const mark of marks) {
    if (!SPEECH_MARK_TYPES.includes(mark)) throw fail('invalidRequest', `unknown speech mark type "${String(mark)}"`);
  }
  if (new Set(marks).size !== marks.length) throw fail('invalidRequest', 'speech mark types repeat');
  if (marks.includes('ssml') && textType !== 'ssml') throw fail('ssmlMarksNeedSsml', 'ssml speech marks need text type ssml');
  if (engine === 'generative') throw fail('marksNotSupportedForEngine', 'the generative engine produces no speech marks');
  return marks;
}

function checkSampleRate(format: OutputFormat, sampleRate: string | undefined, engine: SpeechEngine): string | undefined {
  if (format === 'json') return undefined;
  if (sampleRate === undefined) return defaultSampleRate(format, engine);
  if (!SAMPLE_RATES[format].includes(sampleRate)) {
    throw fail('invalidSampleRate', `sample rate ${sampleRate} is not offered for ${format} (allowed: ${SAMPLE_RATES[format].join(', ')})`);
  }
  return sampleRate;
}

function checkLexiconNames(names: string[]): string[] {
  if (names.length > MAX_LEXICONS_PER_REQUEST) throw fail('tooManyLexicons', `at most ${MAX_LEXICONS_PER_REQUEST} lexicons per request, got ${names.length}`);
  for (const name of names) {
    if (!LEXICON_NAME_PATTERN.test(name)) throw fail('invalidRequest', `lexicon name "${name}" must match [0-9A-Za-z]{1,20}`);
  }
  return names;
}

function fail(code: keyof typeof SPEECH_ERROR_CODES, message: string): ParleyError {
  return speechError(SPEECH_ERROR_CODES[code], message);
}
