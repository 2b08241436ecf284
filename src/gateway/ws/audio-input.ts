/**
 * Spoken turns arriving on one connection: `turn.audio.begin` (the format), binary frames of raw
 * PCM, `turn.audio.end`. Holds at most one utterance, bounded by bytes, duration and idle time
 * (an utterance whose frames stop and whose end never comes is closed, so its buffer is freed);
 * every misstep is a clear error and leaves the connection as usable as before.
 */
import type { RawData } from 'ws';
import { PCM_BYTES_PER_SECOND, PCM_INPUT_FORMAT } from '../../conversation/index.js';
import { ValidationError, type ParleyError } from '../../shared/errors.js';

export const AudioInputErrorCode = {
  FormatUnsupported: 'PARLEY_GATEWAY_AUDIO_FORMAT_UNSUPPORTED',
  AlreadyStarted: 'PARLEY_GATEWAY_AUDIO_ALREADY_STARTED',
  NotStarted: 'PARLEY_GATEWAY_AUDIO_NOT_STARTED',
  TooLong: 'PARLEY_GATEWAY_AUDIO_TOO_LONG',
  Empty: 'PARLEY_GATEWAY_AUDIO_EMPTY',
  Invalid: 'PARLEY_GATEWAY_AUDIO_INVALID',
  Idle: 'PARLEY_GATEWAY_AUDIO_IDLE',
} as const;

/** 10 ms of PCM_INPUT_FORMAT. */
const MIN_AVERAGE_FRAME_BYTES = 320;

export interface TurnAudioBegin {
  type: 'turn.audio.begin';
  id?: string;
  format: { encoding: string; sampleRateHz: number; channels: number };
}

export interface TurnAudioEnd {
  type: 'turn.audio.end';
  id?: string;
}

export interface AudioLimits {
  maxAudioMs: number;
  maxAudioBytes: number;
  /** An open utterance with no frame (nor end) for this long is closed; absent, never. */
  audioIdleMs?: number;
}

/** Told when an utterance was closed for idleness: the error to send, and the begin's id. */
export type IdleListener = (closed: { error: ParleyError; id: string | undefined }) => void;

/** A complete utterance, ready to recognize. */
export interface Utterance {
  /** The begin message's id: the reply's. */
  id: string | undefined;
  pcm: Uint8Array;
  durationMs: number;
}

export type EndResult = { ok: true; utterance: Utterance } | { ok: false; error: ParleyError | undefined; id: string | undefined };

type State =
  | { kind: 'idle' }
  | { kind: 'receiving'; id: string | undefined; chunks: Buffer[]; bytes: number }
  /** Over the cap: the rest of this utterance is dropped quietly (the error was sent once). */
  | { kind: 'overflowed'; id: string | undefined };

