/**
 * The bandit's decision log on the real MongoDB-compatible server: decisions and rewards on one
 * document, the sweeper's default reward, late/duplicate/unknown rewards recorded, and two bandit
 * instances on one database (two nodes, or a restart) sharing every learned update.
 */
import { MongoClient, type CommandStartedEvent, type Document } from 'mongodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoggedBandit, type BanditAction, type DecideRequest, type LoggedBanditOptions } from '../../../src/bandit/index.js';
import { COLLECTIONS } from '../../../src/store/indexes.js';
import { MongoDecisionRepository } from '../../../src/store/mongo-decision-repository.js';
import { MongoModelSnapshotRepository } from '../../../src/store/mongo-model-snapshot-repository.js';
import type { Store } from '../../../src/store/port.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';

const actions: BanditAction[] = ['short', 'long', 'playful'].map((id) => ({ id, features: [{ variant: { style: id } }] }));
const request = (device: string, scope = 's1'): DecideRequest => ({ contextFeatures: [{ client: { device } }], actions, scope });

describe('LoggedBandit on MongoDB', () => {
  let db: TestStore;
  let store: Store;
  let now = Date.UTC(2026, 10, 28, 12);
  const clock = (): number => now;
  const options = (name: string, extra: Partial<LoggedBanditOptions> = {}): LoggedBanditOptions => ({
    name,
    log: store.decisions,
    models: store.banditModels,
    clock,
    rewardWaitMs: 60_000,
    gapWaitMs: 0,
    // Long enough for a decision write on the other instance to land; short, so unknown ids fail fast.
    writeGraceMs: 300,
    ...extra,
  });

  beforeAll(async () => {
    db = await openTestStore();
    store = db.store;
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await store.reset();
    now = Date.UTC(2026, 10, 28, 12);
  });

  it('logs every decision with context, actions, chosen action, probability, policy version and time', async () => {
    const bandit = await LoggedBandit.open(options('m1'));
    const decision = await bandit.decide(request('mobile'));
    // The reply does not wait for the write; flush does.
    await bandit.flush();
    const stored = await store.decisions.get(decision.eventId);
    expect(stored).toMatchObject({
      eventId: decision.eventId,
      model: 'm1',
      scope: 's1',
      chosenActionId: decision.actionId,
      probability: decision.probability,
      policyName: 'square-cb',
      policyVersion: decision.policyVersion,
      activated: true,
      reward: null,
      closed: false,
      learnSeq: null,
    });
    expect(JSON.parse(stored?.contextJson ?? '')).toEqual([{ client: { device: 'mobile' } }]);
    expect(stored?.actions.map((a) => a.id)).toEqual(['short', 'long', 'playful']);
    expect(stored?.decidedAt.getTime()).toBe(now);
    expect(stored?.deadline.getTime()).toBe(now + 60_000);
  });

  it('stores the actions as one JSON text and still reads feature documents written as an array', async () => {
    const bandit = await LoggedBandit.open(options('m-layout'));
    const decision = await bandit.decide(request('tablet'));
    await bandit.flush();
    const client = await new MongoClient(db.uri).connect();
    try {
      const features = client.db(db.dbName).collection<Document & { _id: string }>(COLLECTIONS.decisionFeatures);
      const raw = await features.findOne({ _id: decision.eventId });
      if (raw === null) throw new Error('the decision has no features document');
      expect(raw).not.toHaveProperty('actions');
      expect(JSON.parse(String(raw.actionsJson)).map((a: { id: string }) => a.id)).toEqual(['short', 'long', 'playful']);
      // A document of the earlier layout, as a database from before this change holds it.
      const { actionsJson, ...rest } = raw;
      await features.replaceOne({ _id: decision.eventId }, { ...rest, actions: JSON.parse(String(actionsJson)) });
    } finally {
      await client.close();
    }
    const stored = await store.decisions.get(decision.eventId);
    expect(stored?.actions.map((a) => a.id)).toEqual(['short', 'long', 'playful']);
    expect(JSON.parse(stored?.actions[2]?.featuresJson ?? '')).toEqual([{ variant: { style: 'playful' } }]);
  });

  it('joins a reward onto its decision and learns it; a second is recorded as duplicate, a late one as late', async () => {
    const bandit = await LoggedBandit.open(options('m2'));
    const first = await bandit.decide(request('mobile'));
    const before = bandit.model.updates;
    expect(await bandit.reward({ eventId: first.eventId, value: 1, scope: 's1' })).toBe('applied');
    expect(bandit.model.updates).toBe(before + 1);
    expect(await bandit.reward({ eventId: first.eventId, value: 0, scope: 's1' })).toBe('duplicate');
    expect(bandit.model.updates).toBe(before + 1);
    const joined = await store.decisions.get(first.eventId);
    expect(joined).toMatchObject({ reward: 1, isDefaultReward: false, learnSeq: 1 });
    expect(joined?.rewards.map((r) => r.outcome)).toEqual(['applied', 'duplicate']);

    const second = await bandit.decide(request('desktop'));
    now += 61_000;
    await expect(bandit.reward({ eventId: second.eventId, value: 1, scope: 's1' })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_EVENT_EXPIRED', status: 410 });
    expect((await store.decisions.get(second.eventId))?.rewards.map((r) => r.outcome)).toEqual(['late']);
  });

  it('the sweeper applies the default reward when the window closes, and learns it', async () => {
    const bandit = await LoggedBandit.open(options('m3', { defaultReward: 0.25 }));
    const decision = await bandit.decide(request('tablet'));
    const deferred = await bandit.decide({ ...request('tablet'), deferActivation: true });
    await bandit.sweep();
    expect((await store.decisions.get(decision.eventId))?.reward).toBeNull();
    now += 60_000;
    await bandit.sweep();
    expect(await store.decisions.get(decision.eventId)).toMatchObject({ reward: 0.25, isDefaultReward: true, closed: true, learnSeq: 1 });
    // Never activated: closed, not learned.
    expect(await store.decisions.get(deferred.eventId)).toMatchObject({ reward: null, closed: true, learnSeq: null });
    expect(bandit.model.updates).toBe(1);
  });

  it('unknown eventIds, another scope and bad values are clear errors, recorded as rejections', async () => {
    const bandit = await LoggedBandit.open(options('m4'));
    const decision = await bandit.decide(request('mobile', 'owner'));
    await expect(bandit.reward({ eventId: 'bd-nope', value: 1 })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_EVENT_UNKNOWN', status: 404 });
    await expect(bandit.reward({ eventId: decision.eventId, value: 1, scope: 'someone-else' })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_EVENT_UNKNOWN' });
    await expect(bandit.reward({ eventId: decision.eventId, value: 1.5, scope: 'owner' })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_REWARD_INVALID' });
    await expect(bandit.reward({ eventId: decision.eventId, value: Number.NaN, scope: 'owner' })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_REWARD_INVALID' });
    const rejections = await store.decisions.rejections('m4', 10);
    expect(rejections.map((r) => r.code).sort()).toEqual(['PARLEY_BANDIT_EVENT_UNKNOWN', 'PARLEY_BANDIT_EVENT_UNKNOWN', 'PARLEY_BANDIT_REWARD_INVALID', 'PARLEY_BANDIT_REWARD_INVALID']);
    // Nothing was applied: the owner's reward still lands.
    expect(await bandit.reward({ eventId: decision.eventId, value: 1, scope: 'owner' })).toBe('applied');
  });

  it('bad decide input is refused before anything is logged', async () => {
    const bandit = await LoggedBandit.open(options('m5'));
    await expect(bandit.decide({ ...request('x'), contextFeatures: [{ client: { score: Number.NaN } }] })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_FEATURE_INVALID' });
    const many = Array.from({ length: 51 }, (_, i) => ({ id: `a${i}`, features: [{ v: { i } }] }));
    await expect(bandit.decide({ ...request('x'), actions: many })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_ACTIONS_INVALID' });
    await expect(bandit.decide({ ...request('x'), actions: [] })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_ACTIONS_INVALID' });
    expect(await store.decisions.recent('m5', new Date(0), 10)).toEqual([]);
  });

  it('two instances on one database learn the same updates in the same order; a restart loses nothing', async () => {
    const a = await LoggedBandit.open(options('shared', { snapshotEvery: 3 }));
    const b = await LoggedBandit.open(options('shared', { snapshotEvery: 3 }));
    for (let i = 0; i < 8; i++) {
      const node = i % 2 === 0 ? a : b;
      const decision = await node.decide(request(i % 3 === 0 ? 'mobile' : 'desktop'));
      // Rewards arrive at the other node: the join goes through the log, not memory.
      const other = node === a ? b : a;
      await other.reward({ eventId: decision.eventId, value: decision.actionId === 'long' ? 1 : 0, scope: 's1' });
    }
    await a.sync();
    await b.sync();
    expect(a.learnedSeq).toBe(8);
    expect(b.learnedSeq).toBe(8);
    expect(a.model.updates).toBe(8);
    expect(b.model.snapshot().state).toEqual(a.model.snapshot().state);

    // A snapshot was saved along the way; a restarted node restores it and replays the rest.
    const latest = await store.banditModels.latest('shared');
    expect(latest?.seq).toBeGreaterThanOrEqual(6);
    const restarted = await LoggedBandit.open(options('shared'));
    expect(restarted.learnedSeq).toBe(8);
    expect(restarted.model.snapshot().state).toEqual(a.model.snapshot().state);
    const probe = await restarted.decide(request('mobile', 'probe'));
    expect(probe.policyVersion).toBe('square-cb@8');
  });

  it('a reward sent before its decision is written is joined: the same node waits for the write', async () => {
    const bandit = await LoggedBandit.open(options('early'));
    const decision = await bandit.decide(request('mobile'));
    expect(await bandit.reward({ eventId: decision.eventId, value: 1, scope: 's1' })).toBe('applied');
    expect(await store.decisions.get(decision.eventId)).toMatchObject({ reward: 1, learnSeq: 1 });
    expect(bandit.pending.writing).toBe(0);
  });

  it('beyond maxOpen the oldest windows are closed early with the default reward', async () => {
    const bandit = await LoggedBandit.open(options('capped', { maxOpen: 2, defaultReward: 0.5 }));
    const [first, second, third] = [await bandit.decide(request('a')), await bandit.decide(request('b')), await bandit.decide(request('c'))];
    await bandit.sweep();
    expect(await store.decisions.get(first.eventId)).toMatchObject({ reward: 0.5, isDefaultReward: true, closed: true, learnSeq: 1 });
    expect(await store.decisions.get(second.eventId)).toMatchObject({ reward: null, closed: false });
    expect(bandit.pending.open).toBe(2);
    await expect(bandit.reward({ eventId: first.eventId, value: 1, scope: 's1' })).rejects.toMatchObject({ code: 'PARLEY_BANDIT_EVENT_EXPIRED' });
    expect(await bandit.reward({ eventId: third.eventId, value: 1, scope: 's1' })).toBe('applied');
  });

  it('a restarted node recovers the open windows and the unsequenced rewards a dead node left', async () => {
    const dead = await LoggedBandit.open(options('recover', { defaultReward: 0.25 }));
    const open = await dead.decide(request('mobile'));
    const rewarded = await dead.decide(request('desktop'));
    await dead.flush();
    // The dead node joined a reward but never sequenced it.
    const head = await store.decisions.head(rewarded.eventId);
    if (head === null) throw new Error('decision not written');
    expect(await store.decisions.joinReward(head, 1, new Date(now))).toBe('applied');

    const restarted = await LoggedBandit.open(options('recover', { defaultReward: 0.25 }));
    expect(restarted.pending).toMatchObject({ open: 2, unsequenced: 1 });
    await restarted.sweep();
    expect(await store.decisions.get(rewarded.eventId)).toMatchObject({ reward: 1, learnSeq: 1 });
    now += 60_000;
    await restarted.sweep();
    expect(await store.decisions.get(open.eventId)).toMatchObject({ reward: 0.25, isDefaultReward: true, closed: true, learnSeq: 2 });
    expect(restarted.model.updates).toBe(2);
    expect(restarted.pending).toMatchObject({ open: 0, unsequenced: 0 });
  });

  it('after start, deciding, rewarding, sweeping and learning from another node read and write by _id alone', async () => {
    // A client of its own that reports every command, on the same database.
    const client = new MongoClient(db.uri, { monitorCommands: true });
    await client.connect();
    try {
      const mdb = client.db(db.dbName);
      const log = new MongoDecisionRepository({
        heads: mdb.collection(COLLECTIONS.decisions),
        features: mdb.collection(COLLECTIONS.decisionFeatures),
        rewards: mdb.collection(COLLECTIONS.decisionRewards),
        order: mdb.collection(COLLECTIONS.decisionOrder),
        rejected: mdb.collection(COLLECTIONS.banditRejections),
      });
      const models = new MongoModelSnapshotRepository(mdb.collection(COLLECTIONS.models));
      const watched = (name: string, extra: Partial<LoggedBanditOptions> = {}): LoggedBanditOptions => ({ ...options(name, extra), log, models });
      const a = await LoggedBandit.open(watched('watched', { snapshotEvery: 2 }));
      const b = await LoggedBandit.open(watched('watched', { snapshotEvery: 2 }));
      const commands: Document[] = [];
      client.on('commandStarted', (event: CommandStartedEvent) => commands.push(event.command));

      for (let i = 0; i < 4; i++) {
        const decision = await a.decide(request(i % 2 === 0 ? 'mobile' : 'desktop'));
        if (i < 2) await b.reward({ eventId: decision.eventId, value: 1, scope: 's1' });
      }
      now += 60_000;
      await a.sweep();
      await b.sweep();
      expect(a.learnedSeq).toBe(4);
      expect(b.learnedSeq).toBe(4);
      expect(b.model.snapshot().state).toEqual(a.model.snapshot().state);

      const filters = commands.flatMap(filtersOf);
      expect(filters.length).toBeGreaterThan(20);
      for (const filter of filters) expect(Object.keys(filter), JSON.stringify(filter)).toEqual(['_id']);
      for (const filter of filters) expect(typeof filter._id, JSON.stringify(filter)).toBe('string');
    } finally {
      await client.close();
    }
  });
});

/** The filters a command runs (none for inserts); an aggregate or count is refused outright. */
function filtersOf(command: Document): Document[] {
  if ('aggregate' in command || 'count' in command || 'distinct' in command) throw new Error(`unexpected ${JSON.stringify(command)}`);
  if ('find' in command) return [command.filter as Document];
  if ('findAndModify' in command) return [command.query as Document];
  if ('update' in command) return (command.updates as Document[]).map((u) => u.q as Document);
  if ('delete' in command) return (command.deletes as Document[]).map((d) => d.q as Document);
  return [];
}
