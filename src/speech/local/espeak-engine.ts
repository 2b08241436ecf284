import type { EspeakEvent, EspeakWorker } from '@echogarden/espeak-ng-emscripten';

export type { EspeakEvent } from '@echogarden/espeak-ng-emscripten';

/** One eSpeak call's output: 16-bit mono samples at the engine's own rate, and its events. */
export interface EspeakOutput {
  samples: Int16Array;
  sampleRateHz: number;
  events: EspeakEvent[];
}

let shared: Promise<EspeakEngine> | undefined;

/**
 * The eSpeak NG WebAssembly engine. Loading it (24 MB of voice data) takes ~300 ms, so one warm
 * instance serves every request; calls are synchronous, so requests interleave between pieces only.
 */
export class EspeakEngine {
  private currentVoice = '';

  private constructor(private readonly worker: EspeakWorker) {}

  /** The process-wide warm instance, loaded on first use (never at import time). */
  static shared(): Promise<EspeakEngine> {
    // Imported on first use: the 840 kB glue script stays out of every other importer's start-up.
    shared ??= import('@echogarden/espeak-ng-emscripten')
      .then(async ({ default: initialize }) => initialize())
      .then((module) => new EspeakEngine(new module.eSpeakNGWorker()));
    return shared;
  }

  get sampleRateHz(): number {
    return this.worker.get_samplerate();
  }

  /** Speaks one SSML document (eSpeak's own SSML: prosody, break, say-as, sub, mark, emphasis). */
  synthesize(ssml: string, voice: string): EspeakOutput {
    if (voice !== this.currentVoice) {
      if (this.worker.set_voice(voice) !== 0) throw new Error(`eSpeak has no voice ${voice}`);
      this.currentVoice = voice;
    }
    const chunks: Int16Array[] = [];
    const events: EspeakEvent[] = [];
    this.worker.synthesize(ssml, (samples, chunkEvents) => {
      if (samples.length > 0) chunks.push(samples);
      events.push(...chunkEvents);
      return 0;
    });
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const samples = new Int16Array(total);
    let at = 0;
    for (const chunk of chunks) {
      samples.set(chunk, at);
      at += chunk.length;
    }
    return { samples, sampleRateHz: this.sampleRateHz, events };
  }
}
