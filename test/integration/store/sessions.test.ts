import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyed } from '../../../src/store/documents.js';
import { COLLECTIONS } from '../../../src/store/indexes.js';
import { startSessionRetention } from '../../../src/fulfillment/session-retention.js';
import { MongoSessionRepository } from '../../../src/store/mongo-session-repository.js';
import { encodeState, turnDocId, type SessionHeaderDoc, type SessionTurnDoc } from '../../../src/store/session-codec.js';
import type { SessionTurn, Store } from '../../../src/store/port.js';
import type { SessionState } from '../../../src/conversation/port.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { session, T0 } from './fixtures.js';

function turn(id: string): SessionTurn {
  return {
    turnId: id,
    at: T0,
    input: { kind: 'text', text: 'where is my order' },
    intent: { name: 'OrderStatus', state: 'InProgress', confidence: 0.9 },
    slots: [{ name: 'OrderNumber', value: null }],
    dialogAction: { type: 'ElicitSlot', slotToElicit: 'OrderNumber' },
    replyText: 'What is your order number?',
    latencyMs: 12,
  };
}

/** A state that names its turn, with attribute keys FerretDB could not store as keys. */
function stateAfter(n: number): SessionState {
  return { intent: { name: 'OrderStatus', slots: { OrderNumber: null } }, sessionAttributes: { 'turn.n': String(n), $n: String(n) } };
}

const expiryAfter = (n: number): Date => new Date(T0.getTime() + 600_000 + n * 1000);

async function withTurns(store: Store, sessionId: string, count: number): Promise<void> {
  await store.sessions.create(session(sessionId));
  for (let n = 1; n <= count; n += 1) await store.sessions.appendTurn(sessionId, n - 1, stateAfter(n), turn(`t${n}`), expiryAfter(n));
}

describe('session repository on a real database', () => {
  let db: TestStore;
  let store: Store;
  beforeAll(async () => {
    db = await openTestStore();
    store = db.store;
  });
  afterAll(() => db.close());

  it('round-trips session attributes and context whose keys contain "." and "$"', async () => {
    const record = session('s-attr');
    await store.sessions.create(record);
    expect(await store.sessions.get('s-attr')).toEqual(record);
    const { turns, ...head } = record;
    expect(await store.sessions.getHead('s-attr')).toEqual({ ...head, turnCount: 0 });
  });

  it('appends turns and rejects a second writer of the same turn with PARLEY_STORE_CONFLICT', async () => {
    await store.sessions.create(session('s-occ'));
    await store.sessions.appendTurn('s-occ', 0, stateAfter(1), turn('t1'), expiryAfter(1));
    const stale = store.sessions.appendTurn('s-occ', 0, stateAfter(1), turn('t1-other'), expiryAfter(1));
    await expect(stale).rejects.toMatchObject({ code: 'PARLEY_STORE_CONFLICT', status: 409 });
    await store.sessions.appendTurn('s-occ', 1, stateAfter(2), turn('t2'), expiryAfter(2));

    const stored = await store.sessions.get('s-occ');
    expect(stored?.turns).toEqual([turn('t1'), turn('t2')]);
    expect(stored?.state).toEqual(stateAfter(2));
    expect(stored?.expiresAt).toEqual(expiryAfter(2));
    expect(stored?.updatedAt.getTime()).toBeGreaterThan(T0.getTime());
    expect(stored).not.toHaveProperty('turnCount');
  });

  it('one of two concurrent appends on the same turn count wins', async () => {
    await store.sessions.create(session('s-race'));
    const results = await Promise.allSettled(['a', 'b'].map((id) => store.sessions.appendTurn('s-race', 0, {}, turn(id), T0)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'PARLEY_STORE_CONFLICT' } });
    expect((await store.sessions.get('s-race'))?.turns).toHaveLength(1);
  });

  it.each([1, 2, 3, 7, 8, 9, 33])('getHead of a session with %i turns: its count and the latest state', async (count) => {
    const sessionId = `s-head-${count}`;
    await withTurns(store, sessionId, count);
    const { turns, ...header } = session(sessionId);
    const head = await store.sessions.getHead(sessionId);
    expect(head).toEqual({ ...header, state: stateAfter(count), expiresAt: expiryAfter(count), updatedAt: expect.any(Date), turnCount: count });
    expect(head?.updatedAt.getTime()).toBeGreaterThan(T0.getTime());
    const stored = await store.sessions.get(sessionId);
    expect(stored?.turns.map((t) => t.turnId)).toEqual(Array.from({ length: count }, (_, i) => `t${i + 1}`));
    expect(stored?.state).toEqual(stateAfter(count));
  });

  it('a missing session reads as null; delete removes a session and its turns', async () => {
    expect(await store.sessions.get('nope')).toBeNull();
    expect(await store.sessions.getHead('nope')).toBeNull();
    await withTurns(store, 's-del', 3);
    await withTurns(store, 's-del-kept', 2);
    await store.sessions.delete('s-del');
    expect(await store.sessions.get('s-del')).toBeNull();
    expect(await store.sessions.getHead('s-del')).toBeNull();
    // The same id can be created afresh: no turn of the old session is left to collide with.
    await withTurns(store, 's-del', 1);
    expect(await store.sessions.getHead('s-del')).toMatchObject({ turnCount: 1 });
    expect(await store.sessions.getHead('s-del-kept')).toMatchObject({ turnCount: 2 });
  });

  it('create stores the turns of a record that has some', async () => {
    const record = { ...session('s-pre'), state: stateAfter(2), turns: [turn('p1'), turn('p2')] };
    await store.sessions.create(record);
    expect(await store.sessions.get('s-pre')).toEqual(record);
    expect(await store.sessions.getHead('s-pre')).toMatchObject({ turnCount: 2, state: stateAfter(2) });
  });
});

