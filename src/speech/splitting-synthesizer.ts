import { SPEECH_ERROR_CODES, speechError } from './errors.js';
import type { SpeechSynthesizer, SynthesisResult, SynthesizeRequest } from './port.js';
import { escapeXml } from './ssml/escape.js';
import { parseSsml } from './ssml/parse.js';
import { POLLY_LIMITS, splitSsml, type SplitLimits } from './ssml/split.js';
import { textOf } from './ssml/tree.js';

/** One request's text and what Polly will bill for it. */
interface RequestPiece {
  request: SynthesizeRequest;
  billedCharacters: number;
}

/**
 * Splits a request over Polly's limits into several at sentence boundaries (text or SSML, tags
 * kept balanced), synthesizes them in order as the audio is read, and streams one body: over-long
 * text is split, not refused. Speech marks cannot be joined (their times restart per request), so
 * an over-long `json` request fails with PARLEY_SPEECH_TEXT_TOO_LONG.
 */
export class SplittingSynthesizer implements SpeechSynthesizer {
  constructor(
    private readonly inner: SpeechSynthesizer,
    private readonly limits: SplitLimits = POLLY_LIMITS,
  ) {}

  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    const pieces = splitRequest(request, this.limits);
    const [first, ...rest] = pieces;
    if (first === undefined || rest.length === 0) return this.inner.synthesize(request, signal);
    if (request.outputFormat === 'json') {
      throw speechError(SPEECH_ERROR_CODES.textTooLong, 'speech marks need the text in one request: split it and ask for marks per piece');
    }
    // The first piece is requested now, so that a bad request fails here rather than mid-stream.
    const head = await this.inner.synthesize(first.request, signal);
    const inner = this.inner;
    async function* audio(): AsyncIterable<Uint8Array> {
      yield* head.audio;
      for (const piece of rest) {
        if (signal?.aborted === true) throw speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled');
        yield* (await inner.synthesize(piece.request, signal)).audio;
      }
    }
    const requestCharacters = head.requestCharacters + rest.reduce((sum, piece) => sum + piece.billedCharacters, 0);
    return { audio: audio(), contentType: head.contentType, requestCharacters };
  }
}

/** The requests one request becomes under the limits (itself when it fits). */
export function splitRequest(request: SynthesizeRequest, limits: SplitLimits = POLLY_LIMITS): RequestPiece[] {
  if (request.textType === 'ssml') {
    const parsed = parseSsml(request.text);
    // Invalid SSML is passed on whole: the checks downstream report it with diagnostics.
    if (!parsed.ok) return [{ request, billedCharacters: request.text.length }];
    const billed = textOf(parsed.root).length;
    if (billed <= limits.maxBilledChars && request.text.length <= limits.maxTotalChars) return [{ request, billedCharacters: billed }];
    return splitSsml(parsed.root, { limits }).map((piece) => ({ request: { ...request, text: piece.ssml }, billedCharacters: piece.billedCharacters }));
  }
  if (request.text.length <= limits.maxBilledChars) return [{ request, billedCharacters: request.text.length }];
  // Plain text is split as an SSML document of one text node, then turned back into text.
  const asSsml = `<speak>${escapeXml(request.text)}</speak>`;
  const generous = { maxBilledChars: limits.maxBilledChars, maxTotalChars: Number.MAX_SAFE_INTEGER };
  return splitSsml(asSsml, { limits: generous }).map((piece) => {
    const parsed = parseSsml(piece.ssml);
    const text = parsed.ok ? textOf(parsed.root) : '';
    return { request: { ...request, text }, billedCharacters: text.length };
  });
}
