/**
 * Speaks turn replies: the reply's brand-voice SSML (or its text, rendered into SSML with every
 * character escaped), compiled for its voice profile and cut into sentences, each synthesized on
 * its own (marks, then audio) so the gateway can send sentence 1 while later ones are made.
 */
import { ValidationError } from '../shared/errors.js';
import type { SessionRepository } from '../store/port.js';
import {
  CONTENT_TYPES,
  SAMPLE_RATES,
  compileSsml,
  defaultSampleRate,
  parseSsml,
  renderTemplate,
  splitSentences,
  textOf,
  type SpeechSynthesizer,
  type SynthesizeRequest,
  type VoiceProfile,
} from '../speech/index.js';
import type {
  ReplyAudioDelivery,
  ReplyAudioFormat,
  ReplyAudioRequest,
  ReplySpeech as ReplySpeechDocument,
  ReplySpeechMark,
  ReplyVoice,
  SpokenSentence,
  TurnPlaybackRecord,
  TurnReply,
} from './port.js';

export const AUDIO_UNSUPPORTED = 'PARLEY_GATEWAY_AUDIO_UNSUPPORTED';

/** The plain reply text as SSML: the text is a template value, so it is always escaped. */
const TEXT_TEMPLATE = '<speak>{{text}}</speak>';
const MARK_TYPES = ['sentence', 'word'] as const;
const MARK_TYPE_SET = new Set<string>(['sentence', 'word', 'ssml', 'viseme']);
const FILE_EXTENSIONS: Readonly<Record<ReplyAudioFormat, string>> = { mp3: 'mp3', ogg_vorbis: 'ogg', pcm: 'pcm' };
/** Replies recur (greetings, store hours, prompts): their compiled sentences are kept, this many at most. */
const PLAN_CACHE_ENTRIES = 1000;

export interface ReplySpeechDeps {
  synthesizer: SpeechSynthesizer;
  profiles: readonly VoiceProfile[];
  /** Profile name for replies without SSML of their own (config.replyAudio.voiceProfile). */
  defaultProfile: string;
  sessions: Pick<SessionRepository, 'recordPlayback'>;
  /**
   * The cache key of a request (the audio cache's audioKey). Given, clients may ask for URL mode:
   * each sentence is synthesized into the cache and sent as `/v1/audio/<key>.<ext>`.
   */
  audioKey?: (request: SynthesizeRequest) => string;
  clock?: () => Date;
}

export class ReplySpeech implements ReplyVoice {
  readonly #deps: ReplySpeechDeps;
  readonly #profiles: ReadonlyMap<string, VoiceProfile>;
  readonly #default: VoiceProfile;
  /** Compiled sentences by profile, format, rate and SSML; least recently used first. */
  readonly #plans = new Map<string, readonly SpokenSentence[]>();

  /** Throws when the default profile is not among the profiles: a deployment error, found at start. */
  constructor(deps: ReplySpeechDeps) {
    this.#deps = deps;
    this.#profiles = new Map(deps.profiles.map((profile) => [profile.name, profile]));
    const fallback = this.#profiles.get(deps.defaultProfile);
    if (fallback === undefined) {
      throw new Error(`voice profile "${deps.defaultProfile}" not found (have: ${[...this.#profiles.keys()].join(', ')})`);
    }
    this.#default = fallback;
  }