describe('turn documents of the layout before the JSON texts', () => {
  let db: TestStore;
  let client: MongoClient;
  beforeAll(async () => {
    db = await openTestStore();
    client = await new MongoClient(db.uri).connect();
  });
  afterAll(async () => {
    await client.close();
    await db.close();
  });

  it('are resumed and listed as before, and a new turn follows them', async () => {
    await db.store.sessions.create(session('s-legacy'));
    // As a database written before 2026-11-29 holds them: the turn's fields and state nested.
    const legacy = [1, 2].map((n) => ({ _id: turnDocId('s-legacy', n), ...turn(`t${n}`), sessionId: 's-legacy', seq: n, state: encodeState(stateAfter(n)), updatedAt: T0, expiresAt: expiryAfter(n) }));
    await client.db(db.dbName).collection<{ _id: string }>(COLLECTIONS.sessionTurns).insertMany(legacy);
    expect(await db.store.sessions.getHead('s-legacy')).toMatchObject({ turnCount: 2, state: stateAfter(2), expiresAt: expiryAfter(2) });
    await db.store.sessions.appendTurn('s-legacy', 2, stateAfter(3), turn('t3'), expiryAfter(3));
    const stored = await db.store.sessions.get('s-legacy');
    expect(stored?.turns).toEqual([turn('t1'), turn('t2'), turn('t3')]);
    expect(stored?.state).toEqual(stateAfter(3));
    expect(await db.store.sessions.getHead('s-legacy')).toMatchObject({ turnCount: 3, state: stateAfter(3) });
  });
});

describe('two repositories (two processes) on one database', () => {
  let db: TestStore;
  let clients: MongoClient[];
  let repos: MongoSessionRepository[];
  beforeAll(async () => {
    db = await openTestStore();
    clients = await Promise.all([1, 2].map(() => new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000 }).connect()));
    repos = clients.map((client) => {
      const mongo = client.db(db.dbName);
      return new MongoSessionRepository(
        mongo.collection<Keyed<SessionHeaderDoc>>(COLLECTIONS.sessions),
        mongo.collection<Keyed<SessionTurnDoc>>(COLLECTIONS.sessionTurns),
      );
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await db.close();
  });

  it('lets exactly one of them write each turn, sequentially and concurrently', async () => {
    const [a, b] = repos;
    if (a === undefined || b === undefined) throw new Error('two repositories expected');
    await a.create(session('x1'));
    await a.appendTurn('x1', 0, stateAfter(1), turn('t1'), T0);
    await expect(b.appendTurn('x1', 0, stateAfter(1), turn('stale'), T0)).rejects.toMatchObject({ code: 'PARLEY_STORE_CONFLICT' });
    const raced = await Promise.allSettled([a, b].map((repo, i) => repo.appendTurn('x1', 1, stateAfter(2), turn(`r${i}`), T0)));
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await b.getHead('x1')).toMatchObject({ turnCount: 2, state: stateAfter(2) });
    expect((await a.get('x1'))?.turns).toHaveLength(2);
  });
});

