/**
 * Bandit-chosen replies through the whole service: the reply to "recommend something" is a script
 * variant chosen by a bandit decision whose context is the hello's (device, geo, promo) and the
 * customer's MongoDB profile; a thumbs-up sent over the WebSocket for the reply's eventId lands on
 * that decision in MongoDB and changes the learner. The dashboard report shows it. Replies spoken
 * through the audio cache teach each variant's cache odds, and the speaking cost charges only the
 * characters the cache is not likely to serve.
 */
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import type { BanditAction, FeatureSet } from '../../../src/bandit/index.js';
import { Protocol } from '../../../src/gateway/ws/protocol.js';
import { loadProtocolSchema } from '../../../src/gateway/ws/protocol-schema.js';
import type { TestStore } from '../../helpers/mongo.js';
import { connect, type ServerFrame, type WsClient } from '../../helpers/ws-client.js';
import { ORIGIN, SITE_KEY, startApp, type RunningApp } from '../pipeline/app-fixture.js';
import { AudioClient } from '../pipeline/audio-client.js';

const CUSTOMER = 'c-000007';

let running: RunningApp;
let db: TestStore;
let app: App;
let baseUrl: string;
let wsUrl: string;
const protocol = new Protocol(loadProtocolSchema().document, 16 * 1024);

beforeAll(async () => {
  running = await startApp({ env: { PARLEY_RECOMMEND_TRAIN_WORKERS: '1', PARLEY_BANDIT_REPLIES: 'true', PARLEY_BANDIT_SPEECH_COST_PERCENT: '10' } });
  ({ app, db, wsUrl, url: baseUrl } = running);
  await app.pipeline.recommendations.ready;
});

afterAll(() => running?.close());

async function signedIn(): Promise<WsClient> {
  const token = await running.tokenFor(CUSTOMER);
  const client = await connect(wsUrl, { origin: ORIGIN });
  client.send({ type: 'session.hello', v: 1, siteKey: SITE_KEY, token, context: { device: 'mobile', geo: { country: 'GB' }, promo: 'spring-sale', locale: 'en-GB' } });
  expect(await client.next(undefined, 5000)).toMatchObject({ type: 'session.ready', userId: CUSTOMER });
  return client;
}

async function send(client: WsClient, event: Record<string, unknown>, id: string): Promise<ServerFrame> {
  client.send({ type: 'event.send', id, event });
  return client.next(undefined, 5000);
}

/** The learner's estimate for each logged action of a decision, now. */
function estimates(contextJson: string, actions: Array<{ id: string; featuresJson: string }>): number[] {
  const model = app.pipeline.bandit?.bandit.model;
  if (model === undefined) throw new Error('bandit not enabled');
  const parsed: BanditAction[] = actions.map((a) => ({ id: a.id, features: JSON.parse(a.featuresJson) as FeatureSet }));
  return Array.from(model.policy.predict(model.vectors(model.parseContext(JSON.parse(contextJson) as FeatureSet), parsed)));
}

