/**
 * Sessions collection, `_id` = sessionId. A turn is appended with optimistic concurrency (no
 * transactions on FerretDB): the caller names the turn count it read, and a session that changed
 * since fails with PARLEY_STORE_CONFLICT.
 *
 * - On MongoDB ('filter'): one update filtered by `{_id, turnCount}`; atomic, across processes.
 * - On FerretDB 1.24 ('precheck'): a filter with any key besides `_id` is not pushed down to
 *   SQLite and scans the whole collection (bench/store-ops.ts), and a filtered update is
 *   read-then-write anyway, so it would not be atomic. So the turn count is read by `_id`, checked,
 *   and the update filters by `_id` alone. Appends to one session are serialized in this process
 *   (the embedded server serves one process), which makes that check sound within the process;
 *   across processes it is not: cross-process optimistic concurrency holds only on MongoDB.
 */
import type { Collection } from 'mongodb';
import type { SessionState } from '../conversation/port.js';
import { ParleyError } from '../shared/errors.js';
import type { Keyed } from './documents.js';
import { KeyedQueue } from './keyed-queue.js';
import { guard } from './mongo-errors.js';
import type { SessionRecord, SessionRepository, SessionTurn } from './port.js';
import { encodeState, fromSessionDoc, toSessionDoc, type SessionDoc } from './session-codec.js';

export type AppendMode = 'filter' | 'precheck';

export class MongoSessionRepository implements SessionRepository {
  private readonly appends = new KeyedQueue();

  constructor(
    private readonly collection: Collection<Keyed<SessionDoc>>,
    private readonly now: () => Date = () => new Date(),
    private readonly mode: AppendMode = 'filter',
  ) {}

  async get(sessionId: string): Promise<SessionRecord | null> {
    const doc = await guard(() => this.collection.findOne({ _id: sessionId }));
    return doc === null ? null : fromSessionDoc(doc);
  }

  async create(session: SessionRecord): Promise<void> {
    await guard(() => this.collection.insertOne({ _id: session.sessionId, ...toSessionDoc(session) }));
  }

  async appendTurn(
    sessionId: string,
    expectedTurns: number,
    state: SessionState,
    turn: SessionTurn,
    expiresAt: Date,
  ): Promise<void> {
    const update = {
      $push: { turns: turn },
      $set: { state: encodeState(state), updatedAt: this.now(), expiresAt },
      $inc: { turnCount: 1 },
    };
    const matched = await this.appends.run(sessionId, async () => {
      if (this.mode === 'filter') {
        return (await guard(() => this.collection.updateOne({ _id: sessionId, turnCount: expectedTurns }, update))).matchedCount;
      }
      const current = await guard(() => this.collection.findOne({ _id: sessionId }, { projection: { turnCount: 1 } }));
      if (current?.turnCount !== expectedTurns) return 0;
      // matchedCount 0 here: the session was deleted between the read and the update.
      return (await guard(() => this.collection.updateOne({ _id: sessionId }, update))).matchedCount;
    });
    if (matched === 0) {
      throw new ParleyError('PARLEY_STORE_CONFLICT', 'The session changed since it was read (or no longer exists).', {
        status: 409,
        retryable: false,
        details: { expectedTurns },
      });
    }
  }

  async delete(sessionId: string): Promise<void> {
    await guard(() => this.collection.deleteOne({ _id: sessionId }));
  }
}
