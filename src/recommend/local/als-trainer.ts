/**
 * Trains implicit ALS factors, on worker threads when asked; deterministic under a seed. The
 * WebAssembly SIMD kernel (als-simd.ts, float32 like `implicit`) trains whenever the factor count
 * is a multiple of 4; the scalar JavaScript kernel (als-kernel.ts, float64 arithmetic) otherwise.
 */
import { computeGram, solveRowsCg } from './als-kernel.js';
import { AlsSimdTraining } from './als-simd.js';
import { sharedAlsPool, type AlsLease } from './als-worker-pool.js';
import { transpose } from './interaction-matrix.js';
import { seededRandom } from './random.js';
import type { Csr } from './types.js';

export interface AlsParams {
  factors: number;
  regularization: number;
  /** Confidence slope: c = 1 + alpha * weight. */
  alpha: number;
  iterations: number;
  /** Conjugate-gradient steps per row per half-step (implicit's default is 3). */
  cgSteps: number;
  seed: number;
  /** Worker threads for the half-steps; 0 trains on the calling thread. */
  workers: number;
}

export const DEFAULT_ALS_PARAMS: AlsParams = {
  factors: 64,
  regularization: 0.1,
  alpha: 5,
  iterations: 15,
  cgSteps: 3,
  seed: 42,
  workers: 0,
};

export interface AlsFactors {
  factors: number;
  userFactors: Float32Array;
  itemFactors: Float32Array;
}

function fillRandom(array: Float32Array, random: () => number): Float32Array {
  for (let i = 0; i < array.length; i++) array[i] = (random() - 0.5) * 0.02;
  return array;
}

function sharedFactors(rows: number, factors: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(Math.max(1, rows * factors) * 4), 0, rows * factors);
}

export interface AlsTrainOptions {
  /** Called after each iteration with the factors so far (they keep changing afterwards). */
  onIteration?: (iteration: number, factors: AlsFactors) => void | Promise<void>;
}

/** Trains on a user-major matrix of interaction weights. */
export async function trainAls(userMatrix: Csr, params: AlsParams, options: AlsTrainOptions = {}): Promise<AlsFactors> {
  const k = params.factors;
  const random = seededRandom(params.seed);
  const itemMatrix = transpose(userMatrix);
  // Slot 0 is this thread's scratch, 1..workers the workers'.
  const simd = AlsSimdTraining.create(userMatrix, itemMatrix, k, params.workers + 1);
  if (simd !== undefined) {
    fillRandom(simd.userFactors, random);
    fillRandom(simd.itemFactors, random);
    const pool = params.workers > 0 ? await sharedAlsPool(params.workers).lease({ kernel: 'simd', memory: simd.memory, layout: simd.layout, factors: k, alpha: params.alpha, cgSteps: params.cgSteps }) : undefined;
    try {
      await trainSimd(simd, userMatrix, itemMatrix, params, pool, options);
    } finally {
      pool?.release();
    }
    // Copies: the result outlives the training's (much larger) shared memory.
    return { factors: k, userFactors: new Float32Array(simd.userFactors), itemFactors: new Float32Array(simd.itemFactors) };
  }
  const userFactors = fillRandom(sharedFactors(userMatrix.rows, k), random);
  const itemFactors = fillRandom(sharedFactors(userMatrix.cols, k), random);
  const common = { factors: k, alpha: params.alpha, cgSteps: params.cgSteps };
  const pool = params.workers > 0 ? await sharedAlsPool(params.workers).lease({ kernel: 'scalar', userMatrix, itemMatrix, userFactors, itemFactors, ...common }) : undefined;
  try {
    for (let it = 0; it < params.iterations; it++) {
      const itemGram = computeGram(itemFactors, itemMatrix.rows, k, params.regularization);
      if (pool) await pool.step('user', userMatrix, itemGram);
      else solveRowsCg({ matrix: userMatrix, fixed: itemFactors, target: userFactors, gram: itemGram, ...common }, 0, userMatrix.rows);
      const userGram = computeGram(userFactors, userMatrix.rows, k, params.regularization);
      if (pool) await pool.step('item', itemMatrix, userGram);
      else solveRowsCg({ matrix: itemMatrix, fixed: userFactors, target: itemFactors, gram: userGram, ...common }, 0, itemMatrix.rows);
      await options.onIteration?.(it + 1, { factors: k, userFactors, itemFactors });
    }
  } finally {
    pool?.release();
  }
  return { factors: k, userFactors, itemFactors };
}

async function trainSimd(simd: AlsSimdTraining, userMatrix: Csr, itemMatrix: Csr, params: AlsParams, pool: AlsLease | undefined, options: AlsTrainOptions): Promise<void> {
  for (let it = 0; it < params.iterations; it++) {
    for (const [side, matrix] of [['user', userMatrix], ['item', itemMatrix]] as const) {
      simd.computeGram(side, params.regularization);
      if (pool) await pool.step(side, matrix);
      else simd.solve(side, 0, matrix.rows, 0, params.alpha, params.cgSteps);
    }
    // Views into the shared memory: valid, and still changing, until the training returns.
    await options.onIteration?.(it + 1, { factors: params.factors, userFactors: simd.userFactors, itemFactors: simd.itemFactors });
  }
}
