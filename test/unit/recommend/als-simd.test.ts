import { describe, expect, it } from 'vitest';
import { compileAlsWat, renderWasmModule } from '../../../scripts/build-als-wasm.js';
import { computeGram, solveRowsCg } from '../../../src/recommend/local/als-kernel.js';
import { ALS_SIMD_WASM_BASE64 } from '../../../src/recommend/local/als-simd-wasm.js';
import { AlsSimdTraining, simdSupports } from '../../../src/recommend/local/als-simd.js';
import { splitByWork } from '../../../src/recommend/local/als-worker-pool.js';
import { transpose } from '../../../src/recommend/local/interaction-matrix.js';
import { seededRandom } from '../../../src/recommend/local/random.js';
import type { Csr } from '../../../src/recommend/local/types.js';

/** A random user-major matrix with weights 1..3 and a few empty rows. */
function randomMatrix(rows: number, cols: number, density: number, seed: number): Csr {
  const random = seededRandom(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (r % 7 !== 3 && random() < density) {
        indices.push(c);
        values.push(1 + Math.floor(random() * 3));
      }
    }
    indptr[r + 1] = indices.length;
  }
  return { rows, cols, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) };
}

function randomFactors(length: number, random: () => number): Float32Array {
  return Float32Array.from({ length }, () => random() - 0.5);
}

describe('the WebAssembly SIMD ALS kernel', () => {
  it('is checked in as compiled from als-simd.wat (run scripts/build-als-wasm.ts after editing it)', async () => {
    const bytes = await compileAlsWat();
    expect(Buffer.from(ALS_SIMD_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
    expect(renderWasmModule(bytes)).toContain(ALS_SIMD_WASM_BASE64.slice(0, 96));
  });

  it.each([8, 12, 32])('computes the same Gram matrix and CG half-step as the scalar kernel (%i factors)', (k) => {
    const userMatrix = randomMatrix(40, 25, 0.3, k);
    const itemMatrix = transpose(userMatrix);
    const random = seededRandom(100 + k);
    const users = randomFactors(userMatrix.rows * k, random);
    const items = randomFactors(itemMatrix.rows * k, random);
    const simd = AlsSimdTraining.create(userMatrix, itemMatrix, k, 1);
    if (simd === undefined) throw new Error('expected the SIMD kernel for a multiple of 4');
    simd.userFactors.set(users);
    simd.itemFactors.set(items);

    const regularization = 0.1;
    const alpha = 3;
    simd.computeGram('user', regularization);
    const gram = computeGram(items, itemMatrix.rows, k, regularization);
    const simdGram = new Float32Array(simd.memory.buffer, simd.layout.gram, k * k);
    for (let i = 0; i < k * k; i++) expect(simdGram[i]).toBeCloseTo(gram[i] ?? Number.NaN, 4);

    simd.solve('user', 0, userMatrix.rows, 0, alpha, 3);
    const scalarUsers = Float32Array.from(users);
    solveRowsCg({ matrix: userMatrix, fixed: items, target: scalarUsers, gram, factors: k, alpha, cgSteps: 3 }, 0, userMatrix.rows);
    let changed = 0;
    for (let i = 0; i < scalarUsers.length; i++) {
      expect(simd.userFactors[i]).toBeCloseTo(scalarUsers[i] ?? Number.NaN, 3);
      if (Math.abs((scalarUsers[i] ?? 0) - (users[i] ?? 0)) > 1e-3) changed++;
    }
    // The step did move the factors (a no-op kernel would pass the comparison above otherwise).
    expect(changed).toBeGreaterThan(scalarUsers.length / 2);
    // The item side reads the user factors just written.
    simd.computeGram('item', regularization);
    simd.solve('item', 0, itemMatrix.rows, 0, alpha, 3);
    const scalarItems = Float32Array.from(items);
    const userGram = computeGram(simd.userFactors, userMatrix.rows, k, regularization);
    solveRowsCg({ matrix: itemMatrix, fixed: Float32Array.from(simd.userFactors), target: scalarItems, gram: userGram, factors: k, alpha, cgSteps: 3 }, 0, itemMatrix.rows);
    for (let i = 0; i < scalarItems.length; i++) expect(simd.itemFactors[i]).toBeCloseTo(scalarItems[i] ?? Number.NaN, 3);
  });

  it('solves only the rows asked for, in its own scratch slot', () => {
    const k = 8;
    const userMatrix = randomMatrix(20, 10, 0.4, 5);
    const simd = AlsSimdTraining.create(userMatrix, transpose(userMatrix), k, 2);
    if (simd === undefined) throw new Error('expected the SIMD kernel');
    const random = seededRandom(9);
    simd.userFactors.set(randomFactors(simd.userFactors.length, random));
    simd.itemFactors.set(randomFactors(simd.itemFactors.length, random));
    const before = Float32Array.from(simd.userFactors);
    simd.computeGram('user', 0.1);
    simd.solve('user', 5, 10, 1, 2, 3);
    for (let row = 0; row < 20; row++) {
      const same = simd.userFactors.subarray(row * k, (row + 1) * k).every((v, a) => v === before[row * k + a]);
      expect(same).toBe(row < 5 || row >= 10);
    }
    expect(() => simd.solve('user', 0, 1, 2, 2, 3)).toThrow(/slot 2 out of range 0\.\.1/);
  });

  it('takes factor counts that are multiples of 4; others train on the scalar kernel', () => {
    expect([4, 8, 32, 64].every(simdSupports)).toBe(true);
    expect([0, 6, 10, 33].some(simdSupports)).toBe(false);
    const matrix = randomMatrix(5, 5, 0.5, 1);
    expect(AlsSimdTraining.create(matrix, transpose(matrix), 6, 1)).toBeUndefined();
  });

  it('splits a half-step into contiguous ranges of about equal work (nonzeros plus per-row cost)', () => {
    const matrix = randomMatrix(200, 50, 0.2, 11);
    const ranges = splitByWork(matrix, 3, 32);
    expect(ranges[0]?.[0]).toBe(0);
    expect(ranges[2]?.[1]).toBe(200);
    for (let p = 1; p < 3; p++) expect(ranges[p]?.[0]).toBe(ranges[p - 1]?.[1]);
    const work = ranges.map(([start, end]) => (matrix.indptr[end] ?? 0) - (matrix.indptr[start] ?? 0) + (end - start) * 16);
    const total = work.reduce((a, b) => a + b, 0);
    for (const w of work) expect(Math.abs(w - total / 3)).toBeLessThan(total * 0.05);
  });
});
