import type { KeptExample } from './features.js';
import type { DecisionRecord } from './port.js';

/** A decision waiting for its reward (and, when deferred, its activation). */
export interface PendingEvent {
  record: DecisionRecord;
  /** The chosen action's example, kept for learning (not its materialized vector). */
  example: KeptExample;
  /** Epoch ms after which the reward window is closed. */
  deadline: number;
  rewardSum: number;
  rewardCount: number;
}

export type FinishedState = 'rewarded' | 'expired';

const NONE: readonly PendingEvent[] = Object.freeze([]);

/**
 * Bookkeeping of pending decisions in decision order, plus a bounded memory of finished ones so a
 * late reward is told apart from an unknown eventId and a second reward from a first.
 */
export class EventBook {
  private readonly pending = new Map<string, PendingEvent>();
  private readonly finished = new Map<string, FinishedState>();

  constructor(
    private readonly maxPending: number,
    private readonly finishedMemory: number,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  get(eventId: string): PendingEvent | undefined {
    return this.pending.get(eventId);
  }

  has(eventId: string): boolean {
    return this.pending.has(eventId) || this.finished.has(eventId);
  }

  /** Adds an event; returns the oldest one when over capacity (the caller finalizes it early). */
  add(event: PendingEvent): PendingEvent | undefined {
    this.pending.set(event.record.eventId, event);
    if (this.pending.size <= this.maxPending) return undefined;
    const oldest = this.pending.values().next().value;
    if (oldest !== undefined) this.pending.delete(oldest.record.eventId);
    return oldest;
  }

  /** Removes and returns the events whose window closed at or before `now` (on every request). */
  takeDue(now: number): readonly PendingEvent[] {
    let due: PendingEvent[] | undefined;
    for (const event of this.pending.values()) {
      // Decision order is deadline order with a monotonic clock; stop at the first open window.
      if (event.deadline > now) break;
      (due ??= []).push(event);
    }
    if (due === undefined) return NONE;
    for (const event of due) this.pending.delete(event.record.eventId);
    return due;
  }

  /** Removes and returns every pending event (shutdown). */
  takeAll(): PendingEvent[] {
    const all = [...this.pending.values()];
    this.pending.clear();
    return all;
  }

  finish(eventId: string, state: FinishedState): void {
    this.pending.delete(eventId);
    this.finished.set(eventId, state);
    if (this.finished.size > this.finishedMemory) {
      const oldest = this.finished.keys().next().value;
      if (oldest !== undefined) this.finished.delete(oldest);
    }
  }

  finishedState(eventId: string): FinishedState | undefined {
    return this.finished.get(eventId);
  }
}
