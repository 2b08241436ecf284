import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyed } from '../../../src/store/documents.js';
import { MongoSessionRepository, type AppendMode } from '../../../src/store/mongo-session-repository.js';
import type { SessionDoc } from '../../../src/store/session-codec.js';
import type { SessionTurn, Store } from '../../../src/store/port.js';
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
  });

  it('appends turns with optimistic concurrency and rejects a stale writer with PARLEY_STORE_CONFLICT', async () => {
    await store.sessions.create(session('s-occ'));
    const expiresAt = new Date(T0.getTime() + 600_000);
    const state = {
      intent: { name: 'OrderStatus', slots: { OrderNumber: null } },
      sessionAttributes: { 'last.intent': 'OrderStatus' },
    };
    await store.sessions.appendTurn('s-occ', 0, state, turn('t1'), expiresAt);
    const stale = store.sessions.appendTurn('s-occ', 0, state, turn('t1-other'), expiresAt);
    await expect(stale).rejects.toMatchObject({ code: 'PARLEY_STORE_CONFLICT', status: 409 });
    await store.sessions.appendTurn('s-occ', 1, state, turn('t2'), expiresAt);

    const stored = await store.sessions.get('s-occ');
    expect(stored?.turns.map((t) => t.turnId)).toEqual(['t1', 't2']);
    expect(stored?.turns[0]).toEqual(turn('t1'));
    expect(stored?.state).toEqual(state);
    expect(stored?.expiresAt).toEqual(expiresAt);
    expect(stored?.updatedAt.getTime()).toBeGreaterThan(T0.getTime());
  });

  it('one of two concurrent appends on the same turn count wins', async () => {
    await store.sessions.create(session('s-race'));
    const results = await Promise.allSettled(
      ['a', 'b'].map((id) => store.sessions.appendTurn('s-race', 0, {}, turn(id), T0)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await store.sessions.get('s-race'))?.turns).toHaveLength(1);
  });

  it('appending to a missing session is a conflict; delete removes a session', async () => {
    await expect(store.sessions.appendTurn('nope', 0, {}, turn('x'), T0)).rejects.toMatchObject({ code: 'PARLEY_STORE_CONFLICT' });
    await store.sessions.create(session('s-del'));
    await store.sessions.delete('s-del');
    expect(await store.sessions.get('s-del')).toBeNull();
  });
});

describe.each<AppendMode>(['filter', 'precheck'])('session appends in %s mode', (mode) => {
  let db: TestStore;
  let client: MongoClient;
  let sessions: MongoSessionRepository;
  beforeAll(async () => {
    db = await openTestStore();
    client = await new MongoClient(db.uri, { serverSelectionTimeoutMS: 5000 }).connect();
    sessions = new MongoSessionRepository(client.db(db.dbName).collection<Keyed<SessionDoc>>('sessions'), undefined, mode);
  });
  afterAll(async () => {
    await client.close();
    await db.close();
  });

  it('appends in order, rejects stale and concurrent writers and missing sessions', async () => {
    await sessions.create(session('m1'));
    await sessions.appendTurn('m1', 0, {}, turn('t1'), T0);
    await expect(sessions.appendTurn('m1', 0, {}, turn('stale'), T0)).rejects.toMatchObject({ code: 'PARLEY_STORE_CONFLICT' });
    const raced = await Promise.allSettled(['a', 'b'].map((id) => sessions.appendTurn('m1', 1, {}, turn(id), T0)));
    expect(raced.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await sessions.get('m1'))?.turns).toHaveLength(2);
    await expect(sessions.appendTurn('gone', 0, {}, turn('x'), T0)).rejects.toMatchObject({ code: 'PARLEY_STORE_CONFLICT' });
  });
});
