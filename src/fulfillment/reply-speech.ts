/**
 * Speaks turn replies: the reply's brand-voice SSML (or its text, rendered into SSML with every
 * character escaped), compiled for its voice profile and cut into sentences, each synthesized on
 * its own (marks, then audio) so the gateway can send sentence 1 while later ones are made.
 *
 * A sentence is further cut into phrases at clause punctuation (splitPhrases), each cached on its
 * own and joined back (pcm trimmed and faded at joins, mp3 frames as they are; marks shifted by
 * the audio before them), so the carrier phrases of a reply are shared by every reply that says
 * them. For a scripted reply, the template tells which phrases hold values its script declares
 * personal: those are synthesized `cachePolicy: 'private'` (process memory only, never by URL).
 *
 * Through the audio cache, each stream counts the billed characters of its audio made by the
 * engine and served from the cache; a bandit-chosen reply's counts teach the cache odds of its
 * variant when its playback is recorded.
 */
import { isJoinable, joinPart, playMs, type CachePolicy, type CachedSynthesizer, type CachedSynthesizeRequest, type JoinableFormat } from '../cache/index.js';
import { ValidationError } from '../shared/errors.js';
import type { SessionRepository } from '../store/port.js';
import {
  CONTENT_TYPES,
  SAMPLE_RATES,
  compileSsml,
  defaultSampleRate,
  parseSsml,
  personalVariables,
  renderTemplate,
  splitPhrases,
  splitSentences,
  templateValueSpans,
  textOf,
  type BrandScript,
  type SpeechSynthesizer,
  type SynthesisResult,
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
import type { SpeechCacheOdds, SpokenCharacters } from './speech-cache-odds.js';

export const AUDIO_UNSUPPORTED = 'PARLEY_GATEWAY_AUDIO_UNSUPPORTED';

/** The plain reply text as SSML: the text is a template value, so it is always escaped. */
const TEXT_TEMPLATE = '<speak>{{text}}</speak>';
const MARK_TYPES = ['sentence', 'word'] as const;
const MARK_TYPE_SET = new Set<string>(['sentence', 'word', 'ssml', 'viseme']);
const FILE_EXTENSIONS: Readonly<Record<ReplyAudioFormat, string>> = { mp3: 'mp3', ogg_vorbis: 'ogg', pcm: 'pcm' };
/** Replies recur (greetings, store hours, prompts): their compiled sentences are kept, this many at most. */
const PLAN_CACHE_ENTRIES = 1000;
/** Stands in for personal values when telling which phrases hold them (letters only: it is never cut). */
const PERSONAL_MARKER = 'zqxpersonalvalue';
/** #maskPersonal's answer for a reply that may hold personal values it cannot place: all of it is private. */
const ALL_PRIVATE = Symbol('all private');

export interface ReplySpeechDeps {
  /** With `synthesizeWithKey` (the audio cache), streams count the characters the cache served. */
  synthesizer: SpeechSynthesizer & Partial<Pick<CachedSynthesizer, 'synthesizeWithKey'>>;
  profiles: readonly VoiceProfile[];
  /** Profile name for replies without SSML of their own (config.replyAudio.voiceProfile). */
  defaultProfile: string;
  sessions: Pick<SessionRepository, 'recordPlayback'>;
  /**
   * The cache key of a request (the audio cache's audioKey). Given, clients may ask for URL mode:
   * each sentence is synthesized into the cache and sent as `/v1/audio/<key>.<ext>`.
   */
  audioKey?: (request: SynthesizeRequest) => string;
  /** The brand scripts: a scripted reply's template tells its personal values (none: every phrase shared). */
  scripts?: readonly BrandScript[];
  /** Cut sentences into phrases cached on their own (default true). */
  phrases?: boolean;
  /** Learns, from each bandit-chosen reply spoken, how likely its variant's audio is cached. */
  cacheOdds?: Pick<SpeechCacheOdds, 'observe'>;
  clock?: () => Date;
}

/** One cached unit of a sentence: a phrase (or the whole sentence) and where its audio may be kept. */
type Fragment = CachedSynthesizeRequest & { cachePolicy: CachePolicy };

export class ReplySpeech implements ReplyVoice {
  readonly #deps: ReplySpeechDeps;
  readonly #profiles: ReadonlyMap<string, VoiceProfile>;
  readonly #default: VoiceProfile;
  /** Compiled sentences by profile, format, rate and SSML; least recently used first. */
  readonly #plans = new Map<string, readonly SpokenSentence[]>();
  /** Each planned sentence's fragments, in order (kept as long as the sentence is). */
  readonly #fragments = new WeakMap<SpokenSentence, readonly Fragment[]>();
  readonly #scripts: ReadonlyMap<string, BrandScript>;
  /** Playback records being written, so shutdown can wait for them. */
  readonly #writing = new Map<Promise<void>, TurnPlaybackRecord>();
  /** Fragment bodies of the sentences a stream (keyed by its abort signal) is speaking. */
  readonly #bodiesByStream = new WeakMap<AbortSignal, WeakMap<SpokenSentence, ReadonlyArray<Promise<Uint8Array>>>>();
  /** Billed characters of the audio each stream (keyed by its abort signal) was given, by where it came from. */
  readonly #charactersByStream = new WeakMap<AbortSignal, SpokenCharacters>();

  /** Throws when the default profile is not among the profiles: a deployment error, found at start. */
  constructor(deps: ReplySpeechDeps) {
    this.#deps = deps;
    this.#profiles = new Map(deps.profiles.map((profile) => [profile.name, profile]));
    const fallback = this.#profiles.get(deps.defaultProfile);
    if (fallback === undefined) {
      throw new Error(`voice profile "${deps.defaultProfile}" not found (have: ${[...this.#profiles.keys()].join(', ')})`);
    }
    this.#default = fallback;
    this.#scripts = new Map((deps.scripts ?? []).map((script) => [script.intent, script]));
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
    const key = `${profile.name}\n${delivery.format}\n${delivery.sampleRate}\n${delivery.mode}\n${reply.intent?.name ?? ''}\n${ssml}`;
    const known = this.#plans.get(key);
    if (known !== undefined) {
      this.#plans.delete(key);
      this.#plans.set(key, known);
      return [...known];
    }
    const sentences = this.#compile(ssml, this.#maskPersonal(reply, ssml), profile, delivery);
    this.#plans.set(key, sentences);
    if (this.#plans.size > PLAN_CACHE_ENTRIES) this.#plans.delete(this.#plans.keys().next().value as string);
    return [...sentences];
  }

  /** The fragments a sentence is spoken from (one: the sentence itself), with their cache policy. */
  fragmentsOf(sentence: SpokenSentence): readonly Fragment[] {
    return this.#fragments.get(sentence) ?? [{ ...sentence.request, cachePolicy: 'shared' }];
  }

  /**
   * The reply's SSML with the values of its script's personal variables replaced by a marker, when
   * the SSML is a rendering of one of the script's templates (the chosen variant first). Undefined
   * when nothing in it is known to be personal. ALL_PRIVATE for a reply of an intent whose script
   * declares personal values but that none of its templates renders: text a handler wrote itself
   * ("I couldn't find order PX-1 on your account.") may hold them anywhere.
   */
  #maskPersonal(reply: TurnReply, ssml: string): string | typeof ALL_PRIVATE | undefined {
    const script = this.#scripts.get(reply.intent?.name ?? '');
    const unplaced = script !== undefined && personalVariables(script).length > 0 ? ALL_PRIVATE : undefined;
    if (reply.speech === undefined) return unplaced;
    const candidates = script === undefined ? [...this.#scripts.values()] : [script];
    for (const candidate of candidates) {
      const personal = new Set(personalVariables(candidate));
      const variants = [...candidate.variants].sort((a, b) => Number(b.id === reply.decision?.variant) - Number(a.id === reply.decision?.variant));
      for (const variant of variants) {
        const spans = templateValueSpans(variant.template, ssml);
        if (spans === undefined) continue;
        let masked = '';
        let at = 0;
        for (const span of spans.filter((s) => personal.has(s.name))) {
          masked += `${ssml.slice(at, span.start)}${PERSONAL_MARKER}`;
          at = span.end;
        }
        return at === 0 ? undefined : masked + ssml.slice(at);
      }
    }
    return unplaced;
  }

  #compile(ssml: string, masked: string | typeof ALL_PRIVATE | undefined, profile: VoiceProfile, delivery: ReplyAudioDelivery): SpokenSentence[] {
    const pieces = sentencePieces(ssml, profile);
    const allPrivate = masked === ALL_PRIVATE;
    const maskedPieces = typeof masked === 'string' ? sentencePieces(masked, profile) : undefined;
    // Compiled apart, the two could in principle cut differently: then every sentence is private.
    const aligned = maskedPieces === undefined || maskedPieces.length === pieces.length;
    const cut = this.#deps.phrases !== false && delivery.mode === 'stream' && isJoinable(delivery.format);
    const sentences: SpokenSentence[] = [];
    pieces.forEach(({ segment, ssml: text }, index) => {
      const request: SynthesizeRequest = {
        text,
        textType: 'ssml',
        voiceId: segment.voiceId,
        engine: segment.engine,
        outputFormat: delivery.format,
        sampleRate: String(delivery.sampleRate),
        ...(segment.lexiconNames.length === 0 ? {} : { lexiconNames: segment.lexiconNames }),
      };
      const sentence: SpokenSentence = { index, text: wordsOf(text), request };
      const maskedText = maskedPieces?.[index]?.ssml;
      const personal = (phrase: string | undefined): boolean => allPrivate || !aligned || (phrase?.includes(PERSONAL_MARKER) ?? false);
      const phrases = cut ? splitPhrases(text) : [{ ssml: text }];
      const maskedPhrases = maskedText === undefined ? undefined : cut ? splitPhrases(maskedText) : [{ ssml: maskedText }];
      if (maskedPhrases !== undefined && maskedPhrases.length !== phrases.length) {
        // The marker changed where the sentence is cut: the sentence is spoken whole, private.
        this.#fragments.set(sentence, [{ ...request, cachePolicy: 'private' }]);
      } else {
        this.#fragments.set(sentence, phrases.map((phrase, at) => ({ ...request, text: phrase.ssml, cachePolicy: personal(maskedPhrases?.[at]?.ssml) ? 'private' : 'shared' })));
      }
      sentences.push(sentence);
    });
    return sentences;
  }

  async marks(sentence: SpokenSentence, signal: AbortSignal): Promise<ReplySpeechMark[]> {
    // Generative voices have no speech marks (Polly refuses them): the sentence goes without.
    if (sentence.request.engine === 'generative') return [];
    const fragments = this.fragmentsOf(sentence);
    const marksOf = async (fragment: Fragment): Promise<ReplySpeechMark[]> => {
      const { sampleRate: _rate, ...request } = fragment;
      const result = await this.#deps.synthesizer.synthesize({ ...request, outputFormat: 'json', speechMarkTypes: [...MARK_TYPES] } as CachedSynthesizeRequest, signal);
      return parseMarks(Buffer.from(await readAll(result.audio)).toString('utf8'));
    };
    if (fragments.length === 1) return marksOf(fragments[0] as Fragment);
    // Each fragment's marks start at 0: shift them by the audio that plays before (as joined).
    const format = sentence.request.outputFormat as JoinableFormat;
    const rate = Number(sentence.request.sampleRate);
    const bodies = this.#bodies(sentence, signal);
    const parts = await Promise.all(fragments.map(async (fragment, index) => {
      const [marks, body] = await Promise.all([marksOf(fragment), bodies[index] as Promise<Uint8Array>]);
      return { marks, ms: playMs(format, rate, joinPart(format, rate, body, index, fragments.length)) };
    }));
    return joinMarks(parts);
  }

  async audio(sentence: SpokenSentence, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const fragments = this.fragmentsOf(sentence);
    if (fragments.length === 1) return (await this.#synthesize(fragments[0] as Fragment, signal)).audio;
    const bodies = this.#bodies(sentence, signal);
    await bodies[0];
    return joined(bodies, sentence.request.outputFormat as JoinableFormat, Number(sentence.request.sampleRate));
  }

  /**
   * A fragmented sentence's fragment bodies, started together (cache hits answer at once; misses
   * go to the origin in parallel, within its guard). One set per stream (its signal): marks (for
   * the durations) and audio read the same bodies, so each fragment is looked up once.
   */
  #bodies(sentence: SpokenSentence, signal: AbortSignal): ReadonlyArray<Promise<Uint8Array>> {
    let byStream = this.#bodiesByStream.get(signal);
    if (byStream === undefined) this.#bodiesByStream.set(signal, (byStream = new WeakMap()));
    let bodies = byStream.get(sentence);
    if (bodies === undefined) {
      bodies = this.fragmentsOf(sentence).map(async (fragment) => readAll((await this.#synthesize(fragment, signal)).audio));
      for (const body of bodies) body.catch(() => undefined); // awaited in order later
      byStream.set(sentence, bodies);
    }
    return bodies;
  }

  /** Audio of one fragment, its billed characters counted for the stream when the cache tells their source. */
  async #synthesize(fragment: Fragment, signal: AbortSignal): Promise<SynthesisResult> {
    const { synthesizer } = this.#deps;
    if (synthesizer.synthesizeWithKey === undefined) return synthesizer.synthesize(fragment, signal);
    const { source, result } = await synthesizer.synthesizeWithKey(fragment, signal);
    let counts = this.#charactersByStream.get(signal);
    if (counts === undefined) this.#charactersByStream.set(signal, (counts = { synthesized: 0, cached: 0 }));
    if (source === 'origin') counts.synthesized += result.requestCharacters;
    else counts.cached += result.requestCharacters;
    return result;
  }

  /** What the stream's audio so far billed and what the cache served, in characters (none without the cache). */
  charactersSpoken(signal: AbortSignal): SpokenCharacters | undefined {
    const counts = this.#charactersByStream.get(signal);
    return counts === undefined ? undefined : { ...counts };
  }

  /** Undefined for a sentence holding personal values: its audio is private, never given a URL. */
  audioUrl(sentence: SpokenSentence): string | undefined {
    const audioKey = this.#deps.audioKey;
    if (audioKey === undefined) throw new Error('audioUrl needs the audio cache (audioKey)');
    if (this.fragmentsOf(sentence).some((fragment) => fragment.cachePolicy === 'private')) return undefined;
    return `/v1/audio/${audioKey(sentence.request)}.${FILE_EXTENSIONS[sentence.request.outputFormat as ReplyAudioFormat]}`;
  }

  async recordPlayback(record: TurnPlaybackRecord): Promise<void> {
    const { sessionId, turnId, decision, ...playback } = record;
    if (decision !== undefined && playback.characters !== undefined) this.#deps.cacheOdds?.observe(decision.intent, decision.variant, playback.characters);
    const write = this.#deps.sessions.recordPlayback(sessionId, turnId, { ...playback, at: (this.#deps.clock ?? (() => new Date()))() });
    this.#writing.set(write, record);
    try {
      await write;
    } finally {
      this.#writing.delete(write);
    }
  }

  /**
   * For shutdown, before the store closes: waits at most `maxMs` for the playback records being
   * written (and those that streams stopped by the shutdown start writing meanwhile); resolves
   * with the records still unwritten at the bound, for the caller to log.
   */
  async drainPlayback(maxMs: number): Promise<TurnPlaybackRecord[]> {
    const deadline = Date.now() + maxMs;
    // Streams just stopped write their record once their sending loop ends: a turn of the loop later.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#writing.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, left)));
      await Promise.race([Promise.allSettled([...this.#writing.keys()]), timeout]);
      clearTimeout(timer);
    }
    return [...this.#writing.values()];
  }
}

/** A document compiled for the profile and cut into sentences, in order, each with its segment. */
function sentencePieces(ssml: string, profile: VoiceProfile): Array<{ segment: ReturnType<typeof compileSsml>['segments'][number]; ssml: string }> {
  return compileSsml(ssml, profile).segments.flatMap((segment) => splitSentences(segment.ssml).map((piece) => ({ segment, ssml: piece.ssml })));
}

async function readAll(audio: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of audio) chunks.push(chunk);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** Fragments' audio in order, pcm trimmed and faded at the joins (mp3 frames as they are). */
async function* joined(bodies: ReadonlyArray<Promise<Uint8Array>>, format: JoinableFormat, rate: number): AsyncGenerator<Uint8Array> {
  for (const [index, body] of bodies.entries()) yield joinPart(format, rate, await body, index, bodies.length);
}

/** One sentence's marks from its fragments': times shifted, one sentence mark spanning them all. */
function joinMarks(parts: ReadonlyArray<{ marks: ReplySpeechMark[]; ms: number }>): ReplySpeechMark[] {
  const out: ReplySpeechMark[] = [];
  const sentences: string[] = [];
  let offset = 0;
  let sentenceAt: number | undefined;
  for (const { marks, ms } of parts) {
    for (const mark of marks) {
      if (mark.type === 'sentence') {
        sentences.push(mark.value);
        sentenceAt ??= out.length;
        continue;
      }
      out.push({ ...mark, time: Math.round(mark.time + offset) });
    }
    offset += ms;
  }
  if (sentenceAt !== undefined) out.splice(sentenceAt, 0, { time: 0, type: 'sentence', value: sentences.join(' ') });
  return out;
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
