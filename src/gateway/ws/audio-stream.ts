/**
 * Spoken replies on one connection: after a turn.reply, its sentences are synthesized a few ahead
 * of the one being sent and go out in order as audio.begin, then per sentence an audio.segment
 * (its marks) followed by binary frames of its audio (or a URL), then audio.end. Sending pauses
 * while the socket's buffer is over the high-water mark. A new turn, turn.interrupt or a closed
 * socket stops the stream at once (every pending synthesis is aborted and awaited), and how much
 * the client heard is stored with the turn.
 */
import { setMaxListeners } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { WebSocket } from 'ws';
import type { ReplyAudioDelivery, ReplyVoice, SpokenSentence, TurnPlaybackRecord, TurnReply } from '../../fulfillment/port.js';
import { AudioClock } from './audio-duration.js';
import { toErrorReply } from './error-reply.js';
import type { ServerMessage } from './messages.js';

/**
 * Abort listeners one stream's signal may hold at once: each sentence ahead has its marks and each
 * phrase's audio in flight, every one listening through the cache's layers (far more than Node's
 * default warning at 10, yet bounded: a leak would still be reported).
 */
const STREAM_SIGNAL_LISTENERS = 256;
/** Largest binary frame: 256 ms of 16 kHz pcm, so real-time pacing never runs far past its lead. */
const MAX_FRAME_BYTES = 8192;

export interface AudioStreamOptions {
  /** Sentences synthesized ahead of the one being sent (at least 1). */
  lookahead: number;
  /** Pause sending while the socket buffers more than this many bytes. */
  highWaterBytes: number;
  /** Audio is sent at most this far ahead of real time, so a barge-in saves what was not played. */
  leadMs: number;
  /** Monotonic ms. */
  now: () => number;
  /** Told the ms from the reply being sent to its first audio byte (or first URL) going out. */
  onFirstAudio?: (ms: number) => void;
}

export interface AudioStreamDeps {
  socket: WebSocket;
  send: (message: ServerMessage) => void;
  voice: ReplyVoice;
  delivery: ReplyAudioDelivery;
  sessionId: string;
  options: AudioStreamOptions;
  log: FastifyBaseLogger;
}

type StopOutcome = 'interrupted' | 'superseded' | 'disconnected';

/** At most one reply speaks at a time; a new one, an interrupt or a close retires the last. */
export class ReplyAudio {
  readonly #deps: AudioStreamDeps;
  #current: ReplyStream | undefined;
  /** Every retirement in flight (stop, await, record), so close() and tests can wait for all. */
  readonly #retiring = new Set<Promise<void>>();

  constructor(deps: AudioStreamDeps) {
    this.#deps = deps;
  }

  /** Speaks `reply`, retiring the previous reply's audio first. */
  speak(reply: TurnReply): void {
    this.stop('superseded');
    this.#current = new ReplyStream(this.#deps, reply);
  }

