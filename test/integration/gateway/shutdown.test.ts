/**
 * app.close() drains: every client hears server.shutdown, turns already accepted are answered
 * (within shutdownGraceMs), new turns and connections are refused, then sockets close with 1012.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedTurnRunner } from '../../helpers/scripted-turn-runner.js';
import { connect } from '../../helpers/ws-client.js';
import { expectValidServerMessage, ORIGIN, startGateway, type RunningGateway } from './gateway-fixture.js';

let gateway: RunningGateway | undefined;
afterEach(async () => {
  // Tests close the app themselves; this covers a failing assertion before that.
  await gateway?.app.close();
  gateway = undefined;
});

const slowRunner = (ms: number) =>
  new ScriptedTurnRunner(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return undefined;
  });

describe('graceful shutdown', () => {
  it('announces the shutdown, finishes the turn in flight, then closes with 1012', async () => {
    gateway = await startGateway({ turns: slowRunner(150), shutdownGraceMs: 2000 });
    const { client } = await gateway.ready();
    const idle = (await gateway.ready()).client;
    client.send({ type: 'turn.text', id: 'inflight', text: 'slow one' });
    await new Promise((resolve) => setTimeout(resolve, 20));

    const closing = gateway.app.close();
    const shutdown = expectValidServerMessage(await client.next());
    expect(shutdown.type).toBe('server.shutdown');
    expect(shutdown.reconnectAfterMs).toBeGreaterThanOrEqual(1000);

    client.send({ type: 'turn.text', id: 'late', text: 'too late' });
    const answers = [await client.next(), await client.next()];
    expect(answers.map((f) => [f.type, f.id])).toEqual(
      expect.arrayContaining([
        ['error', 'late'],
        ['turn.reply', 'inflight'],
      ]),
    );
    expect(answers.find((f) => f.type === 'error')).toMatchObject({ code: 'PARLEY_GATEWAY_SHUTTING_DOWN', retryable: true });
    expect(await client.closedWithin()).toEqual({ code: 1012, reason: 'service restart' });
    expect((await idle.next()).type).toBe('server.shutdown');
    expect((await idle.closedWithin()).code).toBe(1012);
    await closing;
    gateway = undefined;
    await expect(connect(client.socket.url, { origin: ORIGIN })).rejects.toThrow();
  });

  it('stops waiting for turns after shutdownGraceMs', async () => {
    gateway = await startGateway({ turns: slowRunner(5000), shutdownGraceMs: 100 });
    const { client } = await gateway.ready();
    client.send({ type: 'turn.text', text: 'very slow' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    const closing = gateway.app.close();
    expect((await client.next()).type).toBe('server.shutdown');
    expect((await client.closedWithin()).code).toBe(1012);
    await closing;
    gateway = undefined;
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
