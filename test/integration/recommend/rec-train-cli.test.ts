/**
 * `parley rec train` as an operator runs it (a child process from source): trains on the store's
 * interactions or on a Personalize CSV, on worker threads, and stores a new model version that
 * loads back; a bad CSV fails with its line numbers and stores nothing.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLatestModel } from '../../../src/recommend/index.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { plantedBlocks } from '../../unit/recommend/fixtures.js';
import { runCli as runCliIn } from '../../helpers/run-cli.js';

let db: TestStore;

beforeAll(async () => {
  db = await openTestStore();
});

afterAll(async () => {
  await db?.close();
});

const runCli = (args: string[]) => runCliIn(args, { env: { MONGODB_URI: db.uri, PARLEY_DB_NAME: db.dbName, PARLEY_LOG_LEVEL: 'warn' } });

describe('parley rec train', () => {
  it('trains on the store, then on a CSV, storing versions 1 and 2', async () => {
    const rows = plantedBlocks(30, 12, 10);
    await db.store.interactions.insertMany(
      rows.map((r, n) => ({ interactionId: `t${n}`, customerId: r.userId, itemId: r.itemId, eventType: 'click' as const, at: new Date(r.timestamp * 1000) })),
    );
    const fromStore = await runCli(['rec', 'train', '--workers', '2', '--no-progress']);
    expect(fromStore.stderr).toContain('read 300 interactions');
    expect(fromStore.code, fromStore.stderr).toBe(0);
    const first = JSON.parse(fromStore.stdout.trim()) as Record<string, number>;
    expect(first).toMatchObject({ name: 'default', version: 1, users: 30, interactions: 300, factors: 32 });

    const dir = await mkdtemp(path.join(tmpdir(), 'parley-rec-train-'));
    const csv = path.join(dir, 'interactions.csv');
    await writeFile(csv, ['USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE', ...plantedBlocks(20, 8, 6, 5).map((r) => `${r.userId},${r.itemId},${r.timestamp},click`)].join('\n'));
    const fromCsv = await runCli(['rec', 'train', '--interactions', csv, '--workers', '0']);
    expect(fromCsv.code).toBe(0);
    // Progress on stderr that is not a terminal: a plain line per step, never an unfilled bar template.
    expect(fromCsv.stderr).toMatch(/rec train: als \d+\/\d+\n/);
    expect(fromCsv.stderr).not.toContain('{phase}');
    expect(JSON.parse(fromCsv.stdout.trim())).toMatchObject({ version: 2, users: 20, interactions: 120 });

    const loaded = await loadLatestModel(db.store.recommenderModels);
    expect(loaded?.version).toBe(2);
    expect(loaded?.snapshot.userIds.length).toBe(20);
    expect(loaded?.snapshot.itemFactors.length).toBe((loaded?.snapshot.itemIds.length ?? 0) * 32);
  }, 180_000);

  it('fails on a bad CSV with its line numbers and stores nothing new', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-rec-train-bad-'));
    const csv = path.join(dir, 'interactions.csv');
    await writeFile(csv, 'USER_ID,ITEM_ID,TIMESTAMP\nu1,i1,1700000000\nu1,i2,noon\nu2,,1700000000\n');
    const before = (await db.store.recommenderModels.latest('default'))?.version ?? 0;
    const result = await runCli(['rec', 'train', '--interactions', csv, '--no-progress']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('line 3: TIMESTAMP "noon"');
    expect(result.stderr).toContain('line 4: USER_ID and ITEM_ID must not be empty');
    expect((await db.store.recommenderModels.latest('default'))?.version ?? 0).toBe(before);
  }, 60_000);
});
