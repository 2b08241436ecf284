/**
 * The numeric core of implicit ALS (Hu, Koren & Volinsky 2008) with the conjugate-gradient
 * half-step of Takacs et al. 2011, as in the `implicit` library. Confidence is c = 1 + alpha * w.
 * Pure functions over typed arrays: the training workers and the main thread (fold-in) share them.
 * Non-null assertions in the loops are index reads already bounded by the CSR structure.
 */
import type { Csr } from './types.js';

export interface HalfStep {
  /** Rows are the side being solved (users for the user step). */
  matrix: Csr;
  /** Factors of the other side, fixed during this step (rows x factors). */
  fixed: Float32Array;
  /** Factors being updated in place. */
  target: Float32Array;
  /** fixed^T fixed + regularization * I, factors x factors. */
  gram: Float64Array;
  factors: number;
  alpha: number;
  cgSteps: number;
}

/** fixed^T fixed + regularization * I (row-major, factors x factors). */
export function computeGram(fixed: Float32Array, rows: number, factors: number, regularization: number): Float64Array {
  const gram = new Float64Array(factors * factors);
  for (let r = 0; r < rows; r++) {
    const base = r * factors;
    for (let a = 0; a < factors; a++) {
      const va = fixed[base + a]!;
      if (va === 0) continue;
      const rowA = a * factors;
      for (let b = a; b < factors; b++) gram[rowA + b]! += va * fixed[base + b]!;
    }
  }
  for (let a = 0; a < factors; a++) {
    gram[a * factors + a]! += regularization;
    for (let b = a + 1; b < factors; b++) gram[b * factors + a] = gram[a * factors + b]!;
  }
  return gram;
}

/**
 * Updates rows [start, end) of `target` with `cgSteps` conjugate-gradient steps each.
 * Scratch vectors are allocated once per call, not per row; the row loops are unrolled by four
 * with separate accumulators (V8 does not vectorize), which is where the training time goes.
 */
export function solveRowsCg(step: HalfStep, start: number, end: number): void {
  const { matrix, fixed, target, gram, factors: k, alpha, cgSteps } = step;
  // Locals instead of property reads keep the inner loops tight.
  const indptr = matrix.indptr;
  const indices = matrix.indices;
  const values = matrix.values;
  const x = new Float64Array(k);
  const r = new Float64Array(k);
  const p = new Float64Array(k);
  const ap = new Float64Array(k);
  for (let row = start; row < end; row++) {
    const from = indptr[row]!;
    const to = indptr[row + 1]!;
    const base = row * k;
    for (let a = 0; a < k; a++) x[a] = target[base + a]!;
    // r = b - A x, with A = gram + Y^T (C - I) Y and b = Y^T C p.
    multiplyGram(gram, x, r, k, -1);
    for (let e = from; e < to; e++) {
      const yBase = indices[e]! * k;
      const confidence = 1 + alpha * values[e]!;
      const coefficient = confidence - (confidence - 1) * dotRow(fixed, yBase, x, k);
      addScaledRow(r, coefficient, fixed, yBase, k);
    }
    p.set(r);
    let rsOld = dot(r, r, k);
    for (let it = 0; it < cgSteps && rsOld > 1e-20; it++) {
      multiplyGram(gram, p, ap, k, 1);
      for (let e = from; e < to; e++) {
        const yBase = indices[e]! * k;
        addScaledRow(ap, alpha * values[e]! * dotRow(fixed, yBase, p, k), fixed, yBase, k);
      }
      const stepSize = rsOld / dot(p, ap, k);
      for (let a = 0; a < k; a++) {
        x[a]! += stepSize * p[a]!;
        r[a]! -= stepSize * ap[a]!;
      }
      const rsNew = dot(r, r, k);
      const beta = rsNew / rsOld;
      for (let a = 0; a < k; a++) p[a] = r[a]! + beta * p[a]!;
      rsOld = rsNew;
    }
    for (let a = 0; a < k; a++) target[base + a] = x[a]!;
  }
}

/** fixed[yBase .. yBase + k) . v */
function dotRow(fixed: Float32Array, yBase: number, v: Float64Array, k: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let a = 0;
  for (; a + 3 < k; a += 4) {
    const y = yBase + a;
    s0 += fixed[y]! * v[a]!;
    s1 += fixed[y + 1]! * v[a + 1]!;
    s2 += fixed[y + 2]! * v[a + 2]!;
    s3 += fixed[y + 3]! * v[a + 3]!;
  }
  for (; a < k; a++) s0 += fixed[yBase + a]! * v[a]!;
  return s0 + s1 + s2 + s3;
}

/** out += c * fixed[yBase .. yBase + k) */
function addScaledRow(out: Float64Array, c: number, fixed: Float32Array, yBase: number, k: number): void {
  let a = 0;
  for (; a + 3 < k; a += 4) {
    const y = yBase + a;
    out[a]! += c * fixed[y]!;
    out[a + 1]! += c * fixed[y + 1]!;
    out[a + 2]! += c * fixed[y + 2]!;
    out[a + 3]! += c * fixed[y + 3]!;
  }
  for (; a < k; a++) out[a]! += c * fixed[yBase + a]!;
}

/** out = sign * gram * v */
function multiplyGram(gram: Float64Array, v: Float64Array, out: Float64Array, k: number, sign: number): void {
  for (let a = 0; a < k; a++) {
    let sum = 0;
    const rowA = a * k;
    for (let b = 0; b < k; b++) sum += gram[rowA + b]! * v[b]!;
    out[a] = sign * sum;
  }
}

function dot(a: Float64Array, b: Float64Array, k: number): number {
  let sum = 0;
  for (let i = 0; i < k; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * The exact least-squares step for one row against fixed factors (fold-in of a user's history
 * without retraining): solves (gram + Y^T (C - I) Y) x = Y^T C p by Cholesky.
 */
export function solveRowExact(
  items: ArrayLike<number>,
  weights: ArrayLike<number>,
  fixed: Float32Array,
  gram: Float64Array,
  k: number,
  alpha: number,
): Float32Array {
  const a = Float64Array.from(gram);
  const b = new Float64Array(k);
  for (let e = 0; e < items.length; e++) {
    const yBase = items[e]! * k;
    const extra = alpha * weights[e]!;
    for (let i = 0; i < k; i++) {
      const yi = fixed[yBase + i]!;
      b[i]! += (1 + extra) * yi;
      const rowI = i * k;
      for (let j = 0; j <= i; j++) a[rowI + j]! += extra * yi * fixed[yBase + j]!;
    }
  }
  return Float32Array.from(choleskySolve(a, b, k));
}

/** Solves a x = b for symmetric positive definite a (lower triangle used, overwritten). */
function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  for (let j = 0; j < k; j++) {
    let diag = a[j * k + j]!;
    for (let m = 0; m < j; m++) diag -= a[j * k + m]! * a[j * k + m]!;
    const root = Math.sqrt(Math.max(diag, 1e-12));
    a[j * k + j] = root;
    for (let i = j + 1; i < k; i++) {
      let sum = a[i * k + j]!;
      for (let m = 0; m < j; m++) sum -= a[i * k + m]! * a[j * k + m]!;
      a[i * k + j] = sum / root;
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = b[i]!;
    for (let m = 0; m < i; m++) sum -= a[i * k + m]! * y[m]!;
    y[i] = sum / a[i * k + i]!;
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let m = i + 1; m < k; m++) sum -= a[m * k + i]! * x[m]!;
    x[i] = sum / a[i * k + i]!;
  }
  return x;
}
