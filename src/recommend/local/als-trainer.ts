/** Trains implicit ALS factors, on worker threads when asked; deterministic under a seed. */
import { computeGram, solveRowsCg } from './als-kernel.js';
import { sharedAlsPool } from './als-worker-pool.js';
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

function sharedFactors(rows: number, factors: number, random: () => number): Float32Array {
  const array = new Float32Array(new SharedArrayBuffer(Math.max(1, rows * factors) * 4), 0, rows * factors);
  for (let i = 0; i < array.length; i++) array[i] = (random() - 0.5) * 0.02;
  return array;
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
  const userFactors = sharedFactors(userMatrix.rows, k, random);
  const itemFactors = sharedFactors(userMatrix.cols, k, random);
  const common = { factors: k, alpha: params.alpha, cgSteps: params.cgSteps };
  const pool = params.workers > 0 ? await sharedAlsPool(params.workers).lease({ userMatrix, itemMatrix, userFactors, itemFactors, ...common }) : undefined;
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