describe('bandit-chosen replies and rewards over a real WebSocket', () => {
  it('a thumbs-up for the reply eventId lands on its decision in MongoDB and changes the learner', async () => {
    const client = await signedIn();
    client.send({ type: 'turn.text', text: 'recommend something' });
    const reply = await client.next('turn.reply', 10_000);
    expect(protocol.checkServerMessage(reply)).toBeUndefined();
    expect(reply.intent).toMatchObject({ name: 'RecommendItems', state: 'Fulfilled' });
    const decision = reply.decision as { eventId: string; variant: string; probability: number };
    expect(decision.eventId).toMatch(/^bd-/);
    expect(['recommend-list-short', 'recommend-list-prices', 'recommend-top-pick', 'recommend-whisper-deal']).toContain(decision.variant);
    expect(decision.probability).toBeGreaterThan(0);
    const speech = reply.speech as { ssml: string; voiceProfile: string };
    expect(speech.ssml).toMatch(/^<speak>[\s\S]*<\/speak>$/);
    expect(speech.voiceProfile).toBe('joanna-neural');
    // The reply text is the chosen variant's words, and it names the recommended items.
    const cards = reply.cards as Array<{ title: string }>;
    expect(cards.length).toBeGreaterThan(0);
    expect(reply.text).toContain((cards[0]?.title ?? '').split('&')[0]?.trim().slice(0, 10));

    // The reply did not wait for its decision to be written.
    await app.pipeline.bandit?.bandit.flush();
    const logged = await db.store.decisions.get(decision.eventId);
    expect(logged).toMatchObject({ chosenActionId: decision.variant, probability: decision.probability, reward: null, learnSeq: null, model: 'reply-variants' });
    const context = JSON.parse(logged?.contextJson ?? '[]') as Array<Record<string, Record<string, unknown>>>;
    expect(context).toEqual([
      { client: { device: 'mobile', country: 'GB', promo: 'spring-sale' } },
      { profile: expect.objectContaining({ known: true, tier: expect.any(String), usualDevice: expect.any(String) }) },
    ]);

    const updatesBefore = app.pipeline.bandit?.bandit.model.updates ?? -1;
    const before = estimates(logged?.contextJson ?? '', logged?.actions ?? []);
    const ack = await send(client, { kind: 'thumbs-up', eventId: decision.eventId }, 'thumb');
    expect(ack).toMatchObject({ type: 'event.ack', id: 'thumb' });

    const joined = await db.store.decisions.get(decision.eventId);
    expect(joined?.learnSeq).toBe(1);
    expect(joined?.rewards.map((r) => r.outcome)).toEqual(['applied']);
    // Thumbs-up is 1, less 10% per 1,000 characters billed for speaking the variant.
    expect(joined?.reward).toBeGreaterThan(0.9);
    expect(joined?.reward).toBeLessThan(1);
    expect(app.pipeline.bandit?.bandit.model.updates).toBe(updatesBefore + 1);
    const after = estimates(joined?.contextJson ?? '', joined?.actions ?? []);
    const chosen = joined?.actions.findIndex((a) => a.id === decision.variant) ?? -1;
    expect(after[chosen]).toBeGreaterThan(before[chosen] ?? 1);

    // The same reward again is recorded as a duplicate and learned once.
    expect(await send(client, { kind: 'thumbs-down', eventId: decision.eventId }, 'again')).toMatchObject({ type: 'event.ack', id: 'again' });
    expect((await db.store.decisions.get(decision.eventId))?.rewards.map((r) => r.outcome)).toEqual(['applied', 'duplicate']);
    expect(app.pipeline.bandit?.bandit.model.updates).toBe(updatesBefore + 1);

    const response = await fetch(`${baseUrl}/v1/bandit/report?hours=1`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as { variants: Array<{ variant: string; decisions: number; meanReward: number | null }>; offline: { n: number; challengers: unknown[] } | null };
    expect(report.variants.find((v) => v.variant === decision.variant)).toMatchObject({ decisions: 1, meanReward: joined?.reward });
    expect(report.offline?.n).toBe(1);
    expect((await fetch(`${baseUrl}/v1/bandit/report?hours=0`)).status).toBe(400);
    await client.close();
  });

  it('an unknown eventId is a clear error, and the event and the rejection are both kept', async () => {
    const client = await signedIn();
    expect(await send(client, { kind: 'thumbs-up', eventId: 'bd-no-such-decision' }, 'ghost')).toMatchObject({ type: 'error', id: 'ghost', code: 'PARLEY_BANDIT_EVENT_UNKNOWN' });
    const [latest] = await db.store.interactions.forCustomer(CUSTOMER, 1);
    expect(latest).toMatchObject({ eventType: 'thumbs-up', eventId: 'bd-no-such-decision' });
    const rejections = await db.store.decisions.rejections('reply-variants', 5);
    expect(rejections[0]).toMatchObject({ eventId: 'bd-no-such-decision', code: 'PARLEY_BANDIT_EVENT_UNKNOWN' });
    // A turn id (not a decision) stays a plain stored event, as before.
    expect(await send(client, { kind: 'thumbs-up', eventId: 't-123' }, 'turn')).toMatchObject({ type: 'event.ack', id: 'turn' });
    await client.close();
  });

  it('reward.send {eventId, value} rewards a reply; out-of-range values, non-numbers, unknown and expired ids are clear errors', async () => {
    const client = await signedIn();
    const rewardOf = async (id: string, eventId: string, value: unknown): Promise<ServerFrame> => {
      client.send({ type: 'reward.send', id, eventId, value });
      return client.next(undefined, 5000);
    };
    client.send({ type: 'turn.text', text: 'recommend something' });
    const reply = await client.next('turn.reply', 10_000);
    const { eventId } = reply.decision as { eventId: string };
    const updatesBefore = app.pipeline.bandit?.bandit.model.updates ?? -1;

    expect(await rewardOf('big', eventId, 1.5)).toMatchObject({ type: 'error', id: 'big', code: 'PARLEY_BANDIT_REWARD_INVALID' });
    expect(await rewardOf('below', eventId, -0.1)).toMatchObject({ type: 'error', id: 'below', code: 'PARLEY_BANDIT_REWARD_INVALID' });
    // JSON carries no NaN: the nearest a client can send is a string, which the schema refuses.
    expect(await rewardOf('nan', eventId, 'NaN')).toMatchObject({ type: 'error', id: 'nan', code: 'PARLEY_GATEWAY_INVALID_MESSAGE' });
    expect(await rewardOf('ghost', 'bd-no-such-decision', 1)).toMatchObject({ type: 'error', id: 'ghost', code: 'PARLEY_BANDIT_EVENT_UNKNOWN' });
    const rejected = await db.store.decisions.rejections('reply-variants', 10);
    expect(rejected.filter((r) => r.eventId === eventId).map((r) => r.value).sort()).toEqual([1.5, -0.1].sort());

    const ack = await rewardOf('good', eventId, 0.8);
    expect(ack).toMatchObject({ type: 'reward.ack', id: 'good', eventId, outcome: 'applied' });
    expect(protocol.checkServerMessage(ack)).toBeUndefined();
    const joined = await db.store.decisions.get(eventId);
    // 0.8 less 10% per 1,000 characters billed for speaking the variant.
    expect(joined?.reward).toBeGreaterThan(0.7);
    expect(joined?.reward).toBeLessThan(0.8);
    expect(joined?.learnSeq).toEqual(expect.any(Number));
    expect(app.pipeline.bandit?.bandit.model.updates).toBe(updatesBefore + 1);
    expect(await rewardOf('again', eventId, 0)).toMatchObject({ type: 'reward.ack', id: 'again', outcome: 'duplicate' });
    expect(app.pipeline.bandit?.bandit.model.updates).toBe(updatesBefore + 1);

    // A second reply whose window has passed (its deadline moved back in the database).
    client.send({ type: 'turn.text', text: 'recommend something' });
    const later = (await client.next('turn.reply', 10_000)).decision as { eventId: string };
    await app.pipeline.bandit?.bandit.flush();
    const raw = new MongoClient(db.uri);
    try {
      await raw.db(db.dbName).collection<{ _id: string }>('decisions').updateOne({ _id: later.eventId }, { $set: { deadline: new Date(Date.now() - 1000) } });
    } finally {
      await raw.close();
    }
    expect(await rewardOf('late', later.eventId, 1)).toMatchObject({ type: 'error', id: 'late', code: 'PARLEY_BANDIT_EVENT_EXPIRED' });
    expect((await db.store.decisions.get(later.eventId))?.rewards.map((r) => r.outcome)).toEqual(['late']);
    await client.close();
  });

  it('spoken replies teach each variant its cache odds, and the speaking cost charges only what the cache is unlikely to serve', async () => {
    const speaker = await AudioClient.open(wsUrl, ORIGIN);
    speaker.send({ type: 'session.hello', v: 1, siteKey: SITE_KEY, context: { device: 'kiosk', locale: 'en-US' }, audio: { enabled: true, format: 'pcm' } });
    const sessionId = (await speaker.message('session.ready', 10_000)).sessionId as string;
    // Four variants, six replies: some variant is spoken twice, its carrier phrases then cached.
    const turns: Array<{ turnId: string; variant: string }> = [];
    for (let i = 0; i < 6; i += 1) {
      speaker.send({ type: 'turn.text', text: 'recommend something' });
      const reply = await speaker.message('turn.reply', 10_000);
      turns.push({ turnId: reply.turnId as string, variant: (reply.decision as { variant: string }).variant });
      // Once its first sentence is made, the next turn supersedes this reply (its playback is recorded).
      await speaker.message('audio.segment', 30_000);
    }
    await speaker.close();
    // Each reply's playback record tells how many of its billed characters the engine made and the cache served.
    let spoken: Array<{ variant: string; synthesized: number; cached: number }> = [];
    for (let attempt = 0; attempt < 100 && spoken.length < turns.length; attempt += 1) {
      const stored = (await db.store.sessions.get(sessionId))?.turns ?? [];
      spoken = turns.flatMap(({ turnId, variant }) => {
        const characters = stored.find((t) => t.turnId === turnId)?.playback?.characters;
        return characters === undefined ? [] : [{ variant, ...characters }];
      });
      if (spoken.length < turns.length) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(spoken).toHaveLength(turns.length);
    for (const s of spoken) expect(s.synthesized + s.cached).toBeGreaterThan(0);
    const variantsSpoken = new Set(spoken.map((s) => s.variant));
    expect(variantsSpoken.size).toBeLessThan(spoken.length);
    // The first reply of a variant is made; a later one of the same variant is partly served from the cache.
    const repeated = spoken.filter((s, i) => spoken.findIndex((t) => t.variant === s.variant) < i);
    expect(repeated.some((s) => s.cached > 0)).toBe(true);
    expect(spoken.filter((s, i) => spoken.findIndex((t) => t.variant === s.variant) === i).every((s) => s.cached === 0)).toBe(true);

    // The next decision logs each variant's odds: above 0 only for variants whose audio was served from the cache.
    const client = await signedIn();
    client.send({ type: 'turn.text', text: 'recommend something' });
    const { eventId, variant } = (await client.next('turn.reply', 10_000)).decision as { eventId: string; variant: string };
    await app.pipeline.bandit?.bandit.flush();
    const logged = await db.store.decisions.get(eventId);
    const costOf = (actionId: string): { chars: number; hit: number } => {
      const features = JSON.parse(logged?.actions.find((a) => a.id === actionId)?.featuresJson ?? '[]') as Array<Record<string, unknown>>;
      const cost = features.find((f) => '_billedChars' in f) as { _billedChars: number; _cacheHit: number };
      return { chars: cost._billedChars, hit: cost._cacheHit };
    };
    for (const action of logged?.actions ?? []) {
      const { hit } = costOf(action.id);
      const served = spoken.filter((s) => s.variant === action.id).reduce((sum, s) => sum + s.cached, 0);
      if (served === 0) expect(hit).toBe(0);
      else expect(hit).toBeGreaterThan(0);
      expect(hit).toBeLessThan(1);
    }
    // The reward is the client's value less 10% per 1,000 billed characters the cache is not expected to serve.
    client.send({ type: 'reward.send', id: 'r', eventId, value: 1 });
    expect(await client.next('reward.ack', 5000)).toMatchObject({ eventId, outcome: 'applied' });
    const { chars, hit } = costOf(variant);
    expect((await db.store.decisions.get(eventId))?.reward).toBeCloseTo(1 - (0.1 * chars * (1 - hit)) / 1000, 9);
    await client.close();
  }, 120_000);

  it('a booked fitting is said in a variant the bandit chose among those that need no store', async () => {
    const client = await signedIn();
    let reply: ServerFrame | undefined;
    for (const text of ['I want to book a fitting', 'tomorrow', '3pm', 'yes']) {
      client.send({ type: 'turn.text', text });
      reply = await client.next('turn.reply', 10_000);
    }
    expect(reply?.intent).toMatchObject({ name: 'BookFitting', state: 'Fulfilled' });
    const decision = reply?.decision as { eventId: string; variant: string } | undefined;
    expect(['fitting-see-you', 'fitting-socks', 'fitting-excited']).toContain(decision?.variant);
    expect(reply?.text).toMatch(/ 3 pm/);
    await app.pipeline.bandit?.bandit.flush();
    const logged = await db.store.decisions.get(decision?.eventId ?? '');
    expect(logged?.actions.map((a) => a.id).sort()).toEqual(['fitting-excited', 'fitting-see-you', 'fitting-socks']);
    await client.close();
  });
});
