/**
 * The Lex emulator's session memory: what Lex keeps between turns of a session (state, last
 * messages and interpretations), keyed by bot, alias, locale and session. Bounded by count (the
 * least recently used session goes first) and by idle time, like Lex's idleSessionTTLInSeconds.
 */
import type { Interpretation, Message, SessionState } from '../../conversation/port.js';

export interface LexSessionKey {
  botId: string;
  botAliasId: string;
  localeId: string;
  sessionId: string;
}

export interface StoredLexSession {
  sessionState: SessionState;
  messages: Message[];
  interpretations: Interpretation[];
  requestAttributes?: Record<string, string>;
}

export interface LexSessionStoreOptions {
  /** Idle time after which a session is gone (Lex's default is 5 minutes). */
  ttlSeconds?: number;
  maxSessions?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

export class LexSessionStore {
  private readonly sessions = new Map<string, { session: StoredLexSession; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: LexSessionStoreOptions = {}) {
    this.ttlMs = (options.ttlSeconds ?? 300) * 1000;
    this.maxSessions = options.maxSessions ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.sessions.size;
  }

  get(key: LexSessionKey): StoredLexSession | undefined {
    const id = keyOf(key);
    const entry = this.sessions.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return entry.session;
  }

  set(key: LexSessionKey, session: StoredLexSession): void {
    const id = keyOf(key);
    // Re-inserting moves the session to the end, so Map order is least recently used first.
    this.sessions.delete(id);
    this.sessions.set(id, { session, expiresAt: this.now() + this.ttlMs });
    while (this.sessions.size > this.maxSessions) {
      const oldest = this.sessions.keys().next();
      if (oldest.done === true) break;
      this.sessions.delete(oldest.value);
    }
  }

  /** True when there was a live session to delete. */
  delete(key: LexSessionKey): boolean {
    const existed = this.get(key) !== undefined;
    this.sessions.delete(keyOf(key));
    return existed;
  }
}

function keyOf(key: LexSessionKey): string {
  // '/' cannot occur in any of the validated ids, so the joined key is unambiguous.
  return `${key.botId}/${key.botAliasId}/${key.localeId}/${key.sessionId}`;
}
