/**
 * The turn runner's own promises, on the real demo bot and a real database: sessions belong to
 * one site and user, expire, survive a second runner writing the same session, and a failing
 * handler costs the customer an apology, not the turn.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBot, LocalConversationEngine } from '../../../src/conversation/local/index.js';
import type { BotDefinition } from '../../../src/conversation/local/bot-model.js';
import type { IntentHandler } from '../../../src/fulfillment/intent-handler.js';
import { demoIntentHandlers } from '../../../src/fulfillment/intents/index.js';
import type { Identity } from '../../../src/fulfillment/port.js';
import { PipelineTurnRunner, type TurnRunnerDeps } from '../../../src/fulfillment/turn-runner.js';
import { openTestStore, type TestStore } from '../../helpers/mongo.js';
import { REPO_ROOT } from './app-fixture.js';

let db: TestStore;
let bot: BotDefinition;
let engine: LocalConversationEngine;

beforeAll(async () => {
  db = await openTestStore();
  bot = await loadBot(path.join(REPO_ROOT, 'bots/ParleyStore'));
  engine = LocalConversationEngine.fromBot(bot);
});

afterAll(async () => {
  await db?.close();
});

function runner(overrides: Partial<TurnRunnerDeps> = {}): PipelineTurnRunner {
  return new PipelineTurnRunner({
    conversation: engine,
    sessions: db.store.sessions,
    handlers: demoIntentHandlers(db.store),
    closingMessages: (intent, slots) => engine.closingMessages(intent, slots),
    botName: bot.name,
    localeId: 'en_US',
    idleSessionTtlSeconds: 300,
    ...overrides,
  });
}

const alice: Identity = { siteKey: 'shop', userId: 'c-000001', anonymous: false };

describe('PipelineTurnRunner', () => {
  it('hides sessions of another user, another site, or past their idle time', async () => {
    let now = new Date('2026-11-20T10:00:00Z');
    const turns = runner({ clock: () => now });
    const { sessionId } = await turns.openSession({ identity: alice, context: {} });
    await turns.handleText({ identity: alice, sessionId, text: 'hello' });

    for (const identity of [{ ...alice, userId: 'c-000002' }, { ...alice, siteKey: 'other-shop' }]) {
      await expect(turns.handleText({ identity, sessionId, text: 'hello' })).rejects.toMatchObject({ code: 'PARLEY_SESSION_NOT_FOUND' });
      await expect(turns.openSession({ identity, sessionId, context: {} })).rejects.toMatchObject({ code: 'PARLEY_SESSION_NOT_FOUND' });
    }
    await expect(turns.openSession({ identity: alice, sessionId: 'x'.repeat(101), context: {} })).rejects.toMatchObject({ code: 'PARLEY_SESSION_NOT_FOUND' });

    now = new Date(now.getTime() + 301_000);
    await expect(turns.handleText({ identity: alice, sessionId, text: 'hello again' })).rejects.toMatchObject({ code: 'PARLEY_SESSION_NOT_FOUND' });
  });

  it('continues a session that another runner (another process) advanced', async () => {
    const a = runner();
    const b = runner();
    const { sessionId } = await a.openSession({ identity: alice, context: { timeZone: 'UTC' } });
    await a.handleText({ identity: alice, sessionId, text: 'I want to book a fitting' });
    await b.openSession({ identity: alice, sessionId, context: {} });
    await b.handleText({ identity: alice, sessionId, text: 'tomorrow' });

    // a's cached copy is one turn behind: its write conflicts, it reloads and replays on b's state.
    const reply = await a.handleText({ identity: alice, sessionId, text: '4pm' });
    expect(reply.dialogAction).toMatchObject({ type: 'ConfirmIntent' });
    expect(reply.slots.FittingTime).toBe('16:00');
    const stored = await db.store.sessions.get(sessionId);
    expect(stored?.turns.map((t) => t.input.text)).toEqual(['I want to book a fitting', 'tomorrow', '4pm']);
  });

  it('answers with an apology and a failed intent when a handler throws', async () => {
    const failures: string[] = [];
    const broken: IntentHandler = () => Promise.reject(new Error('catalogue offline'));
    const turns = runner({ handlers: new Map([['RecommendItems', broken]]), onHandlerError: (_e, intent) => failures.push(intent) });
    const { sessionId } = await turns.openSession({ identity: alice, context: {} });
    const reply = await turns.handleText({ identity: alice, sessionId, text: 'show me running shoes' });
    expect(reply.intent).toMatchObject({ name: 'RecommendItems', state: 'Failed' });
    expect(reply.text).toMatch(/sorry/i);
    expect(failures).toEqual(['RecommendItems']);
    const next = await turns.handleText({ identity: alice, sessionId, text: 'what are your opening hours' });
    expect(next.intent.name).toBe('StoreHours');
  });

  it('runs turns of one session in order even when sent at once', async () => {
    const turns = runner();
    const { sessionId } = await turns.openSession({ identity: alice, context: { timeZone: 'UTC' } });
    const texts = ['hi', 'book a fitting', 'tomorrow', '10am', 'yes'];
    const replies = await Promise.all(texts.map((text) => turns.handleText({ identity: alice, sessionId, text })));
    expect(replies.map((r) => r.dialogAction.type)).toEqual(['Close', 'ElicitSlot', 'ElicitSlot', 'ConfirmIntent', 'Close']);
    const stored = await db.store.sessions.get(sessionId);
    expect(stored?.turns.map((t) => t.input.text)).toEqual(texts);
  });
});
