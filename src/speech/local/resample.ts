const HALF_TAPS = 12;
const TABLE_STEPS = 256;
/** The Hann-windowed sinc kernel sampled finely once, so resampling does no trigonometry. */
const KERNEL = Float64Array.from({ length: HALF_TAPS * TABLE_STEPS + 2 }, (_, i) => {
  const t = i / TABLE_STEPS;
  return t >= HALF_TAPS ? 0 : sinc(t) * (0.5 + 0.5 * Math.cos((Math.PI * t) / HALF_TAPS));
});

/**
 * Windowed-sinc resampling of 16-bit mono audio, fed chunk by chunk: output is produced as soon as
 * the kernel's window is covered, and `flush` ends the signal (zeros after it). The cutoff follows
 * the lower of the two rates, so going down to 8 kHz does not alias.
 */
export class StreamResampler {
  private readonly ratio: number;
  private readonly cutoff: number;
  private readonly reach: number;
  private buffer = new Int16Array(0);
  /** Absolute input index of buffer[0]. */
  private bufferStart = 0;
  private nextOut = 0;

  constructor(private readonly fromHz: number, private readonly toHz: number) {
    this.ratio = toHz / fromHz;
    this.cutoff = Math.min(1, this.ratio);
    this.reach = Math.ceil(HALF_TAPS / this.cutoff);
  }

  push(chunk: Int16Array): Int16Array {
    if (this.fromHz === this.toHz) return chunk;
    const joined = new Int16Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    return this.produce(this.bufferStart + this.buffer.length - this.reach);
  }

  flush(): Int16Array {
    if (this.fromHz === this.toHz) return new Int16Array(0);
    return this.produce(this.bufferStart + this.buffer.length);
  }

  /** Output samples whose centre lies before input index `limit`; keeps only the input still needed. */
  private produce(limit: number): Int16Array {
    const out: number[] = [];
    for (; this.nextOut / this.ratio < limit; this.nextOut += 1) out.push(this.sampleAt(this.nextOut / this.ratio));
    const keepFrom = Math.max(this.bufferStart, Math.floor(this.nextOut / this.ratio) - this.reach);
    this.buffer = this.buffer.slice(keepFrom - this.bufferStart);
    this.bufferStart = keepFrom;
    return Int16Array.from(out);
  }

  private sampleAt(center: number): number {
    const end = this.bufferStart + this.buffer.length - 1;
    let sum = 0;
    for (let j = Math.max(this.bufferStart, Math.ceil(center - this.reach)); j <= Math.min(end, Math.floor(center + this.reach)); j += 1) {
      const position = Math.abs(center - j) * this.cutoff * TABLE_STEPS;
      const index = Math.floor(position);
      const fraction = position - index;
      const weight = (KERNEL[index] ?? 0) * (1 - fraction) + (KERNEL[index + 1] ?? 0) * fraction;
      sum += (this.buffer[j - this.bufferStart] ?? 0) * weight * this.cutoff;
    }
    return clamp16(sum);
  }
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

export function clamp16(value: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(value)));
}
