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

/** One document being (or lately) spoken: its chunks so far, for every reader to replay. */
interface Run {
  chunks: EspeakChunk[];
  done: boolean;
  error?: Error;
  /** Readers waiting for the next chunk or the end. */
  waiters: Array<() => void>;
  finishedAt?: number;
}

export interface EspeakThreadOptions {
  /** A finished run is replayed to readers of the same document for this long (default 5 s). */
  keepMs?: number;
  /** Finished runs kept at most (default 64; the oldest go first). */
  maxKept?: number;
  clock?: () => number;
}

let shared: EspeakThread | undefined;

/**
 * eSpeak NG (WebAssembly) on a worker thread: one warm instance for the process, requests served
 * in order, chunks streamed back as eSpeak produces them. The thread keeps the process alive only
 * while a request is in flight.
 *
 * A reply's sentence is asked for twice, its speech marks and its audio, at once: a document
 * asked for while it is being spoken, or within `keepMs` after, is read from that run rather than
 * spoken again. Readers share the chunks and must not write to them.
 */
export class EspeakThread {
  private readonly worker: Worker;
  private readonly runsById = new Map<number, Run>();
  /** By voice and document; finished ones in the order they finished. */
  private readonly runs = new Map<string, Run>();
  private nextId = 1;
  private readonly keepMs: number;
  private readonly maxKept: number;
  private readonly clock: () => number;
  sampleRateHz = 22_050;
  /** Documents eSpeak has spoken (a replayed one is not counted). */
  runsStarted = 0;

  constructor(options: EspeakThreadOptions = {}) {
    this.keepMs = options.keepMs ?? 5000;
    this.maxKept = options.maxKept ?? 64;
    this.clock = options.clock ?? Date.now;
    const moduleUrl = pathToFileURL(createRequire(import.meta.url).resolve('@echogarden/espeak-ng-emscripten')).href;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { moduleUrl } });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.receive(reply.id, reply));
    this.worker.on('error', (error) => {
      for (const id of [...this.runsById.keys()]) this.receive(id, { id, sampleRateHz: 0, error: error.message });
    });
  }

  /** The process-wide instance, started on first use (never at import time). */
  static shared(): EspeakThread {
    shared ??= new EspeakThread();
    return shared;
  }

  /** Speaks one SSML document in eSpeak's dialect; chunks arrive as they are synthesized. */
  synthesize(ssml: string, voice: string): AsyncGenerator<EspeakChunk> {
    this.forgetOld();
    const key = `${voice}\n${ssml}`;
    let run = this.runs.get(key);
    if (run === undefined) {
      run = this.start(ssml, voice);
      this.runs.set(key, run);
    }
    return replay(run);
  }

  /** Stops the worker (an instance of one's own; the shared one lives as long as the process). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private start(ssml: string, voice: string): Run {
    const id = this.nextId++;
    const run: Run = { chunks: [], done: false, waiters: [] };
    this.runsById.set(id, run);
    this.runsStarted += 1;
    if (this.runsById.size === 1) this.worker.ref();
    this.worker.postMessage({ id, ssml, voiceName: voice });
    return run;
  }

  private receive(id: number, reply: Reply): void {
    const run = this.runsById.get(id);
    if (run === undefined) return;
    this.sampleRateHz = reply.sampleRateHz || this.sampleRateHz;
    if (reply.error !== undefined) {
      run.error = new Error(reply.error);
      // A failed run is not replayed: the next reader tries again.
      for (const [key, kept] of this.runs) if (kept === run) this.runs.delete(key);
    } else if (reply.done === true) {
      run.done = true;
      run.finishedAt = this.clock();
    } else {
      run.chunks.push({ samples: reply.samples ?? new Int16Array(0), events: reply.events ?? [] });
    }
    if (run.error !== undefined || run.done) {
      this.runsById.delete(id);
      if (this.runsById.size === 0) this.worker.unref();
    }
    for (const wake of run.waiters.splice(0)) wake();
  }

  /** Finished runs past `keepMs`, and the oldest beyond `maxKept`; runs in progress stay. */
  private forgetOld(): void {
    const now = this.clock();
    let finished = 0;
    for (const run of this.runs.values()) if (run.finishedAt !== undefined) finished += 1;
    for (const [key, run] of this.runs) {
      if (run.finishedAt === undefined) continue;
      if (now - run.finishedAt < this.keepMs && finished <= this.maxKept) break;
      this.runs.delete(key);
      finished -= 1;
    }
  }
}

async function* replay(run: Run): AsyncGenerator<EspeakChunk> {
  for (let next = 0; ; ) {
    while (next < run.chunks.length) yield run.chunks[next++] as EspeakChunk;
    if (run.error !== undefined) throw run.error;
    if (run.done) return;
    await new Promise<void>((resolve) => run.waiters.push(resolve));
  }
}
