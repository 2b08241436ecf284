/**
 * The speech port, shaped like Amazon Polly's SynthesizeSpeech so that the Polly adapter is a thin
 * mapping and the local synthesizer is held to the same contract. Nothing here imports an SDK.
 */

/** Polly engines. When a request omits the engine, Polly (and Parley) use `standard`. */
export type SpeechEngine = 'standard' | 'neural' | 'long-form' | 'generative';

export const SPEECH_ENGINES: readonly SpeechEngine[] = ['standard', 'neural', 'long-form', 'generative'];

export function isSpeechEngine(value: string): value is SpeechEngine {
  return (SPEECH_ENGINES as readonly string[]).includes(value);
}

/** `json` returns speech marks (newline-delimited JSON) instead of audio. */
export type OutputFormat = 'mp3' | 'ogg_vorbis' | 'ogg_opus' | 'pcm' | 'mulaw' | 'alaw' | 'json';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['mp3', 'ogg_vorbis', 'ogg_opus', 'pcm', 'mulaw', 'alaw', 'json'];

export type TextType = 'text' | 'ssml';

export type SpeechMarkType = 'sentence' | 'ssml' | 'viseme' | 'word';

export const SPEECH_MARK_TYPES: readonly SpeechMarkType[] = ['sentence', 'ssml', 'viseme', 'word'];

/** One SynthesizeSpeech call. Field names follow Polly's request in camelCase. */
export interface SynthesizeRequest {
  /**
   * Plain text, or SSML wrapped in `<speak>` when `textType` is `ssml`. At most 3,000 billed
   * characters (SSML tags are not billed) and 6,000 characters in all: split longer documents
   * with `splitSsml` first.
   */
  text: string;
  /** Default `text`. */
  textType?: TextType;
  /** A Polly voice id such as `Joanna`; see `listVoices()`. */
  voiceId: string;
  /** Default `standard`, as in Polly; a voice without a standard variant then fails. */
  engine?: SpeechEngine;
  outputFormat: OutputFormat;
  /**
   * Hertz, as a decimal string like Polly's (`"16000"`). Defaults: mp3/ogg_vorbis 22050 on standard,
   * 24000 on the other engines; pcm 16000; ogg_opus 48000; mulaw/alaw 8000. Ignored for json.
   */
  sampleRate?: string;
  /** Up to 5 lexicon names (`[0-9A-Za-z]{1,20}`), applied in order: the first match wins. */
  lexiconNames?: string[];
  /** 1-4 mark types; only with `outputFormat: 'json'`; `ssml` marks need `textType: 'ssml'`. */
  speechMarkTypes?: SpeechMarkType[];
  /** Only for bilingual voices (for example Aditi: en-IN or hi-IN). */
  languageCode?: string;
}

/** What a synthesis returns: the body as it is produced, never read whole first. */
export interface SynthesisResult {
  /**
   * The audio bytes (or JSON-lines speech marks) in arrival order. pcm is signed 16-bit
   * little-endian mono without a header. Iterating after an abort throws `PARLEY_SPEECH_ABORTED`.
   */
  audio: AsyncIterable<Uint8Array>;
  /** `audio/mpeg`, `audio/ogg`, `audio/pcm`, `audio/mulaw`, `audio/alaw` or `application/x-json-stream`. */
  contentType: string;
  /** Billed characters, as Polly's `x-amzn-RequestCharacters` header: text without SSML tags. */
  requestCharacters: number;
}

/** Turns text or SSML into speech. Implemented by the Polly adapter and the local synthesizer. */
export interface SpeechSynthesizer {
  /**
   * Synthesizes one request. Rejects with a `ValidationError` (PARLEY_SPEECH_INVALID_SSML,
   * PARLEY_SPEECH_UNKNOWN_VOICE, PARLEY_SPEECH_ENGINE_NOT_SUPPORTED, PARLEY_SPEECH_INVALID_SAMPLE_RATE,
   * PARLEY_SPEECH_TEXT_TOO_LONG, ...; see `SPEECH_ERROR_CODES`) before any audio for bad requests,
   * and with a retryable `UpstreamError` (PARLEY_SPEECH_THROTTLED, PARLEY_SPEECH_SERVICE_FAILURE)
   * when the engine fails. Aborting `signal` stops the stream within one chunk.
   */
  synthesize(request: SynthesizeRequest, signal?: AbortSignal): Promise<SynthesisResult>;
}

/** Content type of each output format, as Polly reports it. */
export const CONTENT_TYPES: Readonly<Record<OutputFormat, string>> = {
  mp3: 'audio/mpeg',
  ogg_vorbis: 'audio/ogg',
  ogg_opus: 'audio/ogg',
  pcm: 'audio/pcm',
  mulaw: 'audio/mulaw',
  alaw: 'audio/alaw',
  json: 'application/x-json-stream',
};
