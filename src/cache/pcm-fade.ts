/**
 * Short linear fades on signed 16-bit little-endian pcm, applied at the joins between separately
 * synthesized sentences: two waveforms butted together jump from one sample value to another,
 * which is heard as a click; a few milliseconds of fade take both edges to zero.
 */

/** Fades the first `samples` samples in, in place. */
export function fadeIn(pcm: Uint8Array, samples: number): void {
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const count = Math.min(samples, Math.floor(pcm.byteLength / 2));
  for (let i = 0; i < count; i += 1) view.setInt16(i * 2, Math.round((view.getInt16(i * 2, true) * i) / count), true);
}

/** Fades the last `samples` samples out, in place. */
export function fadeOut(pcm: Uint8Array, samples: number): void {
  const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const total = Math.floor(pcm.byteLength / 2);
  const count = Math.min(samples, total);
  for (let i = 0; i < count; i += 1) {
    const at = (total - 1 - i) * 2;
    view.setInt16(at, Math.round((view.getInt16(at, true) * i) / count), true);
  }
}