  deliveryFor(request: ReplyAudioRequest): ReplyAudioDelivery {
    const format = request.format ?? 'mp3';
    const rates = SAMPLE_RATES[format];
    const sampleRate = request.sampleRate ?? Number(defaultSampleRate(format, this.#default.engine));
    if (!rates.includes(String(sampleRate))) {
      throw new ValidationError(AUDIO_UNSUPPORTED, `${format} audio is offered at ${rates.join(', ')} Hz`, { details: { path: '/audio/sampleRate' } });
    }
    // URL mode needs the cache's keys; without a cache the client gets the stream it can always play.
    const mode = request.mode === 'url' && this.#deps.audioKey !== undefined ? 'url' : 'stream';
    return { format, sampleRate, mode, contentType: CONTENT_TYPES[format] };
  }

  speechOf(reply: TurnReply): ReplySpeechDocument | undefined {
    if (reply.speech !== undefined) return reply.speech;
    if (reply.text.trim() === '') return undefined;
    return { ssml: renderTemplate(TEXT_TEMPLATE, { text: reply.text }), voiceProfile: this.#default.name };
  }

  sentencesOf(reply: TurnReply, delivery: ReplyAudioDelivery): SpokenSentence[] {
    const speech = this.speechOf(reply);
    if (speech === undefined) return [];
    const profile = this.#profiles.get(speech.voiceProfile) ?? this.#default;
    const ssml = speech.ssml;
    const key = `${profile.name}\n${delivery.format}\n${delivery.sampleRate}\n${ssml}`;
    const known = this.#plans.get(key);
    if (known !== undefined) {
      this.#plans.delete(key);
      this.#plans.set(key, known);
      return [...known];
    }
    const sentences = this.#compile(ssml, profile, delivery);
    this.#plans.set(key, sentences);
    if (this.#plans.size > PLAN_CACHE_ENTRIES) this.#plans.delete(this.#plans.keys().next().value as string);
    return [...sentences];
  }

  #compile(ssml: string, profile: VoiceProfile, delivery: ReplyAudioDelivery): SpokenSentence[] {
    const sentences: SpokenSentence[] = [];
    for (const segment of compileSsml(ssml, profile).segments) {
      for (const piece of splitSentences(segment.ssml)) {
        const request: SynthesizeRequest = {
          text: piece.ssml,
          textType: 'ssml',
          voiceId: segment.voiceId,
          engine: segment.engine,
          outputFormat: delivery.format,
          sampleRate: String(delivery.sampleRate),
          ...(segment.lexiconNames.length === 0 ? {} : { lexiconNames: segment.lexiconNames }),
        };
        sentences.push({ index: sentences.length, text: wordsOf(piece.ssml), request });
      }
    }
    return sentences;
  }

  async marks(sentence: SpokenSentence, signal: AbortSignal): Promise<ReplySpeechMark[]> {
    // Generative voices have no speech marks (Polly refuses them): the sentence goes without.
    if (sentence.request.engine === 'generative') return [];
    const { sampleRate: _rate, ...request } = sentence.request;
    const result = await this.#deps.synthesizer.synthesize({ ...request, outputFormat: 'json', speechMarkTypes: [...MARK_TYPES] }, signal);
    const chunks: Uint8Array[] = [];
    for await (const chunk of result.audio) chunks.push(chunk);
    return parseMarks(Buffer.concat(chunks).toString('utf8'));
  }

  async audio(sentence: SpokenSentence, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    return (await this.#deps.synthesizer.synthesize(sentence.request, signal)).audio;
  }

  audioUrl(sentence: SpokenSentence): string {
    const audioKey = this.#deps.audioKey;
    if (audioKey === undefined) throw new Error('audioUrl needs the audio cache (audioKey)');
    return `/v1/audio/${audioKey(sentence.request)}.${FILE_EXTENSIONS[sentence.request.outputFormat as ReplyAudioFormat]}`;
  }

  async recordPlayback(record: TurnPlaybackRecord): Promise<void> {
    const { sessionId, turnId, ...playback } = record;
    await this.#deps.sessions.recordPlayback(sessionId, turnId, { ...playback, at: (this.#deps.clock ?? (() => new Date()))() });
  }
}

function wordsOf(ssml: string): string {
  const parsed = parseSsml(ssml);
  return parsed.ok ? textOf(parsed.root).replace(/\s+/g, ' ').trim() : '';
}

/** Polly's JSON-lines speech marks, without their byte offsets (they point into the SSML, not the caption). */
function parseMarks(text: string): ReplySpeechMark[] {
  const marks: ReplySpeechMark[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const mark = JSON.parse(line) as { time?: unknown; type?: unknown; value?: unknown };
    if (typeof mark.time === 'number' && typeof mark.type === 'string' && MARK_TYPE_SET.has(mark.type) && typeof mark.value === 'string') {
      marks.push({ time: mark.time, type: mark.type as ReplySpeechMark['type'], value: mark.value });
    }
  }
  return marks;
}
