import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EspeakEvent } from '@echogarden/espeak-ng-emscripten';

/** One callback's worth of eSpeak output: 16-bit samples at `sampleRateHz` and the events in them. */
export interface EspeakChunk {
  samples: Int16Array;
  events: EspeakEvent[];
}

type Reply = { id: number; sampleRateHz: number; samples?: Int16Array; events?: EspeakEvent[]; done?: boolean; error?: string };

/**
 * The worker's code, as a string so that it runs the same from tsx, vitest and the built dist.
 * eSpeak's synthesize call is synchronous; run here, each of its callbacks is posted at once,
 * so the first audio of a sentence leaves before the sentence is finished.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = import(workerData.moduleUrl).then((m) => m.default()).then((module) => new module.eSpeakNGWorker());
let voice = '';
parentPort.on('message', async ({ id, ssml, voiceName }) => {
  const worker = await ready;
  const sampleRateHz = worker.get_samplerate();
  try {
    if (voiceName !== voice) {
      if (worker.set_voice(voiceName) !== 0) throw new Error('eSpeak has no voice ' + voiceName);
      voice = voiceName;
    }
    worker.synthesize(ssml, (samples, events) => {
      parentPort.postMessage({ id, sampleRateHz, samples, events }, [samples.buffer]);
      return 0;
    });
    parentPort.postMessage({ id, sampleRateHz, done: true });
  } catch (error) {
    parentPort.postMessage({ id, sampleRateHz, error: String(error && error.message || error) });
  }
});
`;

interface Pending {
  push(reply: Reply): void;
}

let shared: EspeakThread | undefined;

/**
 * eSpeak NG (WebAssembly) on a worker thread: one warm instance for the process, requests served
 * in order, chunks streamed back as eSpeak produces them. The thread keeps the process alive only
 * while a request is in flight.
 */
export class EspeakThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  sampleRateHz = 22_050;

  private constructor() {
    const moduleUrl = pathToFileURL(createRequire(import.meta.url).resolve('@echogarden/espeak-ng-emscripten')).href;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { moduleUrl } });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.pending.get(reply.id)?.push(reply));
    this.worker.on('error', (error) => {
      for (const pending of this.pending.values()) pending.push({ id: 0, sampleRateHz: 0, error: error.message });
    });
  }

  /** The process-wide instance, started on first use (never at import time). */
  static shared(): EspeakThread {
    shared ??= new EspeakThread();
    return shared;
  }

  /** Speaks one SSML document in eSpeak's dialect; chunks arrive as they are synthesized. */
  async *synthesize(ssml: string, voice: string): AsyncGenerator<EspeakChunk> {
    const id = this.nextId++;
    const queue: Reply[] = [];
    let wake: (() => void) | undefined;
    this.pending.set(id, { push: (reply) => { queue.push(reply); wake?.(); } });
    if (this.pending.size === 1) this.worker.ref();
    this.worker.postMessage({ id, ssml, voiceName: voice });
    try {
      for (;;) {
        const reply = queue.shift() ?? (await new Promise<void>((resolve) => { wake = resolve; }), queue.shift());
        if (reply === undefined) continue;
        this.sampleRateHz = reply.sampleRateHz || this.sampleRateHz;
        if (reply.error !== undefined) throw new Error(reply.error);
        if (reply.done === true) return;
        yield { samples: reply.samples ?? new Int16Array(0), events: reply.events ?? [] };
      }
    } finally {
      this.pending.delete(id);
      if (this.pending.size === 0) this.worker.unref();
    }
  }
}
