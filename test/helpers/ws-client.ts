/**
 * A small real WebSocket client for integration tests: connect, send, wait for the next message
 * (of a type), collect what arrives, and observe the close code. Messages are buffered in arrival
 * order; next(type) takes the first buffered message of that type and leaves the others.
 */
import { WebSocket } from 'ws';

export interface ServerFrame {
  type: string;
  [field: string]: unknown;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export interface ConnectOptions {
  /** Sent as the Origin header; omitted when undefined. */
  origin?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 3000;

/** Thrown by connect() when the server refuses the upgrade. */
export class UpgradeRefused extends Error {
  constructor(readonly statusCode: number) {
    super(`upgrade refused with HTTP ${statusCode}`);
  }
}

export class WsClient {
  readonly #buffer: ServerFrame[] = [];
  #waiters: Array<() => void> = [];
  readonly closed: Promise<CloseInfo>;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('unexpected binary frame from server');
      this.#buffer.push(JSON.parse(String(data)) as ServerFrame);
      this.#wake();
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.#wake();
      });
    });
    // A reset or protocol error shows up as a close; tests assert on that.
    socket.on('error', () => undefined);
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends bytes or text as they are (bad JSON, binary frames, oversized frames). */
  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? typeof data !== 'string' });
  }

  /** The next message (of `type`, when given); rejects after timeoutMs or when the socket closes first. */
  async next(type?: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ServerFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.#buffer.findIndex((m) => type === undefined || m.type === type);
      if (index >= 0) return this.#buffer.splice(index, 1)[0] as ServerFrame;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for ${type ?? 'a message'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${type ?? 'a message'}; buffered: ${JSON.stringify(this.#buffer.map((m) => m.type))}`);
      await this.#waitForActivity(left);
    }
  }

  /** Everything that arrives within `ms` (plus what is already buffered), in order. */
  async collect(ms: number): Promise<ServerFrame[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.#buffer.splice(0, this.#buffer.length);
  }

  /** Closes from the client side and resolves with the close information. */
  async close(code = 1000, reason = ''): Promise<CloseInfo> {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
    return this.closed;
  }

  /** Resolves with the server's close, rejecting if it does not come in time. */
  async closedWithin(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<CloseInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('socket did not close in time')), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #waitForActivity(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const waiter = (): void => done();
      this.#waiters.push(waiter);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

export async function connect(url: string, options: ConnectOptions = {}): Promise<WsClient> {
  const socket = new WebSocket(url, {
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    handshakeTimeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  // Attach before open so nothing the server sends right away is missed.
  const client = new WsClient(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => {
      reject(new UpgradeRefused(response.statusCode ?? 0));
      socket.terminate();
    });
    socket.once('error', reject);
  });
  return client;
}
