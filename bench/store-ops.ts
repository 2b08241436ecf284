/**
 * Latency of each store operation on a seeded demo tenant, one call at a time (no load): prints
 * one JSON line of p50/p99 ms per operation, plus driver-level probes of what FerretDB pushes
 * down to SQLite and of an update against an insert (docs/storage.md).
 *
 *   npx tsx bench/store-ops.ts [--items 3000] [--customers 3000] [--iterations 20] [--scan-iterations 3]
 *                              [--mongodb-uri URI] [--turn-writes-only] [--turn-writes 2000] [--writers 20]
 *
 * `turnWrites` compares the CPU of session turn writes from concurrent writers (as many sessions
 * chatting at once) stored one insertOne each against the group commit appendTurn uses
 * (src/store/insert-batcher.ts): ms of this process's CPU and, on the embedded server, of
 * FerretDB's per turn, alternating rounds, medians. `--turn-writes-only` skips everything else.
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
import { MongoClient, type Collection } from 'mongodb';
import { InsertBatcher } from '../src/store/insert-batcher.js';
import { treeCpuMs } from './lib/proc-cpu.js';
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
    'turn-writes-only': { type: 'boolean', default: false },
    'turn-writes': { type: 'string', default: '2000' },
    writers: { type: 'string', default: '20' },
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

interface TurnWriteFigures {
  rounds: number;
  turns: number;
  writers: number;
  /** Medians over the rounds, CPU ms per turn written. */
  insertOne: { clientMsPerTurn: number; serverMsPerTurn: number };
  groupCommit: { clientMsPerTurn: number; serverMsPerTurn: number; meanBatch: number };
}

/**
 * `writers` loops, each writing its next turn when its last is stored (one chatting session each),
 * until `turns` are written; one insertOne per turn or through one shared InsertBatcher.
 */
async function turnWrites(uri: string, serverPid: number | undefined): Promise<TurnWriteFigures> {
  const turns = Number(values['turn-writes']);
  const writers = Number(values.writers);
  const client = await new MongoClient(uri, { monitorCommands: true }).connect();
  let inserts = 0;
  client.on('commandStarted', (event) => {
    if (event.commandName === 'insert') inserts += 1;
  });
  const collection: Collection<{ _id: string; [key: string]: unknown }> = client.db(DB_NAME).collection('bench_turn_writes');
  const doc = (id: string) => ({
    _id: id, sessionId: id.split(':')[0], turnId: `t-${id}`, at: new Date(), input: { kind: 'text', text: 'show me running shoes under 100 dollars' },
    intent: { name: 'RecommendItems', state: 'Fulfilled', confidence: 0.93 }, slots: [{ name: 'Category', value: 'running shoes' }, { name: 'MaxPrice', value: '100' }],
    dialogAction: { type: 'Close' }, replyText: 'Here are our top running shoes under $100.00: ...', latencyMs: 2.3,
    state: { intent: { name: 'RecommendItems', state: 'Fulfilled' }, dialogAction: { type: 'Close' }, sessionAttributes: [{ key: 'x-parley:dialog', value: '{"turn":3,"retries":{}}' }] },
    updatedAt: new Date(), expiresAt: new Date(),
  });
  const run = async (mode: 'insertOne' | 'groupCommit', round: number) => {
    const batcher = new InsertBatcher(collection);
    let next = 0;
    const cpu0 = process.cpuUsage();
    const server0 = serverPid === undefined ? NaN : treeCpuMs(serverPid);
    const inserts0 = inserts;
    await Promise.all(Array.from({ length: writers }, async (_, w) => {
      for (let seq = 0; next < turns; seq += 1) {
        next += 1;
        const id = `${mode}-${round}-${w}:${String(seq).padStart(6, '0')}`;
        if (mode === 'insertOne') await collection.insertOne(doc(id));
        else await batcher.insert(doc(id));
      }
    }));
    const cpu = process.cpuUsage(cpu0);
    return {
      clientMsPerTurn: (cpu.user + cpu.system) / 1000 / turns,
      serverMsPerTurn: serverPid === undefined ? NaN : (treeCpuMs(serverPid) - server0) / turns,
      meanBatch: turns / (inserts - inserts0),
    };
  };
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
  const round2 = (x: number) => Math.round(x * 1000) / 1000;
  const rounds = 3;
  const one: Awaited<ReturnType<typeof run>>[] = [];
  const grouped: Awaited<ReturnType<typeof run>>[] = [];
  try {
    await run('insertOne', -1); // warm-up: connections, the collection, JIT
    for (let round = 0; round < rounds; round += 1) {
      one.push(await run('insertOne', round));
      grouped.push(await run('groupCommit', round));
      process.stderr.write(`turn writes round ${round + 1}: insertOne ${one.at(-1)?.clientMsPerTurn.toFixed(3)} ms/turn, group commit ${grouped.at(-1)?.clientMsPerTurn.toFixed(3)} ms/turn\n`);
    }
    await collection.drop().catch(() => {});
  } finally {
    await client.close();
  }
  return {
    rounds,
    turns,
    writers,
    insertOne: { clientMsPerTurn: round2(median(one.map((r) => r.clientMsPerTurn))), serverMsPerTurn: round2(median(one.map((r) => r.serverMsPerTurn))) },
    groupCommit: {
      clientMsPerTurn: round2(median(grouped.map((r) => r.clientMsPerTurn))),
      serverMsPerTurn: round2(median(grouped.map((r) => r.serverMsPerTurn))),
      meanBatch: round2(median(grouped.map((r) => r.meanBatch))),
    },
  };
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
  if (values['turn-writes-only'] === true) {
    try {
      process.stdout.write(`${JSON.stringify({ turnWrites: await turnWrites(uri, server?.pid), loadAverage: os.loadavg() })}\n`);
    } finally {
      await server?.stop();
      if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    }
    return;
  }
  const store = await openStore({ mongo: { uri, dbName: DB_NAME }, dataDir: os.tmpdir(), toolsDir: os.tmpdir() });
  try {
    await store.reset();
    const summary = await seedTenant(store, TENANT);
    process.stderr.write(`seeded ${JSON.stringify(summary)}\n`);
    const tenant = generateTenant(TENANT);
    const figures = { ...(await storeOps(store, tenant)), ...(await probes(uri, tenant)) };
    const writes = await turnWrites(uri, server?.pid);
    process.stdout.write(`${JSON.stringify({ iterations: ITERATIONS, interactions: summary.interactions, ms: figures, turnWrites: writes })}\n`);
  } finally {
    await store.reset().catch(() => {});
    await store.close();
    await server?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
