/**
 * Latency of each store operation on a seeded demo tenant, one call at a time (no load): prints
 * one JSON line of p50/p99 ms per operation, plus driver-level probes of what FerretDB pushes
 * down to SQLite and of an update against an insert (docs/storage.md).
 *
 *   npx tsx bench/store-ops.ts [--items 3000] [--customers 3000] [--iterations 20] [--scan-iterations 3]
 *                              [--mongodb-uri URI]
 *
 * Operations that scan ~100k interactions on FerretDB take seconds each, so they run
 * --scan-iterations times. An operation that fails (a socket timeout on a loaded machine) is
 * reported with its error instead of figures.
 * Without --mongodb-uri it starts the embedded FerretDB on a temporary data dir (removed after).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient } from 'mongodb';
import { startEmbeddedServer, type EmbeddedServer } from '../src/store/embedded-server.js';
import { openStore, type Store } from '../src/store/index.js';
import type { SessionRecord, SessionTurn } from '../src/store/port.js';
import { generateTenant, seedTenant } from '../src/tenant/index.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '3000' },
    customers: { type: 'string', default: '3000' },
    iterations: { type: 'string', default: '20' },
    'scan-iterations': { type: 'string', default: '3' },
    'mongodb-uri': { type: 'string' },
    'tools-dir': { type: 'string', default: path.resolve(import.meta.dirname, '../.tools') },
  },
});
const ITERATIONS = Number(values.iterations);
const SCAN_ITERATIONS = Number(values['scan-iterations']);
const TENANT = { seed: 7, items: Number(values.items), customers: Number(values.customers) };
const DB_NAME = 'parley_bench';

type Figures = Record<string, { p50: number; p99: number; n: number } | { error: string }>;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100;
}

/** Calls `op(i)` `iterations` times in sequence, after one untimed warm-up call. */
async function time(figures: Figures, name: string, op: (i: number) => Promise<unknown>, iterations = ITERATIONS): Promise<void> {
  const samples: number[] = [];
  try {
    await op(iterations);
    for (let i = 0; i < iterations; i += 1) {
      const started = performance.now();
      await op(i);
      samples.push(performance.now() - started);
    }
  } catch (error) {
    figures[name] = { error: `${(error as Error).message} after ${samples.length} calls` };
    process.stderr.write(`${name}: failed\n`);
    return;
  }
  samples.sort((a, b) => a - b);
  const result = { p50: percentile(samples, 50), p99: percentile(samples, 99), n: iterations };
  figures[name] = result;
  process.stderr.write(`${name}: p50 ${result.p50} ms\n`);
}

function pick<T>(list: T[], i: number): T {
  const value = list[(i * 7919) % list.length];
  if (value === undefined) throw new Error('empty list');
  return value;
}

function sessionRecord(sessionId: string): SessionRecord {
  const at = new Date();
  return {
    sessionId, siteKey: 'bench', userId: `u-${sessionId}`, anonymous: true, botName: 'ParleyStore', localeId: 'en_US',
    context: {}, state: {}, turns: [], createdAt: at, updatedAt: at, expiresAt: new Date(at.getTime() + 300_000),
  };
}

function turn(n: number): SessionTurn {
  return { turnId: `t${n}`, at: new Date(), input: { kind: 'text', text: 'hi' }, slots: [], replyText: 'Hello!', latencyMs: 3 };
}

