import { SPEECH_ERROR_CODES, speechError } from './errors.js';
import { CONTENT_TYPES, type SpeechMarkType, type SpeechSynthesizer, type SynthesisResult, type SynthesizeRequest } from './port.js';
import { checkRequestText } from './request-text.js';
import { defaultSampleRate, validateRequest } from './request-validation.js';
import type { Lexicon } from './ssml/lexicon.js';
import { findVoice } from './voices.js';
import { type AudioEncoder, createEncoder } from './local/encode.js';
import { EspeakEngine } from './local/espeak-engine.js';
import { MarkWriter } from './local/marks.js';
import { type LocalPiece, localPieces } from './local/pieces.js';
import { resample } from './local/resample.js';
import { localVoiceFor } from './local/voice-map.js';
import { shiftFormants, whisper } from './local/voice-effects.js';

export interface LocalTtsOptions {
  /** Lexicons by name (e.g. `loadBrandAssets('ssml').lexicons`); a request naming another fails with PARLEY_SPEECH_LEXICON_NOT_FOUND. */
  lexicons?: ReadonlyMap<string, Lexicon>;
  /** The engine; defaults to the process-wide warm eSpeak NG instance. */
  engine?: () => Promise<EspeakEngine>;
}

/**
 * The local synthesizer: eSpeak NG (WebAssembly) driven by the request's SSML, with Polly's voices
 * mapped to eSpeak voices of the same language and gender, the voice effects eSpeak lacks applied
 * to its audio, and output at Polly's formats and sample rates. Audio is produced a sentence at a
 * time and yielded as each is ready; every engine name is accepted (there is one local engine).
 */
export class LocalTts implements SpeechSynthesizer {
  private readonly lexicons: ReadonlyMap<string, Lexicon>;
  private readonly engine: () => Promise<EspeakEngine>;

  constructor(options: LocalTtsOptions = {}) {
    this.lexicons = options.lexicons ?? new Map();
    this.engine = options.engine ?? EspeakEngine.shared;
  }

  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    const normalized = validateRequest(request);
    const requestCharacters = checkRequestText(normalized);
    const lexicons = (normalized.lexiconNames ?? []).map((name) => this.lexicon(name));
    const languageCode = normalized.languageCode ?? findVoice(normalized.voiceId)?.languageCode ?? 'en-US';
    const pieces = localPieces(normalized.text, normalized.textType === 'ssml', lexicons, languageCode);
    const format = normalized.outputFormat;
    const sampleRateHz = format === 'json' ? 0 : Number(normalized.sampleRate ?? defaultSampleRate(format, normalized.engine ?? 'standard'));
    const sink = format === 'json' ? new MarkWriter(normalized.text, new Set<SpeechMarkType>(normalized.speechMarkTypes ?? [])) : createEncoder(format, sampleRateHz);
    const engine = await this.engine();
    const voice = localVoiceFor(normalized.voiceId, normalized.languageCode);
    return { audio: stream(engine, voice, pieces, sink, sampleRateHz, signal), contentType: CONTENT_TYPES[format], requestCharacters };
  }

  private lexicon(name: string): Lexicon {
    const lexicon = this.lexicons.get(name);
    if (lexicon === undefined) throw speechError(SPEECH_ERROR_CODES.lexiconNotFound, `lexicon ${name} is not deployed`);
    return lexicon;
  }
}

async function* stream(engine: EspeakEngine, voice: string, pieces: readonly LocalPiece[], sink: AudioEncoder | MarkWriter, sampleRateHz: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let offsetMs = 0;
  for (const piece of pieces) {
    throwIfAborted(signal);
    const output = engine.synthesize(piece.ssml, voice);
    if (sink instanceof MarkWriter) {
      const lines = sink.marksFor(piece.ssml, output.events, offsetMs).map((mark) => `${JSON.stringify(mark)}\n`);
      if (lines.length > 0) yield new TextEncoder().encode(lines.join(''));
    } else {
      const samples = resample(withEffects(output.samples, piece), output.sampleRateHz, sampleRateHz);
      // ~100 ms chunks: the first reaches the client sooner, and lamejs encodes small buffers faster.
      const step = 1152 * Math.max(1, Math.round(sampleRateHz / 11_520));
      for (let at = 0; at < samples.length; at += step) {
        throwIfAborted(signal);
        const bytes = sink.encode(samples.subarray(at, at + step));
        if (bytes.length > 0) yield bytes;
      }
    }
    offsetMs += (output.samples.length * 1000) / output.sampleRateHz;
    // One sentence per turn of the event loop, so concurrent requests and aborts get a look in.
    await new Promise((resolve) => setImmediate(resolve));
  }
  throwIfAborted(signal);
  if (!(sink instanceof MarkWriter)) {
    const tail = sink.flush();
    if (tail.length > 0) yield tail;
  }
}

function withEffects(samples: Int16Array, piece: LocalPiece): Int16Array {
  const shifted = shiftFormants(samples, piece.effects.vocalTractLength);
  return piece.effects.isWhispered ? whisper(shifted) : shifted;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled');
}
