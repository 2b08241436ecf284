/**
 * mp3 joins without decoding: a frame's loudness from its side information, and a fragment's
 * trailing quiet frames cut to a clause's pause at an inner join. Frames are built bit by bit here,
 * so the side-information layout is checked against the standard's, not against the reader itself.
 */
import { describe, expect, it } from 'vitest';
import { joinPart, playMs } from '../../../src/cache/index.js';
import { mp3FrameGain } from '../../../src/speech/index.js';

class BitWriter {
  readonly bytes: Uint8Array;
  private bit = 0;
  constructor(length: number) {
    this.bytes = new Uint8Array(length);
  }
  write(value: number, count: number): this {
    for (let i = count - 1; i >= 0; i--, this.bit++) if ((value >> i) & 1) this.bytes[this.bit >> 3] = (this.bytes[this.bit >> 3] ?? 0) | (0x80 >> (this.bit & 7));
    return this;
  }
}

interface Granule {
  part23: number;
  gain: number;
}

/** MPEG-2 layer III, 22,050 Hz, 32 kbps, mono, no CRC: 104 bytes, 576 samples. */
function mpeg2Mono({ part23, gain }: Granule): Uint8Array {
  const w = new BitWriter(104).write(0xfff3, 16).write(0x40, 8).write(0xc0, 8);
  w.write(0, 8).write(0, 1); // main_data_begin, private bit
  w.write(part23, 12).write(100, 9).write(gain, 8).write(0, 9).write(0, 1).write(0, 22).write(0, 2);
  return w.bytes;
}

/** MPEG-1 layer III, 44,100 Hz, 128 kbps, stereo, with a CRC: two granules of two channels. */
function mpeg1Stereo(granules: [Granule, Granule, Granule, Granule]): Uint8Array {
  const w = new BitWriter(417).write(0xfffa, 16).write(0x90, 8).write(0x00, 8).write(0xbeef, 16);
  w.write(0, 9).write(0, 3).write(0, 8); // main_data_begin, private bits, scfsi of two channels
  for (const { part23, gain } of granules) w.write(part23, 12).write(50, 9).write(gain, 8).write(0, 4).write(1, 1).write(0x3fffff, 22).write(0, 3);
  return w.bytes;
}

const loud = (): Uint8Array => mpeg2Mono({ part23: 900, gain: 175 });
const quiet = (): Uint8Array => mpeg2Mono({ part23: 900, gain: 128 });
const silent = (): Uint8Array => mpeg2Mono({ part23: 0, gain: 210 });
const stream = (...frames: Uint8Array[]): Uint8Array => Buffer.concat(frames);

describe('mp3FrameGain', () => {
  it("reads the loudest granule's global gain, ignoring granules without spectral data", () => {
    expect(mp3FrameGain(loud(), 0)).toBe(175);
    expect(mp3FrameGain(quiet(), 0)).toBe(128);
    expect(mp3FrameGain(silent(), 0)).toBe(-Infinity);
    const none = { part23: 0, gain: 250 };
    expect(mp3FrameGain(mpeg1Stereo([none, { part23: 40, gain: 90 }, none, { part23: 700, gain: 150 }]), 0)).toBe(150);
    expect(mp3FrameGain(mpeg1Stereo([none, none, none, none]), 0)).toBe(-Infinity);
  });

  it('answers undefined where no layer III header starts', () => {
    expect(mp3FrameGain(new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0]), 0)).toBeUndefined();
    expect(mp3FrameGain(stream(loud(), loud()), 3)).toBeUndefined();
    expect(mp3FrameGain(stream(loud(), quiet()), 104)).toBe(128);
  });
});

describe('joinPart for mp3', () => {
  const frameMs = (576 / 22050) * 1000;

  it("cuts an inner fragment's trailing quiet frames to about 200 ms, whole frames only", () => {
    const body = stream(...Array.from({ length: 5 }, loud), ...Array.from({ length: 6 }, quiet), ...Array.from({ length: 6 }, silent));
    const part = joinPart('mp3', 22050, body, 0, 2);
    // 5 loud frames, then 8 quiet ones: the fewest that reach 200 ms.
    expect(part.byteLength).toBe(13 * 104);
    expect(Buffer.from(part).equals(Buffer.from(body.subarray(0, 13 * 104)))).toBe(true);
    expect(playMs('mp3', 22050, part)).toBeCloseTo(13 * frameMs, 6);
    expect(Math.ceil(200 / frameMs)).toBe(8);
  });

  it('keeps the last fragment, a lone fragment and a short pause as they are', () => {
    const body = stream(loud(), loud(), ...Array.from({ length: 12 }, silent));
    expect(joinPart('mp3', 22050, body, 1, 2)).toBe(body);
    expect(joinPart('mp3', 22050, body, 0, 1)).toBe(body);
    const short = stream(loud(), quiet(), silent(), loud(), quiet(), silent());
    expect(joinPart('mp3', 22050, short, 0, 3).byteLength).toBe(short.byteLength);
  });

  it('never cuts inside loud audio, and keeps bytes that are no frame before the cut', () => {
    const tag = new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
    const body = stream(tag, loud(), quiet(), quiet(), loud(), ...Array.from({ length: 10 }, silent));
    const part = joinPart('mp3', 22050, body, 0, 2);
    expect(part.byteLength).toBe(tag.byteLength + 12 * 104);
    // Quiet is relative to the fragment's loudest frame: a level one is left whole, a silent one cut.
    const level = stream(...Array.from({ length: 20 }, quiet));
    expect(joinPart('mp3', 22050, level, 0, 2).byteLength).toBe(level.byteLength);
    expect(joinPart('mp3', 22050, stream(...Array.from({ length: 20 }, silent)), 0, 2).byteLength).toBe(8 * 104);
    // 26 gain steps (about 39 dB) under the loudest frame is quiet; 25 is not.
    const near = stream(loud(), ...Array.from({ length: 12 }, () => mpeg2Mono({ part23: 900, gain: 150 })));
    expect(joinPart('mp3', 22050, near, 0, 2).byteLength).toBe(near.byteLength);
    const under = stream(loud(), ...Array.from({ length: 12 }, () => mpeg2Mono({ part23: 900, gain: 149 })));
    expect(joinPart('mp3', 22050, under, 0, 2).byteLength).toBe(9 * 104);
  });
});
