/**
 * A real WebSocket client for spoken replies: keeps text and binary frames in one ordered list,
 * so tests can check that each binary frame follows its audio.segment.
 */
import { WebSocket } from 'ws';

export type Frame = { kind: 'json'; message: { type: string; [field: string]: unknown } } | { kind: 'binary'; bytes: Buffer };

export class AudioClient {
  readonly frames: Frame[] = [];
  /** Messages already returned by message(). */
  readonly #taken = new Set<Frame>();
  #wake: (() => void) | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      this.frames.push(isBinary ? { kind: 'binary', bytes: Buffer.from(data) } : { kind: 'json', message: JSON.parse(data.toString('utf8')) as { type: string } });
      this.#wake?.();
    });
    socket.on('error', () => undefined);
  }

  static async open(url: string, origin: string): Promise<AudioClient> {
    const socket = new WebSocket(url, { origin });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new AudioClient(socket);
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Waits until `done` holds for the frames received so far. */
  async until(done: (frames: readonly Frame[]) => boolean, timeoutMs = 60_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(this.frames.map((f) => (f.kind === 'json' ? f.message.type : `binary ${f.bytes.length}`)))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 100));
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.frames;
  }

  /** The first JSON message of `type` not returned before, waiting for it. */
  async message(type: string, timeoutMs?: number): Promise<{ type: string; [field: string]: unknown }> {
    const find = (frames: readonly Frame[]) => frames.find((f) => f.kind === 'json' && f.message.type === type && !this.#taken.has(f));
    const frame = find(await this.until((frames) => find(frames) !== undefined, timeoutMs));
    if (frame?.kind !== 'json') throw new Error('unreachable');
    this.#taken.add(frame);
    return frame.message;
  }

  messages(): Array<{ type: string; [field: string]: unknown }> {
    return this.frames.flatMap((f) => (f.kind === 'json' ? [f.message] : []));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
