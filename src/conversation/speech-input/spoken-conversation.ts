/**
 * Audio turns: a speech recognizer in front of a text engine (the local path), and Lex's own
 * RecognizeUtterance with a local fallback while Lex is unavailable.
 */
import { UpstreamError } from '../../shared/errors.js';
import { FALLBACK_ATTRIBUTE, type ConversationEngine } from '../port.js';
import { audioInvalid, noSpeech } from './errors.js';
import type { AudioConversation, RecognizeAudioRequest, RecognizeAudioResponse, SpeechRecognizer } from './port.js';
import { joinSpelledCodes } from './spelled-codes.js';

/** Recognizes the words, then lets the text engine understand them. */
export class RecognizingConversation implements AudioConversation {
  readonly name: string;

  constructor(
    private readonly recognizer: SpeechRecognizer,
    private readonly engine: ConversationEngine,
    /** For requests that name no locale. */
    private readonly defaultLocaleId: string,
  ) {
    this.name = `${recognizer.name}+${engine.name}`;
  }

  async recognizeAudio(request: RecognizeAudioRequest): Promise<RecognizeAudioResponse> {
    checkPcm(request.pcm);
    const { pcm, ...rest } = request;
    const heard = await this.recognizer.recognize(pcm, request.localeId ?? this.defaultLocaleId);
    if (heard.transcript === '') throw noSpeech();
    // The engine reads codes as written, as Lex's transcript gives them ("PS741852").
    const transcript = joinSpelledCodes(heard.transcript);
    const response = await this.engine.recognizeText({ ...rest, text: transcript });
    return { ...response, transcript };
  }
}

/** Lex first; the local path when Lex is unavailable (marked, as text turns are). */
export class FallbackAudioConversation implements AudioConversation {
  readonly name: string;

  constructor(
    private readonly primary: AudioConversation,
    private readonly fallback: AudioConversation,
  ) {
    this.name = `${primary.name}|${fallback.name}`;
  }

  async recognizeAudio(request: RecognizeAudioRequest): Promise<RecognizeAudioResponse> {
    try {
      return await this.primary.recognizeAudio(request);
    } catch (error) {
      if (!(error instanceof UpstreamError) || !error.retryable) throw error;
      const response = await this.fallback.recognizeAudio(request);
      return {
        ...response,
        requestAttributes: { ...response.requestAttributes, [FALLBACK_ATTRIBUTE]: this.fallback.name },
        fallback: { engine: this.fallback.name, reason: error.code },
      };
    }
  }
}

/** Whole 16-bit samples, not empty: anything else is not PCM_INPUT_FORMAT. */
export function checkPcm(pcm: Uint8Array): void {
  if (pcm.byteLength === 0) throw audioInvalid('The audio is empty');
  if (pcm.byteLength % 2 !== 0) throw audioInvalid('The audio must be whole 16-bit samples (an even number of bytes)');
}
