/**
 * The happy path as a client sees it: hello -> session.ready, turn.text -> turn.reply in order,
 * resume (signed-in and anonymous), foreign sessions refused without closing the socket.
 */
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../src/shared/errors.js';
import { ScriptedTurnRunner } from '../../helpers/scripted-turn-runner.js';
import { expectValidServerMessage, hello, JWT_SECRET, startGateway, type RunningGateway } from './gateway-fixture.js';

let gateway: RunningGateway;
afterEach(async () => {
  await gateway.app.close();
});

const memberToken = (sub: string, aud = 'parley') =>
  new SignJWT({ sub, aud }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode(JWT_SECRET));

describe('session lifecycle', () => {
  it('answers hello with session.ready, then turns with replies echoing the id', async () => {
    gateway = await startGateway();
    const { client, ready } = await gateway.ready({ id: 'h1' });
    expect(ready).toMatchObject({ id: 'h1', v: 1, resumed: false, turnCount: 0, anonymous: true });
    expect(ready.userId).toMatch(/^anon-/);
    expect(ready.limits).toMatchObject({ maxTextChars: gateway.config.limits.maxTextChars, maxPendingTurns: 4 });

    client.send({ type: 'turn.text', id: 't1', text: 'hello there' });
    const reply = expectValidServerMessage(await client.next('turn.reply'));
    expect(reply).toMatchObject({ id: 't1', sessionId: ready.sessionId, text: 'You said: hello there' });
    expect(gateway.turns.opened[0]?.context).toEqual({ locale: 'en-US' });
    await client.close();
  });

  it('answers ping with pong, before and after hello', async () => {
    gateway = await startGateway();
    const client = await gateway.connect();
    client.send({ type: 'ping', id: 'p1' });
    expect(expectValidServerMessage(await client.next())).toEqual({ type: 'pong', id: 'p1' });
    await client.close();
  });

  it('processes pipelined turns strictly in order, even when earlier ones are slower', async () => {
    const delays: Record<string, number> = { one: 80, two: 10, three: 0 };
    gateway = await startGateway({
      turns: new ScriptedTurnRunner(async (request) => {
        await new Promise((resolve) => setTimeout(resolve, delays[request.text] ?? 0));
        return undefined;
      }),
    });
    const client = await gateway.connect();
    // Sent without waiting: the turns queue behind the hello.
    client.send(hello());
    for (const text of ['one', 'two', 'three']) client.send({ type: 'turn.text', id: text, text });
    const frames = [await client.next(), await client.next(), await client.next(), await client.next()];
    expect(frames.map((f) => f.type === 'turn.reply' ? f.id : f.type)).toEqual(['session.ready', 'one', 'two', 'three']);
    expect(gateway.turns.handled).toEqual(['one', 'two', 'three']);
    await client.close();
  });

  it('lets an anonymous visitor resume with its resume token, and nobody else', async () => {
    gateway = await startGateway();
    const first = await gateway.ready();
    first.client.send({ type: 'turn.text', text: 'hi' });
    await first.client.next('turn.reply');
    await first.client.close();

    const { ready } = await gateway.ready({ sessionId: first.ready.sessionId, resumeToken: first.ready.resumeToken });
    expect(ready).toMatchObject({ sessionId: first.ready.sessionId, resumed: true, turnCount: 1, userId: first.ready.userId });

    const intruder = await gateway.connect();
    intruder.send(hello({ sessionId: first.ready.sessionId }));
    expect(await intruder.next('error')).toMatchObject({ code: 'PARLEY_GATEWAY_RESUME_INVALID' });
    await intruder.close();
  });

  it('refuses a foreign session but keeps the socket open for a fresh hello', async () => {
    gateway = await startGateway();
    const owner = await gateway.connect({ origin: 'https://shop.example' });
    owner.send(hello({ siteKey: 'members', token: await memberToken('alice') }));
    const ownerReady = await owner.next('session.ready');
    expect(ownerReady).toMatchObject({ userId: 'alice', anonymous: false });
    expect(ownerReady.resumeToken).toBeUndefined();

    const other = await gateway.connect({ origin: 'https://shop.example' });
    const bobToken = await memberToken('bob');
    other.send(hello({ id: 'h1', siteKey: 'members', token: bobToken, sessionId: ownerReady.sessionId }));
    expect(expectValidServerMessage(await other.next())).toMatchObject({ type: 'error', id: 'h1', code: 'PARLEY_SESSION_NOT_FOUND', retryable: false });

    other.send(hello({ siteKey: 'members', token: bobToken }));
    expect(await other.next('session.ready')).toMatchObject({ userId: 'bob', resumed: false });

    // Alice resumes her own session with her token.
    const again = await gateway.connect({ origin: 'https://shop.example' });
    again.send(hello({ siteKey: 'members', token: await memberToken('alice'), sessionId: ownerReady.sessionId }));
    expect(await again.next('session.ready')).toMatchObject({ resumed: true, sessionId: ownerReady.sessionId });
    await Promise.all([owner.close(), other.close(), again.close()]);
  });

  it('asks for a new hello when the session disappears mid-connection', async () => {
    gateway = await startGateway();
    const { client, ready } = await gateway.ready();
    gateway.turns.expire(String(ready.sessionId));
    client.send({ type: 'turn.text', text: 'still there?' });
    expect(await client.next('error')).toMatchObject({ code: 'PARLEY_SESSION_NOT_FOUND' });
    client.send(hello());
    expect(await client.next('session.ready')).toMatchObject({ resumed: false });
    await client.close();
  });

  it('refuses a second hello on a ready connection', async () => {
    gateway = await startGateway();
    const { client } = await gateway.ready();
    client.send(hello({ id: 'again' }));
    expect(await client.next('error')).toMatchObject({ id: 'again', code: 'PARLEY_GATEWAY_HELLO_REPEATED' });
    await client.close();
  });

  it('maps runner errors: ParleyError as is, anything else as PARLEY_INTERNAL without details', async () => {
    gateway = await startGateway({
      turns: new ScriptedTurnRunner(async (request) => {
        if (request.text === 'boom') throw new Error('database password is hunter2');
        if (request.text === 'busy') throw new UpstreamError('PARLEY_STORE_UNAVAILABLE', 'The store is unavailable');
        return undefined;
      }),
    });
    const { client } = await gateway.ready();
    client.send({ type: 'turn.text', id: 'a', text: 'boom' });
    const internal = expectValidServerMessage(await client.next('error'));
    expect(internal).toMatchObject({ id: 'a', code: 'PARLEY_INTERNAL', retryable: false });
    expect(JSON.stringify(internal)).not.toContain('hunter2');
    client.send({ type: 'turn.text', id: 'b', text: 'busy' });
    expect(await client.next('error')).toMatchObject({ id: 'b', code: 'PARLEY_STORE_UNAVAILABLE', retryable: true });
    client.send({ type: 'turn.text', id: 'c', text: 'fine' });
    expect(await client.next('turn.reply')).toMatchObject({ id: 'c' });
    await client.close();
  });
});