async function storeOps(store: Store, tenant: ReturnType<typeof generateTenant>): Promise<Figures> {
  const figures: Figures = {};
  const itemIds = tenant.items.map((item) => item.itemId);
  const customerIds = tenant.customers.map((customer) => customer.customerId);
  const orderNumbers = tenant.orders.map((order) => order.orderNumber);
  const categories = [...new Set(tenant.items.map((item) => item.category))];
  await time(figures, 'customers.get', (i) => store.customers.get(pick(customerIds, i)));
  await time(figures, 'items.get', (i) => store.items.get(pick(itemIds, i)));
  await time(figures, 'items.getMany(10)', (i) => store.items.getMany(itemIds.slice(i * 10, i * 10 + 10)));
  await time(figures, 'items.search(category+price)', (i) =>
    store.items.search({ category: pick(categories, i), maxPrice: 100, limit: 3 }));
  await time(figures, 'items.search(keyword)', (i) =>
    store.items.search({ keywords: [pick(tenant.items, i).keywords[0] ?? 'x'], limit: 5 }));
  await time(figures, 'items.categories', () => store.items.categories());
  await time(figures, 'items.get (catalogue loaded)', (i) => store.items.get(pick(itemIds, i)));
  await time(figures, 'items.getMany(10) (catalogue loaded)', (i) => store.items.getMany(itemIds.slice(i * 10, i * 10 + 10)));
  await time(figures, 'orders.get', (i) => store.orders.get(pick(orderNumbers, i)));
  await time(figures, 'orders.forCustomer', (i) => store.orders.forCustomer(pick(customerIds, i), 5));
  await time(figures, 'interactions.forCustomer', (i) => store.interactions.forCustomer(pick(customerIds, i), 10), SCAN_ITERATIONS);
  const sessionIds = Array.from({ length: ITERATIONS + 1 }, (_, i) => `bench-s-${i}`);
  await time(figures, 'sessions.create', (i) => store.sessions.create(sessionRecord(sessionIds[i] ?? 'x')));
  await time(figures, 'sessions.get', (i) => store.sessions.get(pick(sessionIds, i)));
  const turns = new Map<string, number>();
  await time(figures, 'sessions.appendTurn', async (i) => {
    const id = sessionIds[i % 4] ?? 'x'; // a few sessions growing, like a conversation
    const n = turns.get(id) ?? 0;
    await store.sessions.appendTurn(id, n, {}, turn(n), new Date(Date.now() + 300_000));
    turns.set(id, n + 1);
  });
  await time(figures, 'sessions.getHead', (i) => store.sessions.getHead(sessionIds[i % 4] ?? 'x'));
  return figures;
}

/** What the server pushes down: the same lookups with and without a second filter key. */
async function probes(uri: string, tenant: ReturnType<typeof generateTenant>): Promise<Figures> {
  const figures: Figures = {};
  const client = await new MongoClient(uri).connect();
  try {
    const db = client.db(DB_NAME);
    const interactions = db.collection<{ _id: string }>('interactions');
    const sessions = db.collection<{ _id: string }>('sessions');
    const probes = db.collection<{ _id: string; n: number }>('bench_probe');
    const ids = tenant.interactions.map((interaction) => interaction.interactionId);
    await time(figures, 'probe interactions find {_id}', (i) => interactions.findOne({ _id: pick(ids, i) }));
    await time(figures, 'probe interactions find {_id: {$gte,$lt}}', (i) => {
      const id = pick(ids, i);
      return interactions.find({ _id: { $gte: id, $lt: `${id}~` } }).toArray();
    }, SCAN_ITERATIONS);
    // Why sessions are insert-only: an update by `_id` against an insert (docs/storage.md).
    await time(figures, 'probe sessions update {_id}', () => sessions.updateOne({ _id: 'bench-s-1' }, { $set: { probe: 1 } }));
    await time(figures, 'probe insertOne', (i) => probes.insertOne({ _id: `p-${i}-${Date.now()}`, n: i }));
    await db.collection('bench_probe').drop().catch(() => {});
  } finally {
    await client.close();
  }
  return figures;
}

async function main(): Promise<void> {
  let server: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  let uri = values['mongodb-uri'];
  if (uri === undefined) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-store-'));
    server = await startEmbeddedServer({ dataDir, toolsDir: values['tools-dir'] ?? '.tools', log: () => {}, startTimeoutMs: 60_000 });
    uri = server.uri;
  }
  const store = await openStore({ mongo: { uri, dbName: DB_NAME }, dataDir: os.tmpdir(), toolsDir: os.tmpdir() });
  try {
    await store.reset();
    const summary = await seedTenant(store, TENANT);
    process.stderr.write(`seeded ${JSON.stringify(summary)}\n`);
    const tenant = generateTenant(TENANT);
    const figures = { ...(await storeOps(store, tenant)), ...(await probes(uri, tenant)) };
    process.stdout.write(`${JSON.stringify({ iterations: ITERATIONS, interactions: summary.interactions, ms: figures })}\n`);
  } finally {
    await store.reset().catch(() => {});
    await store.close();
    await server?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
