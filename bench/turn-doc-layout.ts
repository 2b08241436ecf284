/**
 * What a session turn document's layout costs to insert on the embedded FerretDB: the layout
 * before 2026-11-29 (the turn's fields and the Lex session state as nested fields, attributes as
 * pairs) against the current one (`session-codec.ts` toTurnDoc: two JSON texts and the fields
 * queries name), plus a bandit decision's features document with its actions as an array or as one
 * JSON text. CPU per document of FerretDB (its process tree, from /proc) and of this process
 * (the driver's BSON), with `--writers` concurrent writers sharing one InsertBatcher as the turn
 * path does, alternating rounds, medians. Prints one JSON line.
 *
 *   npx tsx bench/turn-doc-layout.ts [--docs 2000] [--writers 5] [--rounds 3]
 *
 * `--writers 1` gives one insert per document (a quiet service); more writers, bigger batches.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { startEmbeddedServer } from '../src/store/embedded-server.js';
import { InsertBatcher } from '../src/store/insert-batcher.js';
import type { SessionTurn, StoredConversationState } from '../src/store/port.js';
import { encodeState, toTurnDoc, turnDocId } from '../src/store/session-codec.js';
import { treeCpuMs } from './lib/proc-cpu.js';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '2000' },
    writers: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    'tools-dir': { type: 'string', default: path.resolve(import.meta.dirname, '../.tools') },
  },
});
const DOCS = Number(values.docs);
const WRITERS = Number(values.writers);
const ROUNDS = Number(values.rounds);
for (const [name, value] of [['docs', DOCS], ['writers', WRITERS], ['rounds', ROUNDS]] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${String(values[name])}`);
}

/** A RecommendItems turn and the state after it, as the demo bot produces them (three slots filled). */
const slot = (value: string) => ({ shape: 'Scalar', value: { originalValue: value, interpretedValue: value, resolvedValues: [value] } });
const STATE: StoredConversationState = {
  dialogAction: { type: 'Close' },
  intent: { name: 'RecommendItems', slots: { Category: slot('jackets'), MaxPrice: slot('200'), Brand: slot('Northpeak') }, state: 'Fulfilled', confirmationState: 'None' },
  sessionAttributes: { 'x-parley:dialog': '{"turn":3,"retries":{}}' },
};
const turn = (i: number): SessionTurn => ({
  turnId: `t-${i}-67776e14-d639-42b4-83e8-dbd46db3b970`,
  at: new Date(),
  input: { kind: 'text', text: 'show me Northpeak jackets under 200 dollars' },
  intent: { name: 'RecommendItems', state: 'Fulfilled', confidence: 1 },
  slots: [{ name: 'Category', value: 'jackets' }, { name: 'MaxPrice', value: '200' }, { name: 'Brand', value: 'Northpeak' }],
  dialogAction: { type: 'Close' },
  replyText: 'Here are our top jackets under $200.00: Northpeak Alpine Jacket 4 ($58.49), Northpeak Alpine Jacket 12 ($169.99), Northpeak Edge Parka 290 ($105.49). Anything else I can help you find?',
  latencyMs: 8.719,
});
const ACTIONS = ['list-short', 'list-prices', 'top-pick', 'whisper-deal', 'upbeat'].map((id, k) => ({
  id: `recommend-${id}`,
  featuresJson: JSON.stringify([{ variant: { intent: 'RecommendItems', wording: id, length: k % 2 === 0 ? 'short' : 'long', style: 'neutral' } }, { _billedChars: 120 + k }]),
}));
const CONTEXT_JSON = JSON.stringify([{ client: { device: 'desktop', country: 'unknown', promo: 'none' } }, { profile: { known: false } }]);

