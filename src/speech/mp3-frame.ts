/**
 * MPEG layer III frame headers: enough to count an mp3 stream's duration and find frame
 * boundaries without decoding (the streamer's clock and the cache's joins both need it).
 */

/** kbps by bitrate index: MPEG-1 layer III, then MPEG-2/2.5 layer III. */
const MPEG1_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Readonly<Record<number, readonly number[]>> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface Mp3Frame {
  /** Bytes of the whole frame, header included. */
  length: number;
  /** Samples per channel it decodes to. */
  samples: number;
  /** Sample rate in Hz. */
  rate: number;
}

/** The layer III frame whose header starts at `at`, or undefined when none does. */
export function mp3FrameAt(bytes: Uint8Array, at: number): Mp3Frame | undefined {
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0 || ((b1 >> 1) & 3) !== 1) return undefined; // sync, layer III
  const version = (b1 >> 3) & 3;
  const kbps = (version === 3 ? MPEG1_KBPS : MPEG2_KBPS)[b2 >> 4];
  const rate = RATES[version]?.[(b2 >> 2) & 3];
  if (kbps === undefined || kbps === 0 || rate === undefined) return undefined;
  const samples = version === 3 ? 1152 : 576;
  return { length: Math.floor(((samples / 8) * kbps * 1000) / rate) + ((b2 >> 1) & 1), samples, rate };
}
