/**
 * A small pool of worker threads for the two ALS half-steps. Factors and matrices sit on
 * SharedArrayBuffers, so a step message carries only a row range and the k x k Gram matrix.
 * Rows are independent within a half-step, so results do not depend on the number of workers.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Csr } from './types.js';

export interface AlsWorkerData {
  userMatrix: Csr;
  itemMatrix: Csr;
  userFactors: Float32Array;
  itemFactors: Float32Array;
  factors: number;
  alpha: number;
  cgSteps: number;
}

export interface AlsStepRequest {
  id: number;
  side: 'user' | 'item';
  start: number;
  end: number;
  gram: Float64Array;
}

export class AlsWorkerPool {
  private readonly workers: Worker[];
  private nextId = 0;

  constructor(data: AlsWorkerData, size: number) {
    this.workers = Array.from({ length: size }, () => spawnWorker(data));
  }

  /** Runs one half-step over all rows of `matrix`, split into ranges of similar work. */
  async step(side: 'user' | 'item', matrix: Csr, gram: Float64Array): Promise<void> {
    const ranges = splitByWork(matrix, this.workers.length);
    await Promise.all(ranges.map(([start, end], w) => this.run(this.workers[w] as Worker, { side, start, end, gram })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private run(worker: Worker, request: Omit<AlsStepRequest, 'id'>): Promise<void> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (doneId: number): void => {
        if (doneId !== id) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.postMessage({ ...request, id });
    });
  }
}

/**
 * Under tsx or vitest this module is TypeScript source, and workers do not inherit the loader
 * hooks: a tiny eval worker registers tsx first, then imports the worker module.
 */
function spawnWorker(data: AlsWorkerData): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./als-worker.js', import.meta.url), { workerData: data });
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const workerUrl = new URL('./als-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(workerUrl)}); })`;
  return new Worker(code, { eval: true, workerData: data });
}

/** Contiguous row ranges with about the same nnz + rows each. */
function splitByWork(matrix: Csr, parts: number): Array<[number, number]> {
  const total = (matrix.indptr[matrix.rows] ?? 0) + matrix.rows;
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let p = 1; p <= parts; p++) {
    const goal = (total * p) / parts;
    let end = start;
    while (end < matrix.rows && (matrix.indptr[end + 1] ?? 0) + end + 1 <= goal) end++;
    if (p === parts) end = matrix.rows;
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
