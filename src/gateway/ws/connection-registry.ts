/**
 * The live connections of one gateway: admission against maxConnections, and the graceful
 * drain on shutdown (announce, let accepted turns finish within the grace period, close 1012).
 */
import { CloseCode, type Connection } from './connection.js';

export interface DrainOptions {
  /** Longest wait for accepted turns to be answered. */
  graceMs: number;
  /** Hint sent to each client in server.shutdown (jittered per client to spread reconnects). */
  reconnectAfterMs: () => number;
  /** Longest wait for clients to complete the close handshake before sockets are cut. */
  closeHandshakeMs: number;
}

export class ConnectionRegistry {
  readonly #connections = new Set<Connection>();

  constructor(private readonly maxConnections: number) {}

  get size(): number {
    return this.#connections.size;
  }

  isFull(): boolean {
    return this.#connections.size >= this.maxConnections;
  }

  /** False when full; the caller closes the socket with 1013. */
  add(connection: Connection): boolean {
    if (this.#connections.size >= this.maxConnections) return false;
    this.#connections.add(connection);
    void connection.closed.then(() => this.#connections.delete(connection));
    return true;
  }

  async drain(options: DrainOptions): Promise<void> {
    const connections = [...this.#connections];
    for (const connection of connections) connection.beginShutdown(options.reconnectAfterMs());
    await within(Promise.all(connections.map((c) => c.idle())), options.graceMs);
    for (const connection of connections) connection.close(CloseCode.ServiceRestart, 'service restart');
    await within(Promise.all(connections.map((c) => c.closed)), options.closeHandshakeMs);
    for (const connection of this.#connections) connection.terminate();
  }
}

/** Waits for `work` at most `ms`; the timer never keeps the process alive. */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([work.then(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
