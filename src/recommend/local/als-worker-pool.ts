/**
 * A long-lived pool of worker threads for the two ALS half-steps. Factors and matrices sit in
 * shared memory (the SIMD kernel's WebAssembly.Memory, or SharedArrayBuffers for the scalar one),
 * so a training lends them to the workers once (`lease`) and each step message carries only a row
 * range (and, for the scalar kernel, the k x k Gram matrix). Rows are independent within a
 * half-step, so results do not depend on the number of workers.
 *
 * Spawning a worker (and, under tsx, registering the TypeScript loader in it) costs seconds on a
 * busy machine, so pools are kept per size for the life of the process (`sharedAlsPool`) and one
 * training uses a pool at a time. Idle workers are unref'd: they never keep the process alive.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AlsSide, AlsSimdLayout, SharedWasmMemory } from './als-simd.js';
import type { Csr } from './types.js';

/** What the workers hold for one training: the SIMD kernel's memory, or the scalar kernel's arrays. */
export type AlsWorkerData =
  | { kernel: 'simd'; memory: SharedWasmMemory; layout: AlsSimdLayout; factors: number; alpha: number; cgSteps: number }
  | {
      kernel: 'scalar';
      userMatrix: Csr;
      itemMatrix: Csr;
      userFactors: Float32Array;
      itemFactors: Float32Array;
      factors: number;
      alpha: number;
      cgSteps: number;
    };

/** `slot` is the worker's scratch area in the SIMD memory (slot 0 is the calling thread's). */
export interface AlsStepRequest {
  kind: 'step';
  side: AlsSide;
  start: number;
  end: number;
  slot: number;
  /** The scalar kernel's Gram matrix; the SIMD kernel's is already in shared memory. */
  gram?: Float64Array;
}

type Outgoing = { kind: 'load'; data: AlsWorkerData } | AlsStepRequest;

export type AlsWorkerRequest = Outgoing & { id: number };

/** One training's use of the pool: the workers hold its data until `release`. */
export interface AlsLease {
  step(side: AlsSide, matrix: Csr, gram?: Float64Array): Promise<void>;
  release(): void;
}

export class AlsWorkerPool {
  private readonly workers: Worker[];
  private nextId = 0;
  private queue: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = spawnWorker();
      worker.unref();
      // A crashed worker fails the pool for good; the shared registry then builds a new one.
      worker.on('error', (error) => {
        this.failure ??= error instanceof Error ? error : new Error(String(error));
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  get broken(): boolean {
    return this.failure !== undefined;
  }

  /** Waits for the pool, then hands `data` to every worker. */
  async lease(data: AlsWorkerData): Promise<AlsLease> {
    let releaseQueue: () => void = () => {};
    const previous = this.queue;
    this.queue = new Promise((resolve) => (releaseQueue = resolve));
    await previous;
    for (const worker of this.workers) worker.ref();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      for (const worker of this.workers) worker.unref();
      releaseQueue();
    };
    try {
      await Promise.all(this.workers.map((worker) => this.send(worker, { kind: 'load', data })));
    } catch (error) {
      release();
      throw error;
    }
    return {
      step: async (side, matrix, gram) => {
        const ranges = splitByWork(matrix, this.workers.length, data.factors);
        await Promise.all(
          ranges.map(([start, end], w) => {
            const request: AlsStepRequest = { kind: 'step', side, start, end, slot: w + 1 };
            if (gram !== undefined) request.gram = gram;
            return this.send(this.workers[w] as Worker, request);
          }),
        );
      },
      release,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private send(worker: Worker, request: Outgoing): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (doneId: number): void => {
        if (doneId !== id) return;
        cleanup();
        resolve();
      };
      const onError = (error: unknown): void => {
        cleanup();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      const onExit = (code: number): void => {
        cleanup();
        this.failure ??= new Error(`ALS worker exited with code ${code}`);
        reject(this.failure);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ ...request, id } satisfies AlsWorkerRequest);
    });
  }
}

const sharedPools = new Map<number, AlsWorkerPool>();

/** The process-wide pool of `size` workers, created on first use (and again if one crashed). */
export function sharedAlsPool(size: number): AlsWorkerPool {
  const existing = sharedPools.get(size);
  if (existing !== undefined && !existing.broken) return existing;
  const pool = new AlsWorkerPool(size);
  sharedPools.set(size, pool);
  return pool;
}

/** Stops every shared pool (tests and commands that want a clean exit at once). */
export async function closeSharedAlsPools(): Promise<void> {
  const pools = [...sharedPools.values()];
  sharedPools.clear();
  await Promise.all(pools.map((pool) => pool.close()));
}

/**
 * Under tsx or vitest this module is TypeScript source, and workers do not inherit the loader
 * hooks: a tiny eval worker registers tsx first, then imports the worker module.
 */
function spawnWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./als-worker.js', import.meta.url));
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const workerUrl = new URL('./als-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); })`;
  return new Worker(code, { eval: true });
}

/**
 * Contiguous row ranges of about the same work each. A row costs its nonzeros (two k-vector
 * operations each per CG step) plus four Gram products (k x k each): about k / 2 nonzeros' worth.
 */
export function splitByWork(matrix: Csr, parts: number, factors: number): Array<[number, number]> {
  const rowCost = Math.max(1, factors / 2);
  const work = (rows: number): number => (matrix.indptr[rows] ?? 0) + rows * rowCost;
  const total = work(matrix.rows);
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let p = 1; p <= parts; p++) {
    const goal = (total * p) / parts;
    let end = start;
    while (end < matrix.rows && work(end + 1) <= goal) end++;
    if (p === parts) end = matrix.rows;
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
