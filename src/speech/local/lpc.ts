const twiddles = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** cos/sin of -2*pi*k/n for k < n/2, computed once per size. */
function twiddlesFor(n: number): { cos: Float64Array; sin: Float64Array } {
  let table = twiddles.get(n);
  if (table === undefined) {
    table = { cos: new Float64Array(n / 2), sin: new Float64Array(n / 2) };
    for (let k = 0; k < n / 2; k += 1) {
      table.cos[k] = Math.cos((-2 * Math.PI * k) / n);
      table.sin[k] = Math.sin((-2 * Math.PI * k) / n);
    }
    twiddles.set(n, table);
  }
  return table;
}

/** In-place iterative radix-2 FFT; `re.length` must be a power of two. */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  const table = twiddlesFor(n);
  for (let i = 1, j = 0; i < n; i += 1) {
    let bit = n >> 1;
    for (; (j & bit) !== 0; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0];
      [im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k += 1) {
        const wr = table.cos[k * stride] ?? 1;
        const wi = (inverse ? -1 : 1) * (table.sin[k * stride] ?? 0);
        const a = start + k;
        const b = a + size / 2;
        const br = re[b] ?? 0;
        const bi = im[b] ?? 0;
        const tr = br * wr - bi * wi;
        const ti = br * wi + bi * wr;
        re[b] = (re[a] ?? 0) - tr;
        im[b] = (im[a] ?? 0) - ti;
        re[a] = (re[a] ?? 0) + tr;
        im[a] = (im[a] ?? 0) + ti;
      }
    }
  }
  if (inverse) for (let i = 0; i < n; i += 1) {
    re[i] = (re[i] ?? 0) / n;
    im[i] = (im[i] ?? 0) / n;
  }
}

/** LPC by autocorrelation and Levinson-Durbin: `a[0] = 1`, and the prediction error power. */
export function lpc(frame: ArrayLike<number>, order: number): { a: Float64Array; error: number } {
  const r = new Float64Array(order + 1);
  for (let lag = 0; lag <= order; lag += 1) {
    let sum = 0;
    for (let i = lag; i < frame.length; i += 1) sum += (frame[i] ?? 0) * (frame[i - lag] ?? 0);
    r[lag] = sum;
  }
  const a = new Float64Array(order + 1);
  a[0] = 1;
  let error = (r[0] ?? 0) * (1 + 1e-9) + 1e-9;
  for (let i = 1; i <= order; i += 1) {
    let acc = r[i] ?? 0;
    for (let j = 1; j < i; j += 1) acc += (a[j] ?? 0) * (r[i - j] ?? 0);
    const k = -acc / error;
    const previous = a.slice();
    for (let j = 1; j < i; j += 1) a[j] = (previous[j] ?? 0) + k * (previous[i - j] ?? 0);
    a[i] = k;
    error *= 1 - k * k;
  }
  return { a, error: Math.max(error, 1e-12) };
}

/** |1 / A(e^jw)| at the n/2 + 1 bins of an n-point FFT: the LPC spectral envelope (without gain). */
export function lpcEnvelope(a: Float64Array, n: number): Float64Array {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  re.set(a.subarray(0, Math.min(a.length, n)));
  fft(re, im);
  const envelope = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k += 1) envelope[k] = 1 / Math.max(Math.hypot(re[k] ?? 0, im[k] ?? 0), 1e-9);
  return envelope;
}
