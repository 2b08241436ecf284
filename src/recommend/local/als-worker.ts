/** Worker thread of the ALS trainer: holds one training's shared arrays and solves row ranges. */
import { parentPort } from 'node:worker_threads';
import { solveRowsCg } from './als-kernel.js';
import type { AlsWorkerData, AlsWorkerRequest } from './als-worker-pool.js';

const port = parentPort;
let data: AlsWorkerData | undefined;

port?.on('message', (request: AlsWorkerRequest) => {
  if (request.kind === 'load') {
    data = request.data;
  } else if (data !== undefined) {
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
  } else {
    throw new Error('ALS worker got a step before its data');
  }
  port.postMessage(request.id);
});
