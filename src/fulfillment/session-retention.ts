/**
 * Session retention: a session's transcript (its turns and playback records) is kept for a while
 * after the session expired, for support and review, then removed. The customer's events and
 * interactions are training data and stay. A sweep runs on a timer, in batches, so a backlog (a
 * first start on an old database) drains over a few passes without a long hold on the database.
 */
import type { SessionRepository } from '../store/port.js';

export interface SessionRetentionOptions {
  sessions: Pick<SessionRepository, 'removeExpired'>;
  /** Kept this long after the latest turn's expiry. */
  retentionMs: number;
  /** Time between sweeps. */
  everyMs: number;
  /** Sessions removed per database call (default 200). */
  batch?: number;
  /** Batches per sweep at most (default 50); the rest waits for the next sweep. */
  maxBatches?: number;
  clock?: () => number;
  onRemoved?: (count: number) => void;
  onError?: (error: unknown) => void;
}

export interface SessionRetention {
  /** One sweep now; resolves with the sessions removed. */
  sweep(): Promise<number>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

const DEFAULT_BATCH = 200;
const DEFAULT_MAX_BATCHES = 50;

export function startSessionRetention(options: SessionRetentionOptions): SessionRetention {
  const batch = options.batch ?? DEFAULT_BATCH;
  const maxBatches = options.maxBatches ?? DEFAULT_MAX_BATCHES;
  const clock = options.clock ?? Date.now;
  let running: Promise<number> | undefined;

  const sweepOnce = async (): Promise<number> => {
    const before = new Date(clock() - options.retentionMs);
    let removed = 0;
    for (let n = 0; n < maxBatches; n += 1) {
      const count = await options.sessions.removeExpired(before, batch);
      removed += count;
      if (count < batch) break;
    }
    if (removed > 0) options.onRemoved?.(removed);
    return removed;
  };
  // Sweeps never overlap: a slow one is joined, not doubled.
  const sweep = (): Promise<number> => {
    running ??= sweepOnce().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => {
    sweep().catch((error: unknown) => options.onError?.(error));
  }, options.everyMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
