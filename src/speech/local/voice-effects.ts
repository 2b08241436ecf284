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
function formantEdit(factor: number): FrameEdit {
  return (re, im, envelope) => {
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
  };
}

/** whispered: the voiced excitation replaced by noise under the same spectral envelope (noise-excited LPC). */
function whisperEdit(random: () => number): FrameEdit {
  return (re, im, envelope, frameEnergy) => {
    let envelopeEnergy = 0;
    for (const value of envelope) envelopeEnergy += value * value;
    // Parseval: the half spectrum holds FRAME/2 times the frame's energy; whispers sit ~5 dB lower.
    const scale = Math.sqrt((0.35 * frameEnergy * (FRAME / 2)) / Math.max(envelopeEnergy, 1e-12));
    for (let k = 0; k < envelope.length; k += 1) {
      const phase = 2 * Math.PI * random();
      re[k] = (envelope[k] ?? 0) * scale * Math.cos(phase);
      im[k] = (envelope[k] ?? 0) * scale * Math.sin(phase);
    }
  };
}

/** A piece's effects as a streaming chain (formants, then whisper); identity when there are none. */
export function createEffectChain(effects: { vocalTractLength: number; isWhispered: boolean }): { push(chunk: Int16Array): Int16Array; flush(): Int16Array } {
  const stages: FrameProcessor[] = [];
  if (effects.vocalTractLength !== 1) stages.push(new FrameProcessor(formantEdit(effects.vocalTractLength)));
  if (effects.isWhispered) stages.push(new FrameProcessor(whisperEdit(Math.random)));
  return {
    push: (chunk) => stages.reduce((samples, stage) => stage.push(samples), chunk),
    flush: () => stages.reduce((samples, stage) => {
      const pushed = stage.push(samples);
      const tail = stage.flush();
      const joined = new Int16Array(pushed.length + tail.length);
      joined.set(pushed);
      joined.set(tail, pushed.length);
      return joined;
    }, new Int16Array(0)),
  };
}

/**
 * Short-time Fourier analysis, an edit per frame, and weighted overlap-add resynthesis, fed chunk
 * by chunk: a sample is emitted once every frame that covers it has been added, so the output is
 * the input's length and lags it by one frame at most.
 */
export class FrameProcessor {
  private static readonly window = Float64Array.from({ length: FRAME }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / FRAME));
  private input = new Int16Array(0);
  private inputStart = 0;
  private total = 0;
  private nextFrame = -FRAME + HOP;
  private out = new Float64Array(0);
  private norm = new Float64Array(0);
  private emitted = 0;
  private readonly re = new Float64Array(FRAME);
  private readonly im = new Float64Array(FRAME);

  constructor(private readonly edit: FrameEdit) {}

  push(chunk: Int16Array): Int16Array {
    const joined = new Int16Array(this.input.length + chunk.length);
    joined.set(this.input);
    joined.set(chunk, this.input.length);
    this.input = joined;
    this.total += chunk.length;
    while (this.nextFrame + FRAME <= this.total) this.frame();
    return this.emit(Math.min(this.nextFrame, this.total));
  }

  flush(): Int16Array {
    while (this.nextFrame < this.total) this.frame();
    return this.emit(this.total);
  }

  private frame(): void {
    const { re, im } = this;
    const window = FrameProcessor.window;
    const start = this.nextFrame;
    let frameEnergy = 0;
    for (let i = 0; i < FRAME; i += 1) {
      const at = start + i - this.inputStart;
      const value = (at >= 0 && start + i < this.total ? (this.input[at] ?? 0) : 0) * (window[i] ?? 0);
      re[i] = value;
      im[i] = 0;
      frameEnergy += value * value;
    }
    if (frameEnergy > 1e-3) {
      const envelope = lpcEnvelope(lpc(re, ORDER).a, FRAME);
      fft(re, im);
      this.edit(re, im, envelope, frameEnergy);
      for (let k = 1; k < FRAME / 2; k += 1) {
        re[FRAME - k] = re[k] ?? 0;
        im[FRAME - k] = -(im[k] ?? 0);
      }
      im[0] = 0;
      im[FRAME / 2] = 0;
      fft(re, im, true);
    }
    this.ensureOutput(start + FRAME);
    for (let i = 0; i < FRAME; i += 1) {
      const at = start + i - this.emitted;
      if (at < 0) continue;
      const w = window[i] ?? 0;
      this.out[at] = (this.out[at] ?? 0) + (re[i] ?? 0) * w;
      this.norm[at] = (this.norm[at] ?? 0) + w * w;
    }
    this.nextFrame += HOP;
    // Later frames start at nextFrame or after: older input is no longer needed.
    const drop = Math.max(0, this.nextFrame - this.inputStart);
    this.input = this.input.slice(drop);
    this.inputStart += drop;
  }

  private ensureOutput(end: number): void {
    const needed = end - this.emitted;
    if (needed <= this.out.length) return;
    const out = new Float64Array(needed);
    const norm = new Float64Array(needed);
    out.set(this.out);
    norm.set(this.norm);
    this.out = out;
    this.norm = norm;
  }

  private emit(end: number): Int16Array {
    const count = Math.max(0, end - this.emitted);
    const result = new Int16Array(count);
    for (let i = 0; i < count; i += 1) result[i] = clamp16((this.out[i] ?? 0) / Math.max(this.norm[i] ?? 0, 1e-3));
    this.out = this.out.slice(count);
    this.norm = this.norm.slice(count);
    this.emitted += count;
    return result;
  }
}
