const HALF_TAPS = 12;
const TABLE_STEPS = 256;
/** The Hann-windowed sinc kernel sampled finely once, so resampling does no trigonometry. */
const KERNEL = Float64Array.from({ length: HALF_TAPS * TABLE_STEPS + 2 }, (_, i) => {
  const t = i / TABLE_STEPS;
  return t >= HALF_TAPS ? 0 : sinc(t) * (0.5 + 0.5 * Math.cos((Math.PI * t) / HALF_TAPS));
});

/**
 * Windowed-sinc resampling of 16-bit mono audio. The cutoff follows the lower of the two rates,
 * so going down to 8 kHz does not alias. Each call is independent (pieces are resampled alone).
 */
export function resample(input: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (fromHz === toHz) return input;
  const ratio = toHz / fromHz;
  const outLength = Math.floor(input.length * ratio);
  const output = new Int16Array(outLength);
  const cutoff = Math.min(1, ratio);
  for (let i = 0; i < outLength; i += 1) {
    const center = i / ratio;
    const first = Math.ceil(center - HALF_TAPS / cutoff);
    const last = Math.floor(center + HALF_TAPS / cutoff);
    let sum = 0;
    for (let j = Math.max(0, first); j <= Math.min(input.length - 1, last); j += 1) {
      const position = Math.abs(center - j) * cutoff * TABLE_STEPS;
      const index = Math.floor(position);
      const fraction = position - index;
      const weight = (KERNEL[index] ?? 0) * (1 - fraction) + (KERNEL[index + 1] ?? 0) * fraction;
      sum += (input[j] ?? 0) * weight * cutoff;
    }
    output[i] = clamp16(sum);
  }
  return output;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

export function clamp16(value: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(value)));
}
