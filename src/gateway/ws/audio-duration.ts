/**
 * How long encoded audio plays, counted as its chunks go out: pcm by size, mp3 by walking its
 * frame headers, Ogg by the granule position of its pages. A frame or page cut between two chunks
 * is counted when its last byte arrives. Used to pace sending and to tell how much was heard.
 */
import type { ReplyAudioFormat } from '../../fulfillment/port.js';
import { mp3FrameAt } from '../../speech/index.js';

export class AudioClock {
  /** Bytes of a frame or page not complete yet. */
  #tail: Buffer = Buffer.alloc(0);
  #samples = 0;

  constructor(
    private readonly format: ReplyAudioFormat,
    private readonly sampleRate: number,
  ) {}

  /** Milliseconds counted so far. */
  get ms(): number {
    return (this.#samples / this.sampleRate) * 1000;
  }

  /** Counts a chunk; returns the milliseconds it completed. */
  push(chunk: Uint8Array): number {
    const before = this.#samples;
    const bytes = this.#tail.byteLength === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([this.#tail, chunk]);
    const used = this.format === 'pcm' ? this.#pcm(bytes) : this.format === 'mp3' ? this.#mp3(bytes) : this.#ogg(bytes);
    // Copied: the tail must not pin (or alias) a chunk the socket still holds.
    this.#tail = Buffer.from(bytes.subarray(used));
    return ((this.#samples - before) / this.sampleRate) * 1000;
  }

  #pcm(bytes: Buffer): number {
    const whole = bytes.byteLength & ~1;
    this.#samples += whole >> 1;
    return whole;
  }

  #mp3(bytes: Buffer): number {
    let at = 0;
    while (at + 4 <= bytes.byteLength) {
      const frame = mp3FrameAt(bytes, at);
      if (frame === undefined) {
        at += 1; // not a header (a tag, or garbage): resynchronize
        continue;
      }
      if (at + frame.length > bytes.byteLength) return at;
      this.#samples += frame.samples;
      at += frame.length;
    }
    return at;
  }

  #ogg(bytes: Buffer): number {
    let at = bytes.indexOf('OggS');
    while (at >= 0 && at + 27 <= bytes.byteLength) {
      const segments = bytes[at + 26] ?? 0;
      if (at + 27 + segments > bytes.byteLength) return at;
      let length = 27 + segments;
      for (let i = 0; i < segments; i += 1) length += bytes[at + 27 + i] ?? 0;
      if (at + length > bytes.byteLength) return at;
      const granule = bytes.readBigInt64LE(at + 6);
      // The granule position is absolute: samples decoded up to the end of this page.
      if (granule > 0n && Number(granule) > this.#samples) this.#samples = Number(granule);
      at = bytes.indexOf('OggS', at + length);
    }
    return at < 0 ? bytes.byteLength : at;
  }
}