  /** Stops the playing reply (if any): `heardMs` is the client's own count when it sent one. */
  stop(outcome: StopOutcome, heardMs?: number, id?: string): void {
    const stream = this.#current;
    if (stream === undefined) return;
    this.#current = undefined;
    const retiring = this.#retire(stream, outcome, heardMs, id);
    this.#retiring.add(retiring);
    void retiring.finally(() => this.#retiring.delete(retiring));
  }

  /** Resolves when no stream is sending and every playback record is written. */
  async settled(): Promise<void> {
    while (this.#retiring.size > 0 || this.#current?.running === true) {
      await Promise.all([...this.#retiring, this.#current?.done]);
    }
  }

  async #retire(stream: ReplyStream, outcome: StopOutcome, heardMs: number | undefined, id: string | undefined): Promise<void> {
    stream.stop(outcome, id);
    await stream.done;
    const record = stream.playback(outcome, heardMs);
    if (record.segments === 0 && record.outcome !== 'failed') return; // a reply with nothing to say
    try {
      await this.#deps.voice.recordPlayback({ sessionId: this.#deps.sessionId, ...record });
    } catch (error) {
      this.#deps.log.warn({ err: error, turnId: record.turnId }, 'could not record reply playback');
    }
  }
}

/** One sentence being made: its marks, and its audio buffered as it arrives. */
interface SentenceJob {
  sentence: SpokenSentence;
  marks: Promise<Awaited<ReturnType<ReplyVoice['marks']>>>;
  audio: ChunkQueue;
}

class ReplyStream {
  readonly done: Promise<void>;
  running = true;
  readonly #deps: AudioStreamDeps;
  readonly #reply: TurnReply;
  readonly #abort = new AbortController();
  readonly #jobs: SentenceJob[] = [];
  #segments = 0;
  #segmentsSent = 0;
  /** Duration of each segment sent in full, in order. */
  readonly #durations: number[] = [];
  /** Audio of the segment being sent. */
  #clock: AudioClock | undefined;
  #firstByteAt: number | undefined;
  #lastWrite: Promise<void> = Promise.resolve();
  #failed = false;
  #finished = false;
  readonly #createdAt: number;

  constructor(deps: AudioStreamDeps, reply: TurnReply) {
    this.#deps = deps;
    this.#reply = reply;
    this.#createdAt = deps.options.now();
    setMaxListeners(STREAM_SIGNAL_LISTENERS, this.#abort.signal);
    // Done when sending stopped; syntheses still running are aborted then and settle on their own
    // (a queued origin call may take a while to notice), so neither a record nor a close waits on them.
    this.done = this.#run()
      .catch((error: unknown) => this.#fail(error))
      .finally(() => {
        this.running = false;
        this.#abort.abort();
      });
  }

  /** Stops sending now; announces it with audio.end unless the stream already ended. */
  stop(outcome: StopOutcome, id: string | undefined): void {
    if (!this.running || this.#abort.signal.aborted) return;
    this.#abort.abort();
    if (this.#finished || this.#segments === 0) return;
    this.#finished = true;
    if (outcome === 'disconnected') return;
    this.#deps.send({ type: 'audio.end', ...(id === undefined ? {} : { id }), turnId: this.#reply.turnId, segments: this.#segmentsSent, audioMs: round(this.#audioMs()), outcome });
  }

  /** What the client heard by now: its own report (bounded by what was sent), else the clock. */
  playback(outcome: StopOutcome, reportedMs: number | undefined): Omit<TurnPlaybackRecord, 'sessionId'> {
    const audioMs = this.#audioMs();
    const elapsed = this.#firstByteAt === undefined ? 0 : this.#deps.options.now() - this.#firstByteAt;
    const heardMs = Math.max(0, Math.min(audioMs, reportedMs ?? elapsed));
    let start = 0;
    let segmentsHeard = 0;
    // Segments whose audio began playing: those sent in full, and the one cut short.
    const partialMs = this.#clock?.ms ?? 0;
    for (const duration of partialMs > 0 ? [...this.#durations, partialMs] : this.#durations) {
      if (heardMs <= start) break;
      segmentsHeard += 1;
      start += duration;
    }
    const complete = !this.#failed && this.#segmentsSent === this.#segments && heardMs >= audioMs;
    const characters = this.#deps.voice.charactersSpoken?.(this.#abort.signal);
    const decision = this.#reply.decision;
    return {
      turnId: this.#reply.turnId,
      segments: this.#segments,
      segmentsSent: this.#segmentsSent,
      segmentsHeard,
      audioMs: round(audioMs),
      heardMs: round(heardMs),
      outcome: this.#failed ? 'failed' : complete ? 'completed' : outcome,
      ...(characters === undefined ? {} : { characters }),
      ...(decision === undefined ? {} : { decision: { intent: this.#reply.intent.name, variant: decision.variant } }),
    };
  }

  async #run(): Promise<void> {
    const { voice, delivery, options } = this.#deps;
    const sentences = voice.sentencesOf(this.#reply, delivery);
    if (sentences.length === 0) return;
    this.#segments = sentences.length;
    const signal = this.#abort.signal;
    this.#deps.send({ type: 'audio.begin', turnId: this.#reply.turnId, format: delivery.format, sampleRate: delivery.sampleRate, contentType: delivery.contentType, mode: delivery.mode, segments: sentences.length });
    for (const sentence of sentences) {
      for (let next = this.#jobs.length; next < Math.min(sentences.length, sentence.index + options.lookahead); next += 1) {
        this.#jobs.push(this.#startJob(sentences[next] as SpokenSentence));
      }
      const job = this.#jobs[sentence.index] as SentenceJob;
      const marks = await abortable(job.marks, signal);
      if (delivery.mode === 'url') await this.#sendUrl(job, marks, signal);
      else await this.#sendStream(job, marks, signal);
      if (signal.aborted) return;
    }
    if (signal.aborted) return;
    this.#finished = true;
    this.#deps.send({ type: 'audio.end', turnId: this.#reply.turnId, segments: this.#segmentsSent, audioMs: round(this.#audioMs()), outcome: 'completed' });
  }

  #startJob(sentence: SpokenSentence): SentenceJob {
    const signal = this.#abort.signal;
    const marks = this.#deps.voice.marks(sentence, signal);
    marks.catch(() => undefined); // awaited in order later; a failure ahead of its turn is not unhandled
    const audio = new ChunkQueue();
    audio.fill(this.#deps.voice.audio(sentence, signal));
    return { sentence, marks, audio };
  }

  async #sendStream(job: SentenceJob, marks: Awaited<SentenceJob['marks']>, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    this.#deps.send({ type: 'audio.segment', turnId: this.#reply.turnId, index: job.sentence.index, text: job.sentence.text, marks });
    const clock = this.#newClock();
    for await (const whole of job.audio.read(signal)) {
      // A cached sentence arrives as one buffer of seconds of audio; pacing works per frame sent,
      // so it is sent in slices (the client joins them: odd pcm bytes and partial mp3 frames carry over).
      for (let at = 0; at < whole.byteLength; at += MAX_FRAME_BYTES) {
        const chunk = whole.subarray(at, at + MAX_FRAME_BYTES);
        if (signal.aborted) return;
        await this.#whenBelowHighWater(signal);
        await this.#pace(signal);
        if (signal.aborted || this.#deps.socket.readyState !== WebSocket.OPEN) return;
        this.#lastWrite = new Promise<void>((resolve) => this.#deps.socket.send(chunk, { binary: true }, () => resolve()));
        this.#firstAudioSent();
        clock.push(chunk);
      }
    }
    if (signal.aborted) return;
    this.#completeSegment();
  }

  async #sendUrl(job: SentenceJob, marks: Awaited<SentenceJob['marks']>, signal: AbortSignal): Promise<void> {
    const voice = this.#deps.voice;
    if (voice.audioUrl === undefined) throw new Error('URL mode was granted by a voice without audioUrl');
    // A sentence holding personal data has no URL (its audio is private): it goes inline, as in stream mode.
    const url = voice.audioUrl(job.sentence);
    if (url === undefined) return this.#sendStream(job, marks, signal);
    // The whole sentence goes into the cache before its URL is given out.
    const clock = this.#newClock();
    for await (const chunk of job.audio.read(signal)) clock.push(chunk);
    if (signal.aborted) return;
    this.#deps.send({ type: 'audio.segment', turnId: this.#reply.turnId, index: job.sentence.index, text: job.sentence.text, marks, url });
    this.#firstAudioSent();
    this.#completeSegment();
  }

  #firstAudioSent(): void {
    if (this.#firstByteAt !== undefined) return;
    this.#firstByteAt = this.#deps.options.now();
    this.#deps.options.onFirstAudio?.(this.#firstByteAt - this.#createdAt);
  }

  #newClock(): AudioClock {
    this.#clock = new AudioClock(this.#deps.delivery.format, this.#deps.delivery.sampleRate);
    return this.#clock;
  }

  #completeSegment(): void {
    this.#durations.push(this.#clock?.ms ?? 0);
    this.#clock = undefined;
    this.#segmentsSent += 1;
  }

  #audioMs(): number {
    return sum(this.#durations) + (this.#clock?.ms ?? 0);
  }

  /** Real-time pacing: waits while the audio sent runs more than leadMs ahead of the client's clock. */
  async #pace(signal: AbortSignal): Promise<void> {
    if (this.#firstByteAt === undefined) return;
    const ahead = this.#audioMs() - (this.#deps.options.now() - this.#firstByteAt) - this.#deps.options.leadMs;
    if (ahead > 0) await sleep(ahead, signal);
  }

  /** Backpressure: waits for the socket to write out what it holds, or for the abort. */
  async #whenBelowHighWater(signal: AbortSignal): Promise<void> {
    const socket = this.#deps.socket;
    if (socket.bufferedAmount <= this.#deps.options.highWaterBytes) return;
    // The last frame's send callback runs once it (and all before it) left for the network.
    await abortable(this.#lastWrite, signal).catch(() => undefined);
  }

  #fail(error: unknown): void {
    if (this.#abort.signal.aborted) return; // stopped on purpose: the abort surfaced as an error
    this.#failed = true;
    this.#finished = true;
    const reply = toErrorReply(error, undefined);
    if (reply.internal) this.#deps.log.error({ err: error, turnId: this.#reply.turnId }, 'reply audio failed');
    else this.#deps.log.warn({ code: reply.message.code, turnId: this.#reply.turnId }, 'reply audio failed');
    const { code, message, retryable } = reply.message;
    this.#deps.send({ type: 'audio.error', turnId: this.#reply.turnId, code, message, retryable, segments: this.#segmentsSent });
  }
}

/**
 * One sentence's audio, pulled from the synthesizer as fast as it comes (so later sentences are
 * ready in time) and read once, in order. Bounded by the sentence: lookahead bounds how many fill.
 */
class ChunkQueue {
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;

  /** Pulls `source` to its end (or its failure, an abort included); never rejects. */
  fill(source: Promise<AsyncIterable<Uint8Array>>): void {
    void (async () => {
      try {
        for await (const chunk of await source) {
          this.#chunks.push(chunk);
          this.#notify();
        }
      } catch (error) {
        this.#error = error ?? new Error('synthesis failed');
      } finally {
        this.#ended = true;
        this.#notify();
      }
    })();
  }

  async *read(signal: AbortSignal): AsyncGenerator<Uint8Array> {
    for (;;) {
      const chunk = this.#chunks.shift();
      if (chunk !== undefined) {
        yield chunk;
        continue;
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended || signal.aborted) return;
      await abortable(new Promise<void>((resolve) => (this.#wake = resolve)), signal).catch(() => undefined);
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/** `promise`, or a rejection as soon as `signal` aborts; no listener outlives the race. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Resolves after `ms`, or at once when `signal` aborts (the timer is cleared: nothing lingers). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function round(ms: number): number {
  return Math.round(ms);
}
