/**
 * Sessions, insert-only: an immutable header in `sessions` (`_id` = sessionId) and one document
 * per turn in `session_turns` (`_id` = `<sessionId>:<seq>`, see turnDocId). On FerretDB 1.24 every
 * update costs ~50-70 ms and updates serialize, while an insert costs a few ms, so a turn is one
 * insert (docs/storage.md).
 *
 * Optimistic concurrency comes from the unique `_id`: the writer of turn n names the n-1 turns it
 * read, and a second writer of turn n gets a duplicate key, PARLEY_STORE_CONFLICT. That holds across
 * processes on MongoDB and FerretDB alike, so no server detection and no in-process queue.
 */
import type { Collection } from 'mongodb';
import { isParleyError, ParleyError } from '../shared/errors.js';
import type { Keyed } from './documents.js';
import { lastPresent } from './gallop.js';
import { InsertBatcher } from './insert-batcher.js';
import { guard, toStoreError } from './mongo-errors.js';
import type { SessionHead, SessionRecord, SessionRepository, SessionTurn, StoredConversationState, TurnPlayback } from './port.js';
import {
  fromHeaderDoc,
  fromTurnDoc,
  latestOf,
  playbackDocId,
  toHeaderDoc,
  toTurnDoc,
  turnDocId,
  type LatestFields,
  type SessionHeaderDoc,
  type SessionPlaybackDoc,
  type LegacySessionTurnDoc,
  type SessionTurnDoc,
  withPlayback,
} from './session-codec.js';

const ID_ONLY = { projection: { _id: 1 } } as const;
// `state` for turn documents of the layout before `stateJson` (session-codec.ts).
const LATEST_ONLY = { projection: { stateJson: 1, state: 1, updatedAt: 1, expiresAt: 1 } } as const;

export class MongoSessionRepository implements SessionRepository {
  /** Turns written by concurrent sessions share round trips (group commit). */
  readonly #turnWrites: InsertBatcher<Keyed<SessionTurnDoc>>;

  constructor(
    private readonly headers: Collection<Keyed<SessionHeaderDoc>>,
    private readonly turns: Collection<Keyed<SessionTurnDoc>>,
    private readonly now: () => Date = () => new Date(),
    /** Absent in tests that build the repository by hand: playback is then not recorded. */
    private readonly playback?: Collection<Keyed<SessionPlaybackDoc>>,
  ) {
    this.#turnWrites = new InsertBatcher(turns);
  }

  /** Not on the turn path: the find on `sessionId` scans all of `session_turns` on FerretDB. */
  async get(sessionId: string): Promise<SessionRecord | null> {
    const header = await guard(() => this.headers.findOne({ _id: sessionId }));
    if (header === null) return null;
    const docs: Array<SessionTurnDoc | LegacySessionTurnDoc> = await guard(() => this.turns.find({ sessionId }).sort({ seq: 1 }).toArray());
    const latest = docs.at(-1);
    const heard = this.playback === undefined ? [] : await guard(async () => (await this.playback?.find({ sessionId }).toArray()) ?? []);
    return { ...fromHeaderDoc(header), ...(latest === undefined ? {} : latestOf(latest)), turns: withPlayback(docs.map(fromTurnDoc), heard) };
  }

  async recordPlayback(sessionId: string, turnId: string, playback: TurnPlayback): Promise<void> {
    const collection = this.playback;
    if (collection === undefined) return;
    try {
      await guard(() => collection.insertOne({ _id: playbackDocId(sessionId, turnId), sessionId, turnId, ...playback }));
    } catch (error) {
      // Recorded once per turn: a second report (a retry) changes nothing.
      if (!(isParleyError(error) && error.code === 'PARLEY_STORE_DUPLICATE')) throw error;
    }
  }

