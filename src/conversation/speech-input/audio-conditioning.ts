/**
 * Audio as the recognizer wants it. Kiosk clients (and synthesized test audio) often start the
 * speech in the very first millisecond; the decoder's silence detector and its first frames then
 * clip the first phone ("help" heard as "aero"). A short pad of very quiet noise on both sides
 * gives it the silence it expects; noise rather than digital zeros, whose log energy is -infinity
 * in the features. Level needs no normalization: cepstral mean normalization over the utterance
 * removes the gain.
 */

/** Pad on each side: 300 ms at 16 kHz. */
export const PAD_SAMPLES = 4800;
/** Peak of the pad's noise, in 16-bit units (about -72 dBFS). */
const PAD_AMPLITUDE = 8;

/** `pcm` (16-bit little-endian, whole samples) with quiet noise before and after. */
export function padWithQuietNoise(pcm: Uint8Array, padSamples = PAD_SAMPLES): Buffer {
  const out = Buffer.alloc(pcm.byteLength + padSamples * 4);
  // A fixed linear congruential sequence: the same input always gives the same audio.
  let seed = 0x2545f491;
  const fill = (start: number): void => {
    for (let i = 0; i < padSamples; i += 1) {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      out.writeInt16LE((seed >>> 16) % (2 * PAD_AMPLITUDE + 1) - PAD_AMPLITUDE, start + i * 2);
    }
  };
  fill(0);
  out.set(pcm, padSamples * 2);
  fill(padSamples * 2 + pcm.byteLength);
  return out;
}
