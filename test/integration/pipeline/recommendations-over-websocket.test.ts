/**
 * Real-time recommendations through the whole service: a signed-in customer clicks three items of
 * one category over the WebSocket (event.send), the clicks are stored in MongoDB and reach the
 * recommender, and the next "recommend something" leans to that category without a retrain.
 *
 * Exploration is off so the three cards are the model's own ranking, not random cold items.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { Protocol } from '../../../src/gateway/ws/protocol.js';
import { loadProtocolSchema } from '../../../src/gateway/ws/protocol-schema.js';
import type { TestStore } from '../../helpers/mongo.js';
import { connect, type ServerFrame, type WsClient } from '../../helpers/ws-client.js';
import { ORIGIN, SITE_KEY, startApp, type RunningApp } from './app-fixture.js';

const CUSTOMER = 'c-000007';

let running: RunningApp;
let db: TestStore;
let app: App;
let wsUrl: string;

beforeAll(async () => {
  running = await startApp({ env: { PARLEY_RECOMMEND_EXPLORATION_PERCENT: '0', PARLEY_RECOMMEND_TRAIN_WORKERS: '1' } });
  ({ app, db, wsUrl } = running);
  await app.pipeline.recommendations.ready;
});

afterAll(() => running?.close());

async function signedIn(): Promise<WsClient> {
  const token = await running.tokenFor(CUSTOMER);
  const client = await connect(wsUrl, { origin: ORIGIN });
  client.send({ type: 'session.hello', v: 1, siteKey: SITE_KEY, token, context: { locale: 'en-US' } });
  expect(await client.next(undefined, 5000)).toMatchObject({ type: 'session.ready', userId: CUSTOMER });
  return client;
}

interface Card {
  itemId: string;
  category: string;
  recommendationId?: string;
}

async function recommend(client: WsClient): Promise<Card[]> {
  client.send({ type: 'turn.text', text: 'recommend something' });
  const reply = await client.next('turn.reply', 5000);
  expect(reply.intent).toMatchObject({ name: 'RecommendItems', state: 'Fulfilled' });
  return reply.cards as Card[];
}

async function send(client: WsClient, event: Record<string, unknown>, id: string): Promise<ServerFrame> {
  client.send({ type: 'event.send', id, event });
  return client.next(undefined, 5000);
}

describe('recommendations over a real WebSocket', () => {
  it('leans to a category after three clicks in it, without a retrain', async () => {
    const client = await signedIn();
    const before = await recommend(client);
    expect(before).toHaveLength(3);
    for (const card of before) expect(card.recommendationId).toMatch(/.+/);

    // A category the first answer did not show, with items enough to click three.
    const shown = new Set(before.map((card) => card.category));
    const categories = (await db.store.items.categories()).filter((c) => !shown.has(c));
    let target = '';
    let clicked: string[] = [];
    for (const category of categories) {
      const items = await db.store.items.search({ category, limit: 3 });
      if (items.length === 3) {
        target = category;
        clicked = items.map((item) => item.itemId);
        break;
      }
    }
    expect(clicked).toHaveLength(3);

    for (const [i, itemId] of clicked.entries()) {
      const ack = await send(client, { kind: 'click', itemId, ...(before[0]?.recommendationId === undefined ? {} : { recommendationId: before[0].recommendationId }) }, `click-${i}`);
      expect(ack).toMatchObject({ type: 'event.ack', id: `click-${i}`, realTime: true });
    }

    const after = await recommend(client);
    const inTarget = (cards: Card[]): number => cards.filter((card) => card.category === target).length;
    expect(inTarget(before)).toBe(0);
    expect(inTarget(after)).toBeGreaterThan(inTarget(before));

    const stored = await db.store.interactions.forCustomer(CUSTOMER, 3);
    expect(stored.map((i) => i.itemId).sort()).toEqual([...clicked].sort());
    expect(stored.every((i) => i.eventType === 'click' && i.sessionId !== undefined)).toBe(true);
    await client.close();
  });

  it('refuses an unknown item and stores a thumbs-up about a reply', async () => {
    const client = await signedIn();
    expect(await send(client, { kind: 'click', itemId: 'no-such-item' }, 'bad')).toMatchObject({ type: 'error', id: 'bad', code: 'PARLEY_EVENT_ITEM_UNKNOWN' });
    expect(await send(client, { kind: 'purchase' }, 'noitem')).toMatchObject({ type: 'error', id: 'noitem', code: 'PARLEY_EVENT_ITEM_REQUIRED' });
    const ack = await send(client, { kind: 'thumbs-up', eventId: 't-123' }, 'thumb');
    expect(ack).toMatchObject({ type: 'event.ack', id: 'thumb', realTime: false });
    expect(new Protocol(loadProtocolSchema().document, 16 * 1024).checkServerMessage(ack)).toBeUndefined();
    const [latest] = await db.store.interactions.forCustomer(CUSTOMER, 1);
    expect(latest).toMatchObject({ interactionId: ack.interactionId, eventType: 'thumbs-up', itemId: '', eventId: 't-123' });
    await client.close();
  });
});