  /** The header and the turn count, read by `_id` only; the header read runs beside the probes. */
  async getHead(sessionId: string): Promise<SessionHead | null> {
    const [header, turnCount] = await Promise.all([
      guard(() => this.headers.findOne({ _id: sessionId })),
      lastPresent((seq) => this.hasTurn(sessionId, seq)),
    ]);
    if (header === null) return null;
    const head = fromHeaderDoc(header);
    if (turnCount === 0) return { ...head, turnCount };
    const latest: LatestFields | null = await guard(() => this.turns.findOne({ _id: turnDocId(sessionId, turnCount) }, LATEST_ONLY));
    // Turn documents are removed only with their session: one gone now means a delete meanwhile.
    return latest === null ? null : { ...head, ...latestOf(latest), turnCount };
  }

  /**
   * The header, and the record's turns if it has any (each stored with the record's state: the
   * states between them are not known).
   */
  async create(session: SessionRecord): Promise<void> {
    await guard(() => this.headers.insertOne({ _id: session.sessionId, ...toHeaderDoc(session) }));
    if (session.turns.length === 0) return;
    const latest = { state: session.state, updatedAt: session.updatedAt, expiresAt: session.expiresAt };
    const docs = session.turns.map((turn, i) => ({ _id: turnDocId(session.sessionId, i + 1), ...toTurnDoc(session.sessionId, i + 1, turn, latest) }));
    await guard(() => this.turns.insertMany(docs));
  }

  async appendTurn(sessionId: string, expectedTurns: number, state: StoredConversationState, turn: SessionTurn, expiresAt: Date): Promise<void> {
    const seq = expectedTurns + 1;
    const doc = toTurnDoc(sessionId, seq, turn, { state, updatedAt: this.now(), expiresAt });
    try {
      await this.#turnWrites.insert({ _id: turnDocId(sessionId, seq), ...doc });
    } catch (error) {
      if (!(isParleyError(error) && error.code === 'PARLEY_STORE_DUPLICATE')) throw error;
      throw new ParleyError('PARLEY_STORE_CONFLICT', 'The session changed since it was read.', {
        status: 409,
        retryable: false,
        details: { expectedTurns },
      });
    }
  }

  /**
   * Header first, so the session is gone at once even if removing its turns fails. The turns go by
   * `sessionId` (a scan on FerretDB; not on the turn path) so that none is left behind.
   */
  async delete(sessionId: string): Promise<void> {
    await guard(() => this.headers.deleteOne({ _id: sessionId }));
    await guard(() => this.turns.deleteMany({ sessionId }));
    const playback = this.playback;
    if (playback !== undefined) await guard(() => playback.deleteMany({ sessionId }));
  }

  /**
   * Candidates are headers whose creation expiry passed (indexed on MongoDB; FerretDB scans the
   * headers, off the turn path), oldest first; the latest turn's expiry decides. Each goes header
   * first (gone at once), then its turns one `_id` at a time (pushed down on FerretDB, unlike a
   * filter on `sessionId`), then the playback records of all removed in one delete.
   */
  async removeExpired(before: Date, limit: number): Promise<number> {
    const removed: string[] = [];
    let failure: unknown;
    const candidates = this.headers.find({ expiresAt: { $lt: before } }, ID_ONLY).sort({ expiresAt: 1 });
    try {
      for await (const { _id: sessionId } of candidates) {
        if (removed.length >= limit) break;
        const head = await this.getHead(sessionId);
        if (head === null || head.expiresAt >= before) continue;
        await guard(() => this.headers.deleteOne({ _id: sessionId }));
        removed.push(sessionId);
        for (let seq = 1; seq <= head.turnCount; seq += 1) await guard(() => this.turns.deleteOne({ _id: turnDocId(sessionId, seq) }));
      }
    } catch (error) {
      failure = error;
    } finally {
      await candidates.close().catch(() => undefined);
    }
    // Also after a failure: a removed header is never found again, so its records would stay.
    const playback = this.playback;
    if (playback !== undefined && removed.length > 0) {
      try {
        await playback.deleteMany({ sessionId: { $in: removed } });
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw toStoreError(failure);
    return removed.length;
  }

  private async hasTurn(sessionId: string, seq: number): Promise<boolean> {
    return (await guard(() => this.turns.findOne({ _id: turnDocId(sessionId, seq) }, ID_ONLY))) !== null;
  }
}
