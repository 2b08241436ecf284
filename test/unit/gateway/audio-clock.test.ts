/**
 * AudioClock counts the playing time of audio as its chunks go out, whatever the cuts between
 * chunks: pcm by size, mp3 by frame headers, Ogg by page granule positions.
 */
import { describe, expect, it } from 'vitest';
import { AudioClock } from '../../../src/gateway/ws/audio-duration.js';

/** An MPEG-2 layer III frame at 24 kHz, 32 kbps (576 samples, 96 bytes), payload `fill`. */
function mp3Frame(fill: number): Buffer {
  const frame = Buffer.alloc(96, fill);
  frame[0] = 0xff;
  frame[1] = 0xf3; // sync, MPEG-2, layer III, no CRC
  frame[2] = 0x44; // bitrate index 4 (32 kbps), rate index 1 (24000), no padding
  frame[3] = 0xc4;
  return frame;
}

/** An Ogg page with one 10-byte segment and the given granule position. */
function oggPage(granule: number): Buffer {
  const header = Buffer.alloc(28);
  header.write('OggS', 0, 'latin1');
  header.writeBigInt64LE(BigInt(granule), 6);
  header[26] = 1;
  header[27] = 10;
  return Buffer.concat([header, Buffer.alloc(10, 7)]);
}

/** Feeds `bytes` in chunks cut at every `step` bytes; returns the clock's ms. */
function countInChunks(clock: AudioClock, bytes: Buffer, step: number): number {
  for (let at = 0; at < bytes.byteLength; at += step) clock.push(bytes.subarray(at, at + step));
  return clock.ms;
}

describe('AudioClock', () => {
  it('counts pcm by its 16-bit samples, an odd byte carried to the next chunk', () => {
    const clock = new AudioClock('pcm', 16_000);
    expect(countInChunks(clock, Buffer.alloc(32_000), 333)).toBe(1000);
  });

  it('counts mp3 frames cut anywhere between chunks, and only whole frames', () => {
    const frames = Buffer.concat(Array.from({ length: 50 }, (_, i) => mp3Frame(i)));
    const whole = new AudioClock('mp3', 24_000);
    expect(countInChunks(whole, frames, 37)).toBe((50 * 576 * 1000) / 24_000);
    const partial = new AudioClock('mp3', 24_000);
    expect(partial.push(frames.subarray(0, 96 * 2 + 40))).toBe((2 * 576 * 1000) / 24_000);
    expect(partial.push(frames.subarray(96 * 2 + 40, 96 * 3))).toBe((576 * 1000) / 24_000);
  });

  it('skips bytes that are not a frame header and resynchronizes', () => {
    const clock = new AudioClock('mp3', 24_000);
    clock.push(Buffer.concat([Buffer.from('ID3 tag-like junk'), mp3Frame(1), mp3Frame(2)]));
    expect(clock.ms).toBe((2 * 576 * 1000) / 24_000);
  });

  it('reads Ogg granule positions, pages cut between chunks', () => {
    const pages = Buffer.concat([oggPage(0), oggPage(4800), oggPage(24_000)]);
    const clock = new AudioClock('ogg_vorbis', 24_000);
    expect(countInChunks(clock, pages, 5)).toBe(1000);
  });
});
