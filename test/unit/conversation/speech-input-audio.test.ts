/** Conditioning audio before recognition: quiet, deterministic padding around the speech. */
import { describe, expect, it } from 'vitest';
import { PAD_SAMPLES, padWithQuietNoise } from '../../../src/conversation/speech-input/audio-conditioning.js';

describe('padWithQuietNoise', () => {
  it('keeps the speech intact between two quiet, non-silent pads', () => {
    const speech = Buffer.alloc(640);
    for (let i = 0; i < 320; i += 1) speech.writeInt16LE(i % 2 === 0 ? 12_000 : -12_000, i * 2);
    const padded = padWithQuietNoise(speech);
    expect(padded.byteLength).toBe(speech.byteLength + PAD_SAMPLES * 4);
    expect(padded.subarray(PAD_SAMPLES * 2, PAD_SAMPLES * 2 + speech.byteLength).equals(speech)).toBe(true);
    const pad = [...Array(PAD_SAMPLES).keys()].map((i) => padded.readInt16LE(i * 2));
    expect(Math.max(...pad.map(Math.abs))).toBeLessThanOrEqual(8);
    // Not digital silence: the features' log energy needs some signal.
    expect(new Set(pad).size).toBeGreaterThan(5);
    expect(padWithQuietNoise(speech).equals(padded)).toBe(true);
  });
});
