import type { SessionState } from '../conversation/port.js';
import type { SessionHead } from '../store/port.js';

/** A session as the turn runner keeps it between turns: everything but the stored turns. */
export type CachedSession = Omit<SessionHead, 'state'> & { state: SessionState };

/**
 * Recently active sessions, so a turn does not read its session back from the database. Bounded,
 * least recently used out; the database stays the authority (optimistic concurrency on write).
 */
export class SessionCache {
  readonly #entries = new Map<string, CachedSession>();
  constructor(private readonly capacity: number) {}

  get(sessionId: string): CachedSession | undefined {
    const entry = this.#entries.get(sessionId);
    if (entry !== undefined) {
      this.#entries.delete(sessionId);
      this.#entries.set(sessionId, entry);
    }
    return entry;
  }

  set(session: CachedSession): void {
    this.#entries.delete(session.sessionId);
    this.#entries.set(session.sessionId, session);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(sessionId: string): void {
    this.#entries.delete(sessionId);
  }
}
