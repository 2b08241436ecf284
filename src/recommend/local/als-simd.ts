/**
 * One training's state in a shared WebAssembly memory, solved by the SIMD kernel of
 * als-simd.wat: both CSR matrices, both factor matrices, the Gram matrix and one scratch slot per
 * thread. The main thread creates it; each training worker attaches to the same memory and
 * layout, so factors are read and written in place and nothing is copied per step.
 */
import { ALS_SIMD_WASM_BASE64 } from './als-simd-wasm.js';
import type { Csr } from './types.js';

export type AlsSide = 'user' | 'item';

interface MatrixOffsets {
  rows: number;
  indptr: number;
  indices: number;
  values: number;
}

/** Byte offsets into the shared memory; plain data, so it can be posted to workers. */
export interface AlsSimdLayout {
  factors: number;
  user: MatrixOffsets;
  item: MatrixOffsets;
  userFactors: number;
  itemFactors: number;
  gram: number;
  /** First of `slots` scratch areas of 16 x factors bytes (x, r, p, Ap), one per thread. */
  scratch: number;
  slots: number;
}

interface KernelExports {
  gram(fixed: number, rows: number, k: number, regularization: number, out: number): void;
  solve(
    indptr: number,
    indices: number,
    values: number,
    fixed: number,
    target: number,
    gram: number,
    k: number,
    alpha: number,
    cgSteps: number,
    start: number,
    end: number,
    scratch: number,
  ): void;
}

/**
 * The few WebAssembly APIs used here, typed locally: the project's lib (ES2023, no DOM) does not
 * declare the WebAssembly global, though Node has it.
 */
export interface SharedWasmMemory {
  readonly buffer: ArrayBufferLike;
}
interface WasmModule {
  readonly compiled: true;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: { env: { memory: SharedWasmMemory } }) => { exports: unknown };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => SharedWasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
/** wasm32 addresses 4 GiB; past that the scalar kernel trains. */
const MAX_PAGES = 65536;

let kernelModule: WasmModule | undefined;

/** Compiled once per thread (1 kB of code). */
function kernel(): WasmModule {
  kernelModule ??= new wasm.Module(Buffer.from(ALS_SIMD_WASM_BASE64, 'base64'));
  return kernelModule;
}

/** The SIMD kernel handles factor counts that are a multiple of 4 (one f32x4 lane group). */
export function simdSupports(factors: number): boolean {
  return factors > 0 && factors % 4 === 0;
}

export class AlsSimdTraining {
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  private readonly exports: KernelExports;

  private constructor(
    readonly memory: SharedWasmMemory,
    readonly layout: AlsSimdLayout,
  ) {
    const instance = new wasm.Instance(kernel(), { env: { memory } });
    this.exports = instance.exports as unknown as KernelExports;
    const k = layout.factors;
    this.userFactors = new Float32Array(memory.buffer, layout.userFactors, layout.user.rows * k);
    this.itemFactors = new Float32Array(memory.buffer, layout.itemFactors, layout.item.rows * k);
  }

  /**
   * Lays out a training for `slots` threads and copies the matrices in; undefined when it does
   * not fit in 4 GiB. Factors start at zero (the trainer fills them).
   */
  static create(userMatrix: Csr, itemMatrix: Csr, factors: number, slots: number): AlsSimdTraining | undefined {
    let end = 0;
    // 16-byte alignment keeps every v128 access aligned.
    const take = (bytes: number): number => {
      const at = end;
      end += Math.ceil(bytes / 16) * 16;
      return at;
    };
    const place = (matrix: Csr): MatrixOffsets => ({
      rows: matrix.rows,
      indptr: take((matrix.rows + 1) * 4),
      indices: take(matrix.indices.length * 4),
      values: take(matrix.values.length * 4),
    });
    const user = place(userMatrix);
    const item = place(itemMatrix);
    const rowBytes = factors * 4;
    const layout: AlsSimdLayout = {
      factors,
      user,
      item,
      userFactors: take(userMatrix.rows * rowBytes),
      itemFactors: take(itemMatrix.rows * rowBytes),
      gram: take(factors * rowBytes),
      scratch: take(slots * 4 * rowBytes),
      slots,
    };
    const pages = Math.max(1, Math.ceil(end / PAGE));
    if (!simdSupports(factors) || pages > MAX_PAGES) return undefined;
    const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    const copy = (matrix: Csr, at: MatrixOffsets): void => {
      new Int32Array(memory.buffer, at.indptr, matrix.rows + 1).set(matrix.indptr.subarray(0, matrix.rows + 1));
      new Int32Array(memory.buffer, at.indices, matrix.indices.length).set(matrix.indices);
      new Float32Array(memory.buffer, at.values, matrix.values.length).set(matrix.values);
    };
    copy(userMatrix, user);
    copy(itemMatrix, item);
    return new AlsSimdTraining(memory, layout);
  }

  /** The same training seen from a worker thread. */
  static attach(memory: SharedWasmMemory, layout: AlsSimdLayout): AlsSimdTraining {
    return new AlsSimdTraining(memory, layout);
  }

  /** Gram matrix of the side that stays fixed while `side` is solved, plus regularization. */
  computeGram(side: AlsSide, regularization: number): void {
    const { layout } = this;
    const fixed = side === 'user' ? layout.item : layout.user;
    this.exports.gram(side === 'user' ? layout.itemFactors : layout.userFactors, fixed.rows, layout.factors, regularization, layout.gram);
  }

  /** Rows [start, end) of `side`, against the Gram matrix last computed for that side. */
  solve(side: AlsSide, start: number, end: number, slot: number, alpha: number, cgSteps: number): void {
    const { layout } = this;
    if (slot < 0 || slot >= layout.slots) throw new Error(`ALS scratch slot ${slot} out of range 0..${layout.slots - 1}`);
    const isUser = side === 'user';
    const matrix = isUser ? layout.user : layout.item;
    this.exports.solve(
      matrix.indptr,
      matrix.indices,
      matrix.values,
      isUser ? layout.itemFactors : layout.userFactors,
      isUser ? layout.userFactors : layout.itemFactors,
      layout.gram,
      layout.factors,
      alpha,
      cgSteps,
      start,
      end,
      layout.scratch + slot * 16 * layout.factors,
    );
  }
}
