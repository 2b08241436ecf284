/**
 * How long encoded audio plays, counted as its chunks go out: pcm by size, mp3 by walking its
 * frame headers, Ogg by the granule position of its pages. A frame or page cut between two chunks
 * is counted when its last byte arrives. Used to pace sending and to tell how much was heard.
 */
import type { ReplyAudioFormat } from '../../fulfillment/port.js';

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
      const frame = mp3Frame(bytes, at);
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

/** kbps by bitrate index: MPEG-1 layer III, then MPEG-2/2.5 layer III. */
const MPEG1_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Readonly<Record<number, readonly number[]>> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

function mp3Frame(bytes: Uint8Array, at: number): { length: number; samples: number } | undefined {
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0 || ((b1 >> 1) & 3) !== 1) return undefined; // sync, layer III
  const version = (b1 >> 3) & 3;
  const kbps = (version === 3 ? MPEG1_KBPS : MPEG2_KBPS)[b2 >> 4];
  const rate = RATES[version]?.[(b2 >> 2) & 3];
  if (kbps === undefined || kbps === 0 || rate === undefined) return undefined;
  const samples = version === 3 ? 1152 : 576;
  return { length: Math.floor(((samples / 8) * kbps * 1000) / rate) + ((b2 >> 1) & 1), samples };
}