const LAYOUTS: Record<string, (key: string, i: number) => Document> = {
  /** session_turns before: every field nested, state attributes as pairs. */
  turnNested: (key, i) => {
    const sessionId = key.split(':')[0] as string;
    return { _id: turnDocId(sessionId, i + 1), ...turn(i), sessionId, seq: i + 1, state: encodeState(STATE), updatedAt: new Date(), expiresAt: new Date() };
  },
  /** session_turns now (session-codec.ts). */
  turnJson: (key, i) => {
    const sessionId = key.split(':')[0] as string;
    return { _id: turnDocId(sessionId, i + 1), ...toTurnDoc(sessionId, i + 1, turn(i), { state: STATE, updatedAt: new Date(), expiresAt: new Date() }) };
  },
  /** decision_features before: actions as an array of subdocuments. */
  featuresArray: (key) => ({ _id: key, eventId: key, contextJson: CONTEXT_JSON, actions: ACTIONS, excludedActions: [] }),
  /** decision_features now (mongo-decision-repository.ts). */
  featuresJson: (key) => ({ _id: key, eventId: key, contextJson: CONTEXT_JSON, actionsJson: JSON.stringify(ACTIONS), excludedActions: [] }),
};

async function run(client: MongoClient, collection: Collection<Document>, layout: string, round: number, serverPid: number): Promise<{ serverMs: number; clientMs: number; meanBatch: number }> {
  const batcher = new InsertBatcher(collection);
  let next = 0;
  let batches = 0;
  const counting = (event: { commandName: string }) => {
    if (event.commandName === 'insert') batches += 1;
  };
  client.on('commandStarted', counting);
  const cpu0 = process.cpuUsage();
  const server0 = treeCpuMs(serverPid);
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      while (next < DOCS) {
        const i = next++;
        await batcher.insert(LAYOUTS[layout]?.(`s-${layout}-${round}-${w}-${i}:${i}`, i) ?? {});
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  client.off('commandStarted', counting);
  return { serverMs: (treeCpuMs(serverPid) - server0) / DOCS, clientMs: (cpu.user + cpu.system) / 1000 / DOCS, meanBatch: batches === 0 ? NaN : DOCS / batches };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-layout-'));
  const server = await startEmbeddedServer({ dataDir, toolsDir: values['tools-dir'] as string, log: (m) => process.stderr.write(`${m}\n`) });
  const client = await new MongoClient(server.uri, { monitorCommands: true }).connect();
  try {
    const db = client.db('parley_bench_layout');
    const collections = Object.fromEntries(Object.keys(LAYOUTS).map((name) => [name, db.collection(name)]));
    // The index session_turns has (src/store/indexes.ts), on both turn layouts.
    for (const name of ['turnNested', 'turnJson']) await collections[name]?.createIndex({ sessionId: 1, seq: 1 }, { name: 'sessionId_seq' });
    for (const name of Object.keys(LAYOUTS)) await run(client, collections[name] as Collection<Document>, name, -1, server.pid); // warm-up
    const results: Record<string, Array<{ serverMs: number; clientMs: number; meanBatch: number }>> = {};
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const name of Object.keys(LAYOUTS)) {
        const figures = await run(client, collections[name] as Collection<Document>, name, round, server.pid);
        (results[name] ??= []).push(figures);
        process.stderr.write(`round ${round + 1} ${name}: FerretDB ${figures.serverMs.toFixed(3)} ms/doc, client ${figures.clientMs.toFixed(3)} ms/doc, batch ${figures.meanBatch.toFixed(1)}\n`);
      }
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    const summary = Object.fromEntries(
      Object.entries(results).map(([name, runs]) => [
        name,
        { ferretDbMsPerDoc: r3(median(runs.map((r) => r.serverMs))), clientMsPerDoc: r3(median(runs.map((r) => r.clientMs))), meanBatch: r3(median(runs.map((r) => r.meanBatch))) },
      ]),
    );
    process.stdout.write(`${JSON.stringify({ bench: 'turn-doc-layout', docs: DOCS, writers: WRITERS, rounds: ROUNDS, layouts: summary, loadAverage: os.loadavg().map(r3) })}\n`);
  } finally {
    await client.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
