/**
 * Protocol v1 messages of spoken replies (docs/protocol.md, "Audio"); docs/protocol.schema.json
 * is the authority. In stream mode the audio itself travels as binary frames, each belonging to
 * the audio.segment message sent just before it.
 */
import type { ReplyAudioDelivery, ReplyAudioFormat, ReplyAudioMode, ReplySpeechMark, TurnPlaybackRecord } from '../../fulfillment/port.js';

/** session.hello `audio`. */
export interface AudioHello {
  enabled: boolean;
  format?: ReplyAudioFormat;
  sampleRate?: number;
  mode?: ReplyAudioMode;
}

/** session.ready `audio`: what the client will get. */
export type AudioReady = { enabled: false } | ({ enabled: true } & ReplyAudioDelivery);

export interface AudioBegin {
  type: 'audio.begin';
  turnId: string;
  format: ReplyAudioFormat;
  sampleRate: number;
  contentType: string;
  mode: ReplyAudioMode;
  /** Sentences that will follow, each as one audio.segment. */
  segments: number;
}

export interface AudioSegment {
  type: 'audio.segment';
  turnId: string;
  /** 0-based, in speaking order. */
  index: number;
  /** The sentence's words. */
  text: string;
  /** Times in ms from the start of this segment's audio. */
  marks: ReplySpeechMark[];
  /** URL mode only: where to fetch this segment's audio. */
  url?: string;
}

export interface AudioEnd {
  type: 'audio.end';
  /** The turn.interrupt's id, when that is what ended the stream. */
  id?: string;
  turnId: string;
  /** Segments sent, and the audio they hold in ms. */
  segments: number;
  audioMs: number;
  /** completed, or why the stream stopped early. */
  outcome: Exclude<TurnPlaybackRecord['outcome'], 'disconnected' | 'failed'>;
}

/** The stream stopped on a failure; the text reply stands. Nothing of this turn follows. */
export interface AudioError {
  type: 'audio.error';
  turnId: string;
  code: string;
  message: string;
  retryable: boolean;
  /** Segments sent before the failure. */
  segments: number;
}

export type AudioMessage = AudioBegin | AudioSegment | AudioEnd | AudioError;
