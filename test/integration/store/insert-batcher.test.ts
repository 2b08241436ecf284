import { randomBytes } from 'node:crypto';
import { MongoClient, type Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { InsertBatcher } from '../../../src/store/insert-batcher.js';

interface Doc {
  _id: string;
  n: number;
}

describe('InsertBatcher on a real database', () => {
  let client: MongoClient;
  let dbName: string;
  let collection: Collection<Doc>;
  let commands: Array<{ name: string; documents: number }>;

  beforeAll(async () => {
    client = new MongoClient(inject('mongoUri'), { monitorCommands: true, serverSelectionTimeoutMS: 5000 });
    await client.connect();
    dbName = `parley_test_batcher_${randomBytes(4).toString('hex')}`;
    collection = client.db(dbName).collection<Doc>('docs');
    await collection.insertOne({ _id: 'taken', n: 0 });
    client.on('commandStarted', (event) => {
      if (event.commandName === 'insert') commands.push({ name: event.commandName, documents: (event.command.documents as unknown[]).length });
    });
  });
  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  it('sends a lone insert at once and gathers the ones that arrive meanwhile into one round trip', async () => {
    commands = [];
    const batcher = new InsertBatcher(collection);
    const writes = Array.from({ length: 6 }, (_, n) => batcher.insert({ _id: `gathered-${n}`, n }));
    await Promise.all(writes);
    expect(commands).toEqual([
      { name: 'insert', documents: 1 },
      { name: 'insert', documents: 5 },
    ]);
    expect(await collection.countDocuments({ _id: { $in: Array.from({ length: 6 }, (_, n) => `gathered-${n}`) } })).toBe(6);
  });

  it('rejects only the document that collides, with PARLEY_STORE_DUPLICATE, and stores its batch mates', async () => {
    const batcher = new InsertBatcher(collection);
    const first = batcher.insert({ _id: 'mate-0', n: 0 });
    // These three travel together behind the first: one hits an existing _id, one a batch mate's.
    const results = await Promise.allSettled([
      batcher.insert({ _id: 'taken', n: 1 }),
      batcher.insert({ _id: 'mate-1', n: 2 }),
      batcher.insert({ _id: 'mate-1', n: 3 }),
      first,
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toMatchObject({ reason: { code: 'PARLEY_STORE_DUPLICATE', status: 409 } });
    expect(results[2]).toMatchObject({ reason: { code: 'PARLEY_STORE_DUPLICATE' } });
    expect(await collection.findOne({ _id: 'mate-1' })).toEqual({ _id: 'mate-1', n: 2 });
    expect(await collection.findOne({ _id: 'taken' })).toEqual({ _id: 'taken', n: 0 });
  });

  it('splits what waits into batches of at most maxBatch documents', async () => {
    commands = [];
    const batcher = new InsertBatcher(collection, 2);
    await Promise.all(Array.from({ length: 6 }, (_, n) => batcher.insert({ _id: `capped-${n}`, n })));
    expect(commands.map((c) => c.documents)).toEqual([1, 2, 2, 1]);
  });

  it('fails every waiting document with PARLEY_STORE_UNAVAILABLE when the database is gone', async () => {
    const closed = new MongoClient(inject('mongoUri'), { serverSelectionTimeoutMS: 500 });
    await closed.connect();
    const batcher = new InsertBatcher(closed.db(dbName).collection<Doc>('docs'));
    await closed.close();
    const results = await Promise.allSettled([batcher.insert({ _id: 'down-0', n: 0 }), batcher.insert({ _id: 'down-1', n: 1 })]);
    expect(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code.startsWith('PARLEY_STORE_'))).toBe(true);
    expect(await collection.countDocuments({ _id: { $in: ['down-0', 'down-1'] } })).toBe(0);
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => new InsertBatcher(collection, 0)).toThrow(/maxBatch must be a positive integer/);
  });
});
