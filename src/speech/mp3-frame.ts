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

/**
 * The loudest granule's global gain in the layer III frame whose header starts at `at`: the
 * quantizer step of its side information (a decoded sample scales as 2^((gain - 210) / 4)), or
 * -Infinity when no granule carries spectral data (digital silence). Enough to find a stream's
 * trailing quiet frames without decoding it. Undefined when no layer III header starts at `at`.
 */
export function mp3FrameGain(bytes: Uint8Array, at: number): number | undefined {
  if (mp3FrameAt(bytes, at) === undefined) return undefined;
  const b1 = bytes[at + 1] ?? 0;
  const mpeg1 = ((b1 >> 3) & 3) === 3;
  const channels = (bytes[at + 3] ?? 0) >> 6 === 3 ? 1 : 2;
  const reader = new BitReader(bytes, at + 4 + ((b1 & 1) === 0 ? 2 : 0)); // a CRC follows the header when the protection bit is 0
  // main_data_begin and private bits, then (MPEG-1) the scale factor selection per channel.
  reader.skip(mpeg1 ? 9 + (channels === 1 ? 5 : 3) + 4 * channels : 8 + channels);
  let loudest = -Infinity;
  for (let granule = 0; granule < (mpeg1 ? 2 : 1); granule++) {
    for (let channel = 0; channel < channels; channel++) {
      const part23Length = reader.read(12);
      reader.skip(9); // big_values
      const gain = reader.read(8);
      if (part23Length > 0 && gain > loudest) loudest = gain;
      // scalefac_compress, window switching flag + 22 bits of either branch, then the flags.
      reader.skip((mpeg1 ? 4 : 9) + 1 + 22 + (mpeg1 ? 3 : 2));
    }
  }
  return loudest;
}

/** Most significant bit first, past the end reads zeros. */
class BitReader {
  private bit: number;
  constructor(private readonly bytes: Uint8Array, byteOffset: number) {
    this.bit = byteOffset * 8;
  }

  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++, this.bit++) value = (value << 1) | (((this.bytes[this.bit >> 3] ?? 0) >> (7 - (this.bit & 7))) & 1);
    return value;
  }

  skip(count: number): void {
    this.bit += count;
  }
}
