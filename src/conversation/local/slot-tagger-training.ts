/**
 * Trains a large bot's slot tagger on a worker thread while the calling thread trains the intent
 * classifier: the two are independent and each is about half of a large bot's load time, so with
 * two cores the load takes the longer of the two instead of their sum. The engine's constructor
 * is synchronous, so the result is awaited with Atomics.wait and read with receiveMessageOnPort.
 * Small bots (the demo, tests) train in-process: a worker's start-up would cost more than it
 * saves. If the worker fails for any reason, the tagger is trained in-process instead.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { BotLocaleDefinition } from './bot-model.js';
import { isFallbackIntent } from './nlu-training-data.js';
import { LocaleSlotTagger, type LocaleSlotTaggerOptions, type TrainedLocaleSlotTagger } from './slot-tagger-locale.js';
import type { SlotTaggerTrainingRequest } from './slot-tagger-worker.js';
import type { SlotTypeRegistry } from './slot-type-registry.js';

/** Sample utterances (of intents with slots) from which the tagger trains on a worker thread. */
export const WORKER_MIN_UTTERANCES = 2000;
/** A worker that has not answered by then is given up on (the tagger then trains in-process). */
const WORKER_TIMEOUT_MS = 10 * 60_000;

export interface SlotTaggerStartOptions extends LocaleSlotTaggerOptions {
  /** Force the worker on or off; by default only bots of WORKER_MIN_UTTERANCES or more use it. */
  worker?: boolean;
}

export interface PendingSlotTagger {
  /** True when training was handed to a worker thread. */
  readonly inWorker: boolean;
  /** Blocks until the tagger is trained; call once. */
  join(): LocaleSlotTagger;
  /** After join(): why the worker's result was not used, if it was not. */
  readonly workerError: string | undefined;
}

/** Slots of the Int32Array the worker and the waiting thread share. */
const DONE = 0;
const EPOCHS = 1;
const TOTAL = 2;
/** How long the waiting thread sleeps between looks at the worker's epochs when nothing wakes it. */
const PROGRESS_SLICE_MS = 1000;

// CommonJS, run with `eval`: loads the worker module (through tsx when running from sources),
// trains (storing each epoch done where the waiting thread reads it), sends the weights (buffers
// transferred) and always wakes the waiting thread.
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { moduleUrl, tsxApi, port, state, request } = workerData;
(async () => {
  try {
    const module = tsxApi ? await (await import(tsxApi)).tsImport(moduleUrl, moduleUrl) : await import(moduleUrl);
    const trained = module.trainSlotTaggerForWorker(request, (done, total) => {
      Atomics.store(state, ${TOTAL}, total);
      Atomics.store(state, ${EPOCHS}, done);
      Atomics.notify(state, ${EPOCHS});
    });
    port.postMessage({ trained }, [trained.weights.buffer, trained.transitions.buffer]);
  } catch (error) {
    port.postMessage({ error: String((error && error.stack) || error) });
  } finally {
    Atomics.store(state, ${DONE}, 1);
    // A value no epoch count takes, so a thread about to wait on the count does not sleep through the end.
    Atomics.store(state, ${EPOCHS}, -1);
    Atomics.notify(state, ${EPOCHS});
  }
})();
`;

export function slotTaggerUtterances(locale: BotLocaleDefinition): number {
  let n = 0;
  for (const intent of locale.intents) if (!isFallbackIntent(intent) && intent.slots.length > 0) n += intent.sampleUtterances.length;
  return n;
}

/**
 * @param onProgress told of the epochs done: as they end in-process, or, from a worker, while
 *   join() waits (epochs the worker finished before join() are told at once)
 */
export function startSlotTagger(locale: BotLocaleDefinition, registry: SlotTypeRegistry, options: SlotTaggerStartOptions, onProgress?: (done: number, total: number) => void): PendingSlotTagger {
  const { worker: forced, ...taggerOptions } = options;
  const useWorker = forced ?? slotTaggerUtterances(locale) >= WORKER_MIN_UTTERANCES;
  if (!useWorker) return { inWorker: false, workerError: undefined, join: () => new LocaleSlotTagger(locale, registry, taggerOptions, undefined, onProgress) };
  let wait: () => { trained?: TrainedLocaleSlotTagger; error?: string };
  try {
    wait = spawnTraining({ locale, options: taggerOptions }, onProgress);
  } catch (error) {
    wait = () => ({ error: String(error) });
  }
  const pending = {
    inWorker: true,
    workerError: undefined as string | undefined,
    join: (): LocaleSlotTagger => {
      const { trained, error } = wait();
      pending.workerError = error;
      // A worker that failed leaves the training to this thread, which reports it as it goes.
      return new LocaleSlotTagger(locale, registry, taggerOptions, trained, trained ? undefined : onProgress);
    },
  };
  return pending;
}

function spawnTraining(request: SlotTaggerTrainingRequest, onProgress?: (done: number, total: number) => void): () => { trained?: TrainedLocaleSlotTagger; error?: string } {
  const fromSources = import.meta.url.endsWith('.ts');
  const moduleUrl = new URL(fromSources ? './slot-tagger-worker.ts' : './slot-tagger-worker.js', import.meta.url).href;
  // The ESM build of tsx's API: its CommonJS build cannot be loaded by import().
  const tsxApi = fromSources ? pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href : null;
  const state = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { moduleUrl, tsxApi, port: port2, state, request }, transferList: [port2] });
  worker.unref();
  // Errors surface through the port; this only keeps an 'error' event from crashing the process.
  worker.on('error', () => undefined);
  return () => {
    try {
      const deadline = performance.now() + WORKER_TIMEOUT_MS;
      let told = 0;
      while (Atomics.load(state, DONE) === 0) {
        const epochs = Atomics.load(state, EPOCHS);
        if (epochs > told) {
          told = epochs;
          onProgress?.(epochs, Atomics.load(state, TOTAL));
        }
        const left = deadline - performance.now();
        if (left <= 0) return { error: 'the slot tagger worker timed out' };
        Atomics.wait(state, EPOCHS, epochs, Math.min(left, PROGRESS_SLICE_MS));
      }
      const message = receiveMessageOnPort(port1)?.message as { trained?: TrainedLocaleSlotTagger; error?: string } | undefined;
      // The last epochs may end between two looks: a trained tagger has done them all.
      const total = Atomics.load(state, TOTAL);
      if (message?.trained && told < total) onProgress?.(total, total);
      return message ?? { error: 'the slot tagger worker sent nothing' };
    } finally {
      port1.close();
      void worker.terminate();
    }
  };
}