export class AudioInput {
  #state: State = { kind: 'idle' };
  readonly #maxBytes: number;
  /** Frames are not rate limited, so their number is bounded too: 10 ms of audio per frame on average. */
  readonly #maxFrames: number;
  /** Armed by begin, pushed back by each frame, cleared by end and discard. */
  #idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: AudioLimits,
    private readonly onIdle?: IdleListener,
  ) {
    // Whichever cap comes first; a duration is a byte count in this one format.
    this.#maxBytes = Math.min(limits.maxAudioBytes, Math.floor((limits.maxAudioMs * PCM_BYTES_PER_SECOND) / 1000));
    this.#maxFrames = Math.ceil(this.#maxBytes / MIN_AVERAGE_FRAME_BYTES);
  }

  /** True between a begin and its end: binary frames then belong to the utterance. */
  get receiving(): boolean {
    return this.#state.kind !== 'idle';
  }

  /** Starts an utterance; the error to answer with otherwise. */
  begin(message: TurnAudioBegin): ParleyError | undefined {
    if (this.#state.kind !== 'idle') {
      return error(AudioInputErrorCode.AlreadyStarted, 'A spoken turn is already open: send turn.audio.end first');
    }
    const { encoding, sampleRateHz, channels } = message.format;
    if (encoding !== PCM_INPUT_FORMAT.encoding || sampleRateHz !== PCM_INPUT_FORMAT.sampleRateHz || channels !== PCM_INPUT_FORMAT.channels) {
      return error(
        AudioInputErrorCode.FormatUnsupported,
        'Audio must be raw PCM, signed 16-bit little-endian, 16000 Hz, mono: {"encoding":"pcm_s16le","sampleRateHz":16000,"channels":1}',
        { supported: { ...PCM_INPUT_FORMAT } },
      );
    }
    this.#state = { kind: 'receiving', id: message.id, chunks: [], bytes: 0 };
    this.#armIdleTimer();
    return undefined;
  }

  /** One binary frame of the open utterance; an error (once) when it goes over the cap. */
  frame(data: RawData): { error: ParleyError; id: string | undefined } | undefined {
    const state = this.#state;
    // refresh() restarts the same timer: no allocation per frame.
    if (state.kind !== 'idle') this.#idleTimer?.refresh();
    if (state.kind !== 'receiving') return undefined;
    const chunk = toBuffer(data);
    if (state.chunks.length >= this.#maxFrames) {
      this.#state = { kind: 'overflowed', id: state.id };
      return { id: state.id, error: error(AudioInputErrorCode.TooLong, `A spoken turn is limited to ${this.#maxFrames} frames (send 20-100 ms of audio per frame); this one was dropped`, { maxFrames: this.#maxFrames }) };
    }
    if (state.bytes + chunk.byteLength > this.#maxBytes) {
      this.#state = { kind: 'overflowed', id: state.id };
      const seconds = (this.#maxBytes / PCM_BYTES_PER_SECOND).toFixed(1);
      return { id: state.id, error: error(AudioInputErrorCode.TooLong, `A spoken turn is limited to ${seconds} s (${this.#maxBytes} bytes); this one was dropped`, { maxAudioMs: this.limits.maxAudioMs, maxAudioBytes: this.#maxBytes }) };
    }
    // Kept as a list of frames and joined once at the end, never grown by copying.
    state.chunks.push(chunk);
    state.bytes += chunk.byteLength;
    return undefined;
  }

  /** Closes the utterance: its audio, or the error (undefined when already reported). */
  end(message: TurnAudioEnd): EndResult {
    const state = this.#state;
    this.#toIdle();
    if (state.kind === 'idle') return { ok: false, id: message.id, error: error(AudioInputErrorCode.NotStarted, 'No spoken turn is open: send turn.audio.begin first') };
    if (state.kind === 'overflowed') return { ok: false, id: state.id, error: undefined };
    if (state.bytes === 0) return { ok: false, id: state.id, error: error(AudioInputErrorCode.Empty, 'The spoken turn has no audio') };
    if (state.bytes % 2 !== 0) return { ok: false, id: state.id, error: error(AudioInputErrorCode.Invalid, 'The audio must be whole 16-bit samples (an even number of bytes)') };
    const pcm = Buffer.concat(state.chunks, state.bytes);
    return { ok: true, utterance: { id: state.id, pcm, durationMs: (state.bytes * 1000) / PCM_BYTES_PER_SECOND } };
  }

  /** Drops an open utterance (connection closing). */
  discard(): void {
    this.#toIdle();
  }

  #toIdle(): void {
    this.#state = { kind: 'idle' };
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }

  #armIdleTimer(): void {
    const idleMs = this.limits.audioIdleMs;
    if (idleMs === undefined) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => {
      const state = this.#state;
      this.#toIdle();
      if (state.kind === 'idle') return;
      const message = `No audio for ${idleMs} ms: the spoken turn was closed and its audio dropped; send turn.audio.begin to start again`;
      this.onIdle?.({ id: state.id, error: error(AudioInputErrorCode.Idle, message, { audioIdleMs: idleMs }) });
    }, idleMs);
    // An abandoned utterance must not keep the process alive.
    this.#idleTimer.unref();
  }
}

function error(code: string, message: string, details?: Record<string, unknown>): ParleyError {
  return new ValidationError(code, message, details === undefined ? {} : { details });
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
