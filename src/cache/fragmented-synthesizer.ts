/**
 * Speaks a long request sentence by sentence through the cache under it, so each sentence is
 * cached on its own and a reply that shares sentences with another reuses their audio. The
 * sentences' audio is joined into one body: pcm gets short fades at each join (no clicks); mp3
 * frames join as they are (each frame stands alone); speech marks are not split, since their
 * times could not be joined.
 */
import { SPEECH_ERROR_CODES, escapeXml, speechError, splitSentences } from '../speech/index.js';
import type { SpeechSynthesizer, SynthesisResult } from '../speech/index.js';
import { concatChunks } from './checksum.js';
import { fadeIn, fadeOut } from './pcm-fade.js';
import type { CachedSynthesizeRequest } from './port.js';

export interface FragmentedSynthesizerOptions {
  /** Fade length at each pcm join. */
  fadeMs?: number;
}

const DEFAULT_FADE_MS = 5;

export class FragmentedSynthesizer implements SpeechSynthesizer {
  constructor(private readonly inner: SpeechSynthesizer, private readonly options: FragmentedSynthesizerOptions = {}) {}

  /** The sentence requests a request is cut into (one, unchanged, when it cannot be split). */
  fragmentsOf(request: CachedSynthesizeRequest): CachedSynthesizeRequest[] {
    return this.pieces(request).map((piece) => piece.request);
  }

  async synthesize(request: CachedSynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    const pieces = this.pieces(request);
    if (pieces.length === 1) return this.inner.synthesize(request, signal);
    const fragments = pieces.map((piece) => piece.request);
    // The first sentence starts now, so its audio (and any error) comes before the rest are asked for.
    const first = await this.inner.synthesize(fragments[0] as CachedSynthesizeRequest, signal);
    const characters = pieces.slice(1).reduce((sum, piece) => sum + piece.billedCharacters, first.requestCharacters);
    return { contentType: first.contentType, requestCharacters: characters, audio: this.join(first, fragments.slice(1), request, signal) };
  }

  private pieces(request: CachedSynthesizeRequest): Array<{ request: CachedSynthesizeRequest; billedCharacters: number }> {
    const whole = [{ request, billedCharacters: 0 }];
    if (request.outputFormat === 'json') return whole;
    const ssml = request.textType === 'ssml' ? request.text : `<speak>${escapeXml(request.text)}</speak>`;
    const pieces = splitSentences(ssml);
    if (pieces.length <= 1) return whole;
    return pieces.map((piece) => ({ request: { ...request, text: piece.ssml, textType: 'ssml' }, billedCharacters: piece.billedCharacters }));
  }

  private async *join(first: SynthesisResult, rest: CachedSynthesizeRequest[], request: CachedSynthesizeRequest, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
    const pcm = request.outputFormat === 'pcm';
    const fadeSamples = Math.round((Number(request.sampleRate ?? '16000') * (this.options.fadeMs ?? DEFAULT_FADE_MS)) / 1000);
    let current: SynthesisResult = first;
    for (let index = 0; ; index += 1) {
      if (!pcm) yield* current.audio;
      else {
        // A sentence's pcm is faded at its inner edges only; short (one cached body, or a few chunks).
        const chunks: Uint8Array[] = [];
        for await (const chunk of current.audio) chunks.push(chunk);
        const body = concatChunks(chunks);
        if (index > 0) fadeIn(body, fadeSamples);
        if (index < rest.length) fadeOut(body, fadeSamples);
        yield body;
      }
      const next = rest[index];
      if (next === undefined) return;
      if (signal?.aborted === true) throw speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled');
      current = await this.inner.synthesize(next, signal);
    }
  }
}