describe('session retention: expired sessions removed with their turns and playback', () => {
  let db: TestStore;
  let raw: MongoClient;
  beforeAll(async () => {
    db = await openTestStore();
    raw = await new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000 }).connect();
  });
  afterAll(async () => {
    await raw.close();
    await db.close();
  });

  const countOf = (collection: string, sessionId: string): Promise<number> => raw.db(db.dbName).collection(collection).countDocuments({ sessionId });
  const playback = { segments: 1, segmentsSent: 1, segmentsHeard: 1, audioMs: 500, heardMs: 500, outcome: 'completed' as const, at: T0 };
  const FAR = new Date('2099-01-01T00:00:00Z');
  const before = new Date(T0.getTime() + 86_400_000);

  it('removes sessions whose latest turn expired, oldest first and at most `limit`, and leaves live ones', async () => {
    const { sessions } = db.store;
    await sessions.create({ ...session('r-bare'), expiresAt: new Date(T0.getTime() - 1000) });
    await withTurns(db.store, 'r-old', 3);
    await sessions.recordPlayback('r-old', 't1', playback);
    await sessions.recordPlayback('r-old', 't3', playback);
    // Created as long ago, but its latest turn keeps it alive.
    await withTurns(db.store, 'r-live', 1);
    await sessions.appendTurn('r-live', 1, stateAfter(2), turn('t2'), FAR);
    await sessions.recordPlayback('r-live', 't2', playback);
    await sessions.create({ ...session('r-fresh'), expiresAt: FAR });

    expect(await sessions.removeExpired(before, 1)).toBe(1);
    expect(await sessions.getHead('r-bare')).toBeNull();
    expect(await sessions.getHead('r-old')).not.toBeNull();

    expect(await sessions.removeExpired(before, 10)).toBe(1);
    expect(await sessions.getHead('r-old')).toBeNull();
    expect(await countOf(COLLECTIONS.sessionTurns, 'r-old')).toBe(0);
    expect(await countOf(COLLECTIONS.sessionPlayback, 'r-old')).toBe(0);
    const live = await sessions.get('r-live');
    expect(live?.turns.map((t) => t.turnId)).toEqual(['t1', 't2']);
    expect(live?.turns[1]?.playback).toMatchObject({ outcome: 'completed' });
    expect(await sessions.getHead('r-fresh')).toMatchObject({ turnCount: 0 });
    expect(await sessions.removeExpired(before, 10)).toBe(0);
    // Later, the live one's latest turn has expired too.
    expect(await sessions.removeExpired(new Date('2099-02-01T00:00:00Z'), 10)).toBe(2);
    expect(await countOf(COLLECTIONS.sessionTurns, 'r-live')).toBe(0);
    expect(await countOf(COLLECTIONS.sessionPlayback, 'r-live')).toBe(0);
  });

  it('sweeps a backlog in batches on its clock, and reports a database that is gone as PARLEY_STORE_UNAVAILABLE', async () => {
    for (const id of ['b-1', 'b-2', 'b-3']) await withTurns(db.store, id, 2);
    const removedCounts: number[] = [];
    const retention = startSessionRetention({ sessions: db.store.sessions, retentionMs: 86_400_000, everyMs: 3_600_000, batch: 2, clock: () => T0.getTime() + 2 * 86_400_000, onRemoved: (n) => removedCounts.push(n) });
    // Two sweeps asked at once are one.
    const [first, joined] = await Promise.all([retention.sweep(), retention.sweep()]);
    expect([first, joined]).toEqual([3, 3]);
    expect(removedCounts).toEqual([3]);
    for (const id of ['b-1', 'b-2', 'b-3']) expect(await countOf(COLLECTIONS.sessionTurns, id)).toBe(0);
    expect(await retention.sweep()).toBe(0);
    await retention.stop();

    const client = await new MongoClient(db.uri, { serverSelectionTimeoutMS: 1000 }).connect();
    const mongo = client.db(db.dbName);
    const repo = new MongoSessionRepository(mongo.collection<Keyed<SessionHeaderDoc>>(COLLECTIONS.sessions), mongo.collection<Keyed<SessionTurnDoc>>(COLLECTIONS.sessionTurns));
    await client.close();
    const broken = startSessionRetention({ sessions: repo, retentionMs: 1, everyMs: 3_600_000 });
    await expect(broken.sweep()).rejects.toMatchObject({ code: 'PARLEY_STORE_UNAVAILABLE', retryable: true });
    await broken.stop();
  });
});
