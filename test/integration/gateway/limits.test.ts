/**
 * Rate, queue and connection limits: each answers with a clear error and closes only for abuse
 * (1008) or when the server is full (1013).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedTurnRunner } from '../../helpers/scripted-turn-runner.js';
import { expectValidServerMessage, startGateway, type RunningGateway } from './gateway-fixture.js';

let gateway: RunningGateway;
afterEach(async () => {
  await gateway.app.close();
});

describe('limits', () => {
  it('answers frames over the rate with RATE_LIMITED and retryAfterMs, and stays open', async () => {
    gateway = await startGateway({ limits: { messagesPerSecond: 1, messageBurst: 3 } });
    const client = await gateway.connect();
    for (let i = 0; i < 4; i += 1) client.send({ type: 'ping', id: `p${i}` });
    const frames = [await client.next(), await client.next(), await client.next(), await client.next()];
    expect(frames.slice(0, 3).map((f) => f.type)).toEqual(['pong', 'pong', 'pong']);
    const limited = expectValidServerMessage(frames[3] ?? { type: 'missing' });
    expect(limited).toMatchObject({ type: 'error', code: 'PARLEY_GATEWAY_RATE_LIMITED', retryable: true });
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, Number(limited.retryAfterMs) + 20));
    client.send({ type: 'ping', id: 'later' });
    expect(await client.next()).toEqual({ type: 'pong', id: 'later' });
    await client.close();
  });

  it('closes with 1008 a client that keeps sending past the limit', async () => {
    gateway = await startGateway({ limits: { messagesPerSecond: 1, messageBurst: 2 } });
    const client = await gateway.connect();
    for (let i = 0; i < 20; i += 1) client.send({ type: 'ping' });
    expect(await client.closedWithin()).toEqual({ code: 1008, reason: 'rate limit exceeded' });
  });

  it('bounds the turns waiting for a reply', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    gateway = await startGateway({ turns: new ScriptedTurnRunner(() => gate.then(() => undefined)) });
    const { client } = await gateway.ready();
    for (let i = 0; i < 6; i += 1) client.send({ type: 'turn.text', id: `t${i}`, text: `turn ${i}` });
    const refused = [await client.next('error'), await client.next('error')];
    expect(refused.map((f) => [f.id, f.code])).toEqual([
      ['t4', 'PARLEY_GATEWAY_RATE_LIMITED'],
      ['t5', 'PARLEY_GATEWAY_RATE_LIMITED'],
    ]);
    release();
    const replies = [];
    for (let i = 0; i < 4; i += 1) replies.push((await client.next('turn.reply')).id);
    expect(replies).toEqual(['t0', 't1', 't2', 't3']);
    await client.close();
  });

  it('closes connections over maxConnections with 1013', async () => {
    gateway = await startGateway({ limits: { maxConnections: 1 } });
    const first = await gateway.connect();
    const second = await gateway.connect();
    expect(await second.closedWithin()).toEqual({ code: 1013, reason: 'try again later' });
    await first.close();
    // The slot is free again once the first one has gone.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const third = await gateway.connect();
    third.send({ type: 'ping' });
    expect(await third.next()).toEqual({ type: 'pong' });
    await third.close();
  });
});
