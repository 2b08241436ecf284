import { SPEECH_ERROR_CODES, speechError } from './errors.js';
import type { SpeechSynthesizer, SynthesisResult, SynthesizeRequest } from './port.js';
import { checkRequestText } from './request-text.js';
import { validateRequest } from './request-validation.js';

/**
 * Wraps any synthesizer so that bad requests fail the way Polly would, before any call: unknown
 * voice, engine, format, sample rate, marks, lexicon names, invalid or over-long SSML. The inner
 * synthesizer gets the request with Polly's defaults filled in. Written once for both adapters.
 */
export class CheckedSynthesizer implements SpeechSynthesizer {
  constructor(private readonly inner: SpeechSynthesizer) {}

  async synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult> {
    if (signal?.aborted === true) throw speechError(SPEECH_ERROR_CODES.aborted, 'synthesis was cancelled before it started');
    const normalized = validateRequest(request);
    checkRequestText(normalized);
    return this.inner.synthesize(normalized, signal);
  }
}
