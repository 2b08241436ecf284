/** Worker thread of the ALS trainer: solves a range of rows of one half-step on shared memory. */
import { parentPort, workerData } from 'node:worker_threads';
import { solveRowsCg } from './als-kernel.js';
import type { AlsStepRequest, AlsWorkerData } from './als-worker-pool.js';

const data = workerData as AlsWorkerData;
const port = parentPort;

port?.on('message', (request: AlsStepRequest) => {
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
  port.postMessage(request.id);
});
