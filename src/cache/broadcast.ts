import { SPEECH_ERROR_CODES, speechError } from '../speech/index.js';

/**
 * One producer's chunks, replayed to any number of readers as they arrive: a reader that joins
 * late first gets what was already produced, then waits for more. Chunks are kept as a list (the
 * cache joins them once at the end). A reader's abort stops only that reader.
 */
export class Broadcast {
  private readonly chunks: Uint8Array[] = [];
  private finished = false;
  private failure: { error: unknown } | undefined;
  private waiters: Array<() => void> = [];

  get produced(): readonly Uint8Array[] {
    return this.chunks;
  }

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.wake();
  }

  end(): void {
    this.finished = true;
    this.wake();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.wake();
  }

  async *read(signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    let next = 0;
    for (;;) {
      if (signal?.aborted === true) throw speechError(SPEECH_ERROR_CODES.aborted, 'audio stream was cancelled');
      if (next < this.chunks.length) {
        yield this.chunks[next] as Uint8Array;
        next += 1;
        continue;
      }
      if (this.failure !== undefined) throw this.failure.error;
      if (this.finished) return;
      await this.nextEvent(signal);
    }
  }

  private nextEvent(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }
}
