/**
 * Runs a connection's work (hello, turns) strictly one after another, in arrival order, with a
 * bound on how much may wait: a client cannot pile up unbounded work on the server.
 */

export type Task = () => Promise<void>;

export class SerialQueue {
  readonly #waiting: Task[] = [];
  #running = false;
  #closed = false;
  #idleWaiters: Array<() => void> = [];

  /** @param capacity tasks accepted at once, the running one included. */
  constructor(
    private readonly capacity: number,
    private readonly onTaskError: (error: unknown) => void,
  ) {}

  /** Number of tasks accepted and not finished (running one included). */
  get size(): number {
    return this.#waiting.length + (this.#running ? 1 : 0);
  }

  /** False when full or closed: the caller answers the client instead. */
  push(task: Task): boolean {
    if (this.#closed || this.size >= this.capacity) return false;
    this.#waiting.push(task);
    if (!this.#running) void this.#drain();
    return true;
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drops waiting tasks (the running one finishes) and refuses new ones. */
  close(): void {
    this.#closed = true;
    this.#waiting.length = 0;
    if (!this.#running) this.#notifyIdle();
  }

  async #drain(): Promise<void> {
    this.#running = true;
    for (let task = this.#waiting.shift(); task !== undefined; task = this.#waiting.shift()) {
      try {
        await task();
      } catch (error) {
        this.onTaskError(error);
      }
    }
    this.#running = false;
    this.#notifyIdle();
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
