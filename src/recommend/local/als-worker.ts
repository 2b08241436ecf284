/** Worker thread of the ALS trainer: holds one training's shared data and solves row ranges. */
import { parentPort } from 'node:worker_threads';
import { solveRowsCg } from './als-kernel.js';
import { AlsSimdTraining } from './als-simd.js';
import type { AlsStepRequest, AlsWorkerData, AlsWorkerRequest } from './als-worker-pool.js';

const port = parentPort;
let data: AlsWorkerData | undefined;
let simd: AlsSimdTraining | undefined;

function step(request: AlsStepRequest): void {
  if (data === undefined) throw new Error('ALS worker got a step before its data');
  if (data.kernel === 'simd') {
    simd ??= AlsSimdTraining.attach(data.memory, data.layout);
    simd.solve(request.side, request.start, request.end, request.slot, data.alpha, data.cgSteps);
    return;
  }
  if (request.gram === undefined) throw new Error('ALS worker got a scalar step without its Gram matrix');
  const isUserSide = request.side === 'user';
  solveRowsCg(
    {
      matrix: isUserSide ? data.userMatrix : data.itemMatrix,
      fixed: isUserSide ? data.itemFactors : data.userFactors,
      target: isUserSide ? data.userFactors : data.itemFactors,
      gram: request.gram,
      factors: data.factors,
      alpha: data.alpha,
      cgSteps: data.cgSteps,
    },
    request.start,
    request.end,
  );
}

port?.on('message', (request: AlsWorkerRequest) => {
  if (request.kind === 'load') {
    data = request.data;
    simd = undefined;
  } else {
    step(request);
  }
  port.postMessage(request.id);
});
