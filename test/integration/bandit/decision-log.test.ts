/**
 * The bandit's decision log on the real MongoDB-compatible server: decisions and rewards on one
 * document, the sweeper's default reward, late/duplicate/unknown rewards recorded, and two bandit
 * instances on one database (two nodes, or a restart) sharing every learned update.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoggedBandit, type BanditAction, type DecideRequest, type LoggedBanditOptions } from '../../../src/bandit/index.js';
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
});
