import { readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { isParleyError } from '../../shared/errors.js';
import {
  CheckedSynthesizer, LocalTts, OUTPUT_FORMATS, SPEECH_MARK_TYPES, isSpeechEngine, loadBrandAssets,
  type OutputFormat, type SpeechMarkType, type SynthesizeRequest,
} from '../../speech/index.js';
import { closeOutput, openOutput } from '../output-file.js';

export interface SpeakOptions {
  voice?: string;
  engine?: string;
  format?: string;
  sampleRate?: string;
  out: string;
  text?: string;
  marks?: string;
  lexicons?: string;
  assets?: string;
}

/**
 * `parley speak`: one SynthesizeSpeech request on the local synthesizer, streamed to `--out`.
 * The input is a `.ssml` file or `--text` (SSML when it starts with `<speak>`); the format defaults
 * from the output's extension (.mp3, .pcm, .json for speech marks). Prints one JSON summary line.
 */
export async function runSpeak(file: string | undefined, options: SpeakOptions, write: (line: string) => void = (line) => process.stdout.write(line)): Promise<number> {
  const fail = (error: string): number => {
    write(`${JSON.stringify({ error })}\n`);
    return 1;
  };
  if ((file === undefined) === (options.text === undefined)) return fail('give either an .ssml/.txt file or --text');
  const text = file === undefined ? (options.text ?? '') : await readFile(file, 'utf8');
  const format = options.format ?? formatFromExtension(options.out);
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) return fail(`unknown format "${format}": use one of ${OUTPUT_FORMATS.join(', ')}`);
  const engine = options.engine ?? 'standard';
  if (!isSpeechEngine(engine)) return fail(`unknown engine "${engine}"`);
  const marks = (options.marks ?? (format === 'json' ? 'sentence,word' : '')).split(',').filter((m) => m !== '');
  if (!marks.every((m) => (SPEECH_MARK_TYPES as readonly string[]).includes(m))) return fail(`unknown mark type in "${options.marks ?? ''}"`);
  const lexiconNames = (options.lexicons ?? '').split(',').filter((name) => name !== '');
  const lexicons = lexiconNames.length === 0 ? new Map() : (await loadBrandAssets(options.assets ?? 'ssml')).lexicons;
  const request: SynthesizeRequest = {
    text: text.trim(),
    textType: text.trim().startsWith('<speak') ? 'ssml' : 'text',
    voiceId: options.voice ?? 'Joanna',
    engine,
    outputFormat: format as OutputFormat,
    ...(options.sampleRate === undefined ? {} : { sampleRate: options.sampleRate }),
    ...(lexiconNames.length === 0 ? {} : { lexiconNames }),
    ...(marks.length === 0 ? {} : { speechMarkTypes: marks as SpeechMarkType[] }),
  };
  // Opened before synthesis: an unwritable file fails fast, before the synthesizer starts.
  let out;
  try {
    out = await openOutput(options.out);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const started = performance.now();
  let result;
  try {
    result = await new CheckedSynthesizer(new LocalTts({ lexicons })).synthesize(request);
  } catch (error) {
    // A refused request (bad SSML, an unknown phoneme, a rate the format lacks): code and diagnostics, no file.
    await closeOutput(out);
    await rm(options.out, { force: true });
    if (!isParleyError(error)) throw error;
    write(`${JSON.stringify({ error: error.message, code: error.code, ...(error.details ?? {}) })}\n`);
    return 1;
  }
  let bytes = 0;
  for await (const chunk of result.audio) {
    bytes += chunk.byteLength;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  write(`${JSON.stringify({ out: options.out, format, contentType: result.contentType, bytes, requestCharacters: result.requestCharacters, ms: Math.round(performance.now() - started) })}\n`);
  return 0;
}

function formatFromExtension(file: string): string {
  const extension = path.extname(file).slice(1).toLowerCase();
  return extension === 'raw' ? 'pcm' : extension === 'ogg' ? 'ogg_vorbis' : extension || 'mp3';
}
