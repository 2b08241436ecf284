/**
 * A customer chats with the demo bot through the real service: WebSocket in, Lex-format bot,
 * local engine, fulfilment, MongoDB; disconnects mid-dialog and resumes where it left off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '../../../src/conversation/port.js';
import { scriptVariantIds, variantTextPattern } from '../../helpers/script-variants.js';
import { connect, type ServerFrame, type WsClient } from '../../helpers/ws-client.js';
import { ORIGIN, REPO_ROOT, SITE_KEY, startApp, type RunningApp } from './app-fixture.js';

let running: RunningApp;

beforeAll(async () => {
  running = await startApp();
});

afterAll(async () => {
  await running?.close();
});

async function say(client: WsClient, text: string): Promise<ServerFrame> {
  client.send({ type: 'turn.text', text });
  const reply = await client.next(undefined, 5000);
  if (reply.type !== 'turn.reply') throw new Error(`expected turn.reply, got ${JSON.stringify(reply)}`);
  return reply;
}

async function hello(extra: Record<string, unknown>): Promise<{ client: WsClient; ready: ServerFrame }> {
  const client = await connect(running.wsUrl, { origin: ORIGIN });
  client.send({ type: 'session.hello', v: 1, siteKey: SITE_KEY, context: { device: 'mobile', timeZone: 'Europe/Paris', locale: 'en-US' }, ...extra });
  const ready = await client.next(undefined, 5000);
  return { client, ready };
}

describe('a five-turn conversation over a real WebSocket', () => {
  it('fills two slots, survives a reconnect, confirms, fulfils and stores every turn', async () => {
    const customerId = 'c-000007';
    const token = await running.tokenFor(customerId);

    const first = await hello({ token });
    expect(first.ready).toMatchObject({ type: 'session.ready', resumed: false, turnCount: 0, userId: customerId, anonymous: false });
    const sessionId = first.ready.sessionId as string;

    const greeting = await say(first.client, 'hi there');
    expect(greeting.intent).toMatchObject({ name: 'Greeting' });

    const asked = await say(first.client, 'I would like to book a fitting');
    expect(asked.intent).toMatchObject({ name: 'BookFitting', state: 'InProgress' });
    expect(asked.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'FittingDate' });

    const dated = await say(first.client, 'next friday');
    expect(dated.dialogAction).toMatchObject({ type: 'ElicitSlot', slotToElicit: 'FittingTime' });
    const fittingDate = (dated.slots as Record<string, string | null>).FittingDate;
    expect(fittingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${fittingDate}T12:00:00Z`).getUTCDay()).toBe(5);

    await first.client.close();

    const second = await hello({ token, sessionId });
    expect(second.ready).toMatchObject({
      type: 'session.ready',
      sessionId,
      resumed: true,
      turnCount: 3,
      pending: { intent: 'BookFitting', dialogAction: { type: 'ElicitSlot', slotToElicit: 'FittingTime' } },
    });

    const timed = await say(second.client, '3pm');
    expect(timed.dialogAction).toMatchObject({ type: 'ConfirmIntent' });
    expect(timed.slots).toMatchObject({ FittingDate: fittingDate, FittingTime: '15:00' });
    expect(timed.text).toContain(fittingDate);

    const done = await say(second.client, 'yes please');
    expect(done.intent).toMatchObject({ name: 'BookFitting', state: 'Fulfilled' });
    expect(done.dialogAction).toMatchObject({ type: 'Close' });
    // Worded by a script variant the bandit chose: its decision names it, and the text is that
    // variant's, with the booked day written out (a Friday).
    const decision = done.decision as { eventId: string; variant: string } | undefined;
    expect(scriptVariantIds(REPO_ROOT, 'BookFitting')).toContain(decision?.variant);
    expect(decision?.eventId).toMatch(/^bd-/);
    expect(done.text).toMatch(variantTextPattern(REPO_ROOT, 'BookFitting', decision?.variant ?? ''));
    expect(done.text).toContain('Friday');
    await second.client.close();

    const stored = await running.db.store.sessions.get(sessionId);
    expect(stored?.userId).toBe(customerId);
    expect(stored?.turns.map((t) => t.input.text)).toEqual(['hi there', 'I would like to book a fitting', 'next friday', '3pm', 'yes please']);
    expect(stored?.turns.map((t) => t.intent?.name)).toEqual(['Greeting', 'BookFitting', 'BookFitting', 'BookFitting', 'BookFitting']);
    expect(stored?.turns.at(-1)?.intent?.state).toBe('Fulfilled');
    expect((stored?.state as SessionState | undefined)?.intent?.confirmationState).toBe('Confirmed');

    const appointments = await running.db.store.appointments.forCustomer(customerId, 10);
    expect(appointments).toHaveLength(1);
    expect(appointments[0]).toMatchObject({ date: fittingDate, time: '15:00', timeZone: 'Europe/Paris', sessionId });
  });

  it("says the replies the bot closes itself (greeting, hours, goodbye, fallback) with the brand's scripts", async () => {
    const decided = async (client: WsClient, text: string, intent: string): Promise<{ reply: ServerFrame; variant: string; offered: string[] }> => {
      const reply = await say(client, text);
      expect(reply.intent).toMatchObject({ name: intent, state: 'Fulfilled' });
      const decision = reply.decision as { eventId: string; variant: string };
      expect(scriptVariantIds(REPO_ROOT, intent)).toContain(decision.variant);
      expect(reply.text).toMatch(variantTextPattern(REPO_ROOT, intent, decision.variant));
      expect((reply.speech as { ssml: string }).ssml).toMatch(/^<speak>[\s\S]*<\/speak>$/);
      await running.app.pipeline.bandit?.bandit.flush();
      const logged = await running.db.store.decisions.get(decision.eventId);
      return { reply, variant: decision.variant, offered: (logged?.actions ?? []).map((a) => a.id).sort() };
    };

    // A known customer: every greeting variant may be said, the named ones with the first name.
    const customerId = 'c-000003';
    const customer = await running.db.store.customers.get(customerId);
    const known = await hello({ token: await running.tokenFor(customerId) });
    const greeted = await decided(known.client, 'hello', 'Greeting');
    expect(greeted.offered).toEqual([...scriptVariantIds(REPO_ROOT, 'Greeting')].sort());
    if (greeted.variant !== 'greeting-hello-short' && greeted.variant !== 'greeting-hello-long') expect(greeted.reply.text).toContain(customer?.name.first);
    expect((await decided(known.client, 'when are you open', 'StoreHours')).offered).toEqual([...scriptVariantIds(REPO_ROOT, 'StoreHours')].sort());
    const bye = await decided(known.client, 'goodbye', 'Goodbye');
    expect(bye.offered).toEqual([...scriptVariantIds(REPO_ROOT, 'Goodbye')].sort());
    await known.client.close();

    // An anonymous customer has no name: only the variants without one are offered.
    const anonymous = await hello({});
    expect((await decided(anonymous.client, 'hi', 'Greeting')).offered).toEqual(['greeting-hello-long', 'greeting-hello-short']);
    const anonymousBye = await say(anonymous.client, 'bye');
    // One variant left: said without a decision (nothing to choose).
    expect(anonymousBye.decision).toBeUndefined();
    expect(anonymousBye.text).toMatch(variantTextPattern(REPO_ROOT, 'Goodbye', 'goodbye-thanks'));

    // The fallback may read back a short utterance, escaped into the SSML; a long one it never repeats.
    const heard = await decided(anonymous.client, 'purple & monkey dishwasher', 'FallbackIntent');
    expect(heard.offered).toContain('fallback-echo');
    if (heard.variant === 'fallback-echo') {
      expect(heard.reply.text).toContain('purple & monkey dishwasher');
      expect((heard.reply.speech as { ssml: string }).ssml).toContain('purple &amp; monkey dishwasher');
    }
    const long = await decided(anonymous.client, 'zorbly quux frobnicate the wibble wobble flange across every single blarg', 'FallbackIntent');
    expect(long.offered).not.toContain('fallback-echo');
    expect(long.offered.length).toBeGreaterThan(1);
    await anonymous.client.close();
  });

  it('recommends catalogue items that match the slots', async () => {
    const { client } = await hello({});
    const reply = await say(client, 'show me running shoes under 100 dollars');
    expect(reply.intent).toMatchObject({ name: 'RecommendItems', state: 'Fulfilled' });
    expect(reply.slots).toMatchObject({ Category: 'running shoes', MaxPrice: '100' });
    const cards = reply.cards as Array<{ category: string; price: number }>;
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) {
      expect(card.category).toBe('running shoes');
      expect(card.price).toBeLessThanOrEqual(100);
    }
    await client.close();
  });

  it("refuses another user's session and keeps the socket usable", async () => {
    const owner = await hello({ token: await running.tokenFor('c-000001') });
    const sessionId = owner.ready.sessionId as string;
    await say(owner.client, 'hello');
    await owner.client.close();

    const intruder = await hello({ token: await running.tokenFor('c-000002'), sessionId });
    expect(intruder.ready).toMatchObject({ type: 'error', code: 'PARLEY_SESSION_NOT_FOUND' });
    intruder.client.send({ type: 'session.hello', v: 1, siteKey: SITE_KEY, token: await running.tokenFor('c-000002'), context: {} });
    expect(await intruder.client.next(undefined, 5000)).toMatchObject({ type: 'session.ready', resumed: false });
    await intruder.client.close();
  });

  it('answers order status only to the customer who placed the order', async () => {
    const ownerId = await firstCustomerWithAnOrder();
    const [order] = await running.db.store.orders.forCustomer(ownerId, 1);
    if (order === undefined) throw new Error('unreachable: the customer has an order');
    const owner = await hello({ token: await running.tokenFor(ownerId) });
    const asked = await say(owner.client, `where is my order ${order.orderNumber}`);
    expect(asked.dialogAction).toMatchObject({ type: 'ConfirmIntent' });
    const told = await say(owner.client, 'yes');
    expect(told.text).toContain(order.orderNumber);
    expect(told.intent).toMatchObject({ name: 'OrderStatus', state: 'Fulfilled' });
    await owner.client.close();

    const stranger = await hello({ token: await running.tokenFor(ownerId === 'c-000004' ? 'c-000005' : 'c-000004') });
    await say(stranger.client, `where is my order ${order.orderNumber}`);
    const refused = await say(stranger.client, 'yes');
    expect(refused.intent).toMatchObject({ name: 'OrderStatus', state: 'Failed' });
    expect(refused.text).toContain("couldn't find");
    await stranger.client.close();
  });
});

async function firstCustomerWithAnOrder(): Promise<string> {
  for (let i = 1; i <= 40; i += 1) {
    const customerId = `c-${String(i).padStart(6, '0')}`;
    if ((await running.db.store.orders.forCustomer(customerId, 1)).length > 0) return customerId;
  }
  throw new Error('the seeded tenant has no orders');
}
