import { clamp16 } from './resample.js';
import { fft, lpc, lpcEnvelope } from './lpc.js';

const FRAME = 512;
const HOP = FRAME / 4;
const ORDER = 22;
const MAX_GAIN = 8;

/** Per-frame spectral change: gets the frame's spectrum (bins 0..n/2) and LPC envelope, edits re/im in place. */
type FrameEdit = (re: Float64Array, im: Float64Array, envelope: Float64Array, frameEnergy: number) => void;

/**
 * vocal-tract-length: warps the spectral envelope by 1/factor (a +25% tract lowers every formant
 * by 20%) while the harmonics, and so the pitch and the timing, stay where they were.
 */
export function shiftFormants(samples: Int16Array, factor: number): Int16Array {
  if (factor === 1) return samples;
  return processFrames(samples, (re, im, envelope) => {
    const half = envelope.length - 1;
    for (let k = 0; k <= half; k += 1) {
      const source = k * factor;
      const low = Math.min(Math.floor(source), half);
      const high = Math.min(low + 1, half);
      const fraction = Math.min(source - low, 1);
      const warped = (envelope[low] ?? 0) * (1 - fraction) + (envelope[high] ?? 0) * fraction;
      const gain = Math.min(warped / (envelope[k] ?? 1), MAX_GAIN);
      re[k] = (re[k] ?? 0) * gain;
      im[k] = (im[k] ?? 0) * gain;
    }
  });
}

/** whispered: the voiced excitation replaced by noise under the same spectral envelope (noise-excited LPC). */
export function whisper(samples: Int16Array, random: () => number = Math.random): Int16Array {
  return processFrames(samples, (re, im, envelope, frameEnergy) => {
    let envelopeEnergy = 0;
    for (const value of envelope) envelopeEnergy += value * value;
    // Parseval: the half spectrum holds FRAME/2 times the frame's energy; whispers sit ~5 dB lower.
    const scale = Math.sqrt((0.35 * frameEnergy * (FRAME / 2)) / Math.max(envelopeEnergy, 1e-12));
    for (let k = 0; k < envelope.length; k += 1) {
      const phase = 2 * Math.PI * random();
      re[k] = (envelope[k] ?? 0) * scale * Math.cos(phase);
      im[k] = (envelope[k] ?? 0) * scale * Math.sin(phase);
    }
  });
}

/** Scales samples by a gain in dB (prosody volume that eSpeak cannot express, and drc make-up). */
export function applyGainDb(samples: Int16Array, db: number): Int16Array {
  if (db === 0) return samples;
  const gain = 10 ** (db / 20);
  return samples.map((s) => clamp16(s * gain));
}

/** Short-time Fourier analysis, an edit per frame, and weighted overlap-add resynthesis. */
function processFrames(samples: Int16Array, edit: FrameEdit): Int16Array {
  const window = new Float64Array(FRAME).map((_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME));
  const out = new Float64Array(samples.length + FRAME);
  const norm = new Float64Array(samples.length + FRAME);
  const re = new Float64Array(FRAME);
  const im = new Float64Array(FRAME);
  for (let start = -FRAME + HOP; start < samples.length; start += HOP) {
    let frameEnergy = 0;
    for (let i = 0; i < FRAME; i += 1) {
      const value = (samples[start + i] ?? 0) * (window[i] ?? 0);
      re[i] = value;
      im[i] = 0;
      frameEnergy += value * value;
    }
    if (frameEnergy > 1e-3) {
      const envelope = lpcEnvelope(lpc(re, ORDER).a, FRAME);
      fft(re, im);
      edit(re, im, envelope, frameEnergy);
      for (let k = 1; k < FRAME / 2; k += 1) {
        re[FRAME - k] = re[k] ?? 0;
        im[FRAME - k] = -(im[k] ?? 0);
      }
      im[0] = 0;
      im[FRAME / 2] = 0;
      fft(re, im, true);
    }
    for (let i = 0; i < FRAME; i += 1) {
      const at = start + i;
      if (at < 0 || at >= samples.length) continue;
      const w = window[i] ?? 0;
      out[at] = (out[at] ?? 0) + (re[i] ?? 0) * w;
      norm[at] = (norm[at] ?? 0) + w * w;
    }
  }
  const result = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) result[i] = clamp16((out[i] ?? 0) / Math.max(norm[i] ?? 0, 1e-3));
  return result;
}
