import { SPEECH_ERROR_CODES, speechError } from './errors.js';
import { CONTENT_TYPES, type SpeechMarkType, type SpeechSynthesizer, type SynthesisResult, type SynthesizeRequest } from './port.js';
import { checkRequestText } from './request-text.js';
import { defaultSampleRate, validateRequest } from './request-validation.js';
import type { Lexicon } from './ssml/lexicon.js';
import { findVoice } from './voices.js';
import { type AudioEncoder, createEncoder } from './local/encode.js';
import type { EspeakEvent } from '@echogarden/espeak-ng-emscripten';
import { type EspeakChunk, EspeakThread } from './local/espeak-thread.js';
import { MarkWriter } from './local/marks.js';
import { type LocalPiece, localPieces } from './local/pieces.js';
import { StreamResampler } from './local/resample.js';
import { localVoiceFor } from './local/voice-map.js';
import { createEffectChain } from './local/voice-effects.js';

export interface LocalTtsOptions {
  /** Lexicons by name (e.g. `loadBrandAssets('ssml').lexicons`); a request naming another fails with PARLEY_SPEECH_LEXICON_NOT_FOUND. */
  lexicons?: ReadonlyMap<string, Lexicon>;
  /** The engine; defaults to the process-wide warm eSpeak NG worker thread. */
  engine?: () => EspeakThread;
}

/**
 * The local synthesizer: eSpeak NG (WebAssembly) driven by the request's SSML, with Polly's voices
 * mapped to eSpeak voices of the same language and gender, the voice effects eSpeak lacks applied
 * to its audio, and output at Polly's formats and sample rates. Audio is produced a sentence at a
 * time, streamed as eSpeak produces it (from a worker thread); every engine name is accepted (there is one local engine).
 */
export class LocalTts implements SpeechSynthesizer {
  private readonly lexicons: ReadonlyMap<string, Lexicon>;
  private readonly engine: () => EspeakThread;

  constructor(options: LocalTtsOptions = {}) {
    this.lexicons = options.lexicons ?? new Map();
    this.engine = options.engine ?? EspeakThread.shared;
  }

  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    const normalized = validateRequest(request);
    const requestCharacters = checkRequestText(normalized);
    const lexicons = (normalized.lexiconNames ?? []).map((name) => this.lexicon(name));
    const languageCode = normalized.languageCode ?? findVoice(normalized.voiceId)?.languageCode ?? 'en-US';
    const pieces = localPieces(normalized.text, normalized.textType === 'ssml', lexicons, languageCode);
    const format = normalized.outputFormat;
    const sampleRateHz = format === 'json' ? 0 : Number(normalized.sampleRate ?? defaultSampleRate(format, normalized.engine ?? 'standard'));
    const sink = format === 'json' ? new MarkWriter(normalized.text, new Set<SpeechMarkType>(normalized.speechMarkTypes ?? [])) : await createEncoder(format, sampleRateHz);
    const engine = this.engine();
    const voice = localVoiceFor(normalized.voiceId, normalized.languageCode);
    return { audio: stream(engine, voice, pieces, sink, sampleRateHz, signal), contentType: CONTENT_TYPES[format], requestCharacters };
  }

  private lexicon(name: string): Lexicon {
    const lexicon = this.lexicons.get(name);
    if (lexicon === undefined) throw speechError(SPEECH_ERROR_CODES.lexiconNotFound, `lexicon ${name} is not deployed`);
    return lexicon;
  }
}

async function* stream(engine: EspeakThread, voice: string, pieces: readonly LocalPiece[], sink: AudioEncoder | MarkWriter, sampleRateHz: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let offsetMs = 0;
  for (const piece of pieces) {
    throwIfAborted(signal);
    if (sink instanceof MarkWriter) {
      const { samples, events } = await whole(engine.synthesize(piece.ssml, voice));
      const lines = sink.marksFor(piece.ssml, events, offsetMs, piece.phonemeWords).map((mark) => `${JSON.stringify(mark)}\n`);
      if (lines.length > 0) yield new TextEncoder().encode(lines.join(''));
      offsetMs += (samples.length * 1000) / engine.sampleRateHz;
    } else {
      // Effects run frame by frame (one 23 ms frame behind eSpeak), then the streaming resampler.
      const effects = createEffectChain(piece.effects);
      let resampler: StreamResampler | undefined;
      for await (const chunk of engine.synthesize(piece.ssml, voice)) {
        throwIfAborted(signal);
        resampler ??= new StreamResampler(engine.sampleRateHz, sampleRateHz);
        const bytes = sink.encode(resampler.push(effects.push(chunk.samples)));
        if (bytes.length > 0) yield bytes;
      }
      const rest = resampler === undefined ? new Int16Array(0) : resampler.push(effects.flush());
      const bytes = sink.encode(concat(rest, resampler?.flush() ?? new Int16Array(0)));
      if (bytes.length > 0) yield bytes;
    }
  }
  throwIfAborted(signal);
  if (!(sink instanceof MarkWriter)) {
    const tail = sink.flush();
    if (tail.length > 0) yield tail;
  }
}

/** A piece's audio and events in one buffer (for marks and for the frame-based effects). */
async function whole(chunks: AsyncIterable<EspeakChunk>): Promise<{ samples: Int16Array; events: EspeakEvent[] }> {
  const parts: Int16Array[] = [];
  const events: EspeakEvent[] = [];
  for await (const chunk of chunks) {
    parts.push(chunk.samples);
    events.push(...chunk.events);
  }
  const samples = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    samples.set(part, at);
    at += part.length;
  }
  return { samples, events };
}

function concat(a: Int16Array, b: Int16Array): Int16Array {
  const joined = new Int16Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled');
}
