/**
 * Sessions collection. A turn is appended with an optimistic-concurrency update (no transactions
 * on FerretDB): the filter names the turn count the caller read, so a concurrent writer makes the
 * update match nothing and the caller gets PARLEY_STORE_CONFLICT.
 *
 * FerretDB 1.24 (SQLite) runs a filtered update as read-then-write, so two concurrent appends can
 * both match; appends to one session are therefore also serialized within this process (the
 * embedded server serves one process). On MongoDB the filtered update alone is atomic.
 */
import type { Collection } from 'mongodb';
import type { SessionState } from '../conversation/port.js';
import { ParleyError } from '../shared/errors.js';
import { forInsert } from './documents.js';
import { KeyedQueue } from './keyed-queue.js';
import { guard } from './mongo-errors.js';
import type { SessionRecord, SessionRepository, SessionTurn } from './port.js';
import { encodeState, fromSessionDoc, toSessionDoc, type SessionDoc } from './session-codec.js';

export class MongoSessionRepository implements SessionRepository {
  private readonly appends = new KeyedQueue();

  constructor(
    private readonly collection: Collection<SessionDoc>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(sessionId: string): Promise<SessionRecord | null> {
    const doc = await guard(() => this.collection.findOne({ sessionId }));
    return doc === null ? null : fromSessionDoc(doc);
  }

  async create(session: SessionRecord): Promise<void> {
    await guard(() => this.collection.insertOne(forInsert(toSessionDoc(session))));
  }

  async appendTurn(
    sessionId: string,
    expectedTurns: number,
    state: SessionState,
    turn: SessionTurn,
    expiresAt: Date,
  ): Promise<void> {
    const result = await this.appends.run(sessionId, () =>
      guard(() => this.collection.updateOne(
        { sessionId, turnCount: expectedTurns },
        {
          $push: { turns: turn },
          $set: { state: encodeState(state), updatedAt: this.now(), expiresAt },
          $inc: { turnCount: 1 },
        },
      )),
    );
    if (result.matchedCount === 0) {
      throw new ParleyError('PARLEY_STORE_CONFLICT', 'The session changed since it was read (or no longer exists).', {
        status: 409,
        retryable: false,
        details: { expectedTurns },
      });
    }
  }

  async delete(sessionId: string): Promise<void> {
    await guard(() => this.collection.deleteOne({ sessionId }));
  }
}
