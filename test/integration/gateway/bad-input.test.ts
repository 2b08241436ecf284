/**
 * Every kind of bad input is answered with its error code and leaves the connection usable;
 * only a frame over the hard cap (1009) and a missing hello (1008) close it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectValidServerMessage, hello, startGateway, type RunningGateway } from './gateway-fixture.js';
import type { WsClient } from '../../helpers/ws-client.js';

let gateway: RunningGateway;
afterEach(async () => {
  await gateway.app.close();
});

async function expectError(client: WsClient, code: string, extra: Record<string, unknown> = {}): Promise<void> {
  const frame = expectValidServerMessage(await client.next());
  expect(frame).toMatchObject({ type: 'error', code, ...extra });
}

/** The connection still answers after the bad input. */
async function expectAlive(client: WsClient): Promise<void> {
  client.send({ type: 'ping', id: 'alive' });
  expect(await client.next()).toEqual({ type: 'pong', id: 'alive' });
}

describe('bad input', () => {
  it('answers invalid JSON, non-objects, schema violations and unknown types, and stays open', async () => {
    gateway = await startGateway();
    const { client } = await gateway.ready();
    client.sendRaw('{"type": "turn.text", ');
    await expectError(client, 'PARLEY_GATEWAY_INVALID_JSON');
    client.sendRaw('[1,2]');
    await expectError(client, 'PARLEY_GATEWAY_INVALID_MESSAGE');
    client.send({ type: 'turn.text', id: 'x', text: ['not', 'a', 'string'] });
    await expectError(client, 'PARLEY_GATEWAY_INVALID_MESSAGE', { id: 'x', path: '/text', retryable: false });
    client.send({ type: 'turn.text', text: 'hi', userId: 'admin' });
    await expectError(client, 'PARLEY_GATEWAY_INVALID_MESSAGE', { path: '/userId' });
    client.send({ type: 'admin.shutdown', id: 'u' });
    await expectError(client, 'PARLEY_GATEWAY_UNKNOWN_TYPE', { id: 'u' });
    client.sendRaw('{"__proto__": {"polluted": true}, "type": "ping"}');
    await expectError(client, 'PARLEY_GATEWAY_INVALID_MESSAGE');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    await expectAlive(client);
    await client.close();
  });

  it('answers empty and over-long text', async () => {
    gateway = await startGateway({ limits: { maxTextChars: 10 } });
    const { client } = await gateway.ready();
    client.send({ type: 'turn.text', id: 'e', text: '   ' });
    await expectError(client, 'PARLEY_GATEWAY_TEXT_EMPTY', { id: 'e' });
    client.send({ type: 'turn.text', id: 'l', text: 'x'.repeat(11) });
    await expectError(client, 'PARLEY_GATEWAY_TEXT_TOO_LONG', { id: 'l' });
    // Ten emoji are ten characters, though twenty UTF-16 units.
    client.send({ type: 'turn.text', id: 'ok', text: '👍'.repeat(10) });
    expect(await client.next()).toMatchObject({ type: 'turn.reply', id: 'ok' });
    expect(gateway.turns.handled).toEqual(['👍'.repeat(10)]);
    await client.close();
  });

  it('requires hello before a turn', async () => {
    gateway = await startGateway();
    const client = await gateway.connect();
    client.send({ type: 'turn.text', id: 't', text: 'hi' });
    await expectError(client, 'PARLEY_GATEWAY_HELLO_REQUIRED', { id: 't' });
    expect(gateway.turns.handled).toEqual([]);
    await client.close();
  });

  it('answers a turn queued behind a failed hello with HELLO_REQUIRED', async () => {
    gateway = await startGateway();
    const client = await gateway.connect();
    client.send(hello({ siteKey: 'no-such-site' }));
    client.send({ type: 'turn.text', id: 't', text: 'hi' });
    await expectError(client, 'PARLEY_GATEWAY_SITE_UNKNOWN');
    await expectError(client, 'PARLEY_GATEWAY_HELLO_REQUIRED', { id: 't' });
    await client.close();
  });

  it('refuses binary frames', async () => {
    gateway = await startGateway();
    const { client } = await gateway.ready();
    client.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
    await expectError(client, 'PARLEY_GATEWAY_BINARY_UNSUPPORTED');
    await expectAlive(client);
    await client.close();
  });

  it('answers a frame over maxMessageBytes and stays open', async () => {
    gateway = await startGateway({ limits: { maxMessageBytes: 1024 } });
    const { client } = await gateway.ready();
    client.send({ type: 'turn.text', text: 'x'.repeat(2000) });
    await expectError(client, 'PARLEY_GATEWAY_MESSAGE_TOO_LARGE');
    await expectAlive(client);
    await client.close();
  });

  it('closes with 1009 on a frame over the hard cap', async () => {
    gateway = await startGateway({ limits: { maxMessageBytes: 1024 } });
    const { client } = await gateway.ready();
    client.sendRaw('x'.repeat(4 * 1024 + 1));
    expect((await client.closedWithin()).code).toBe(1009);
  });

  it('answers event.send without a recorder with NOT_IMPLEMENTED, and ignores an idle turn.interrupt', async () => {
    gateway = await startGateway();
    const { client } = await gateway.ready();
    client.send({ type: 'event.send', id: 'ev', event: { kind: 'thumbs-up', itemId: 'item-1' } });
    await expectError(client, 'PARLEY_GATEWAY_NOT_IMPLEMENTED', { id: 'ev' });
    // Nothing is speaking, so an interrupt has nothing to stop and no answer: the next answer is the pong.
    client.send({ type: 'turn.interrupt', id: 'int' });
    client.send({ type: 'ping', id: 'after' });
    expect(await client.next()).toEqual({ type: 'pong', id: 'after' });
    await client.close();
  });

  it('refuses another protocol version', async () => {
    gateway = await startGateway();
    const client = await gateway.connect();
    client.send(hello({ v: 2 }));
    await expectError(client, 'PARLEY_GATEWAY_UNSUPPORTED_VERSION');
    await client.close();
  });

  it('closes with 1008 when no hello succeeds in time', async () => {
    gateway = await startGateway({ limits: { helloTimeoutMs: 150 } });
    const client = await gateway.connect();
    client.send(hello({ siteKey: 'no-such-site' }));
    await expectError(client, 'PARLEY_GATEWAY_SITE_UNKNOWN');
    await expectError(client, 'PARLEY_GATEWAY_HELLO_TIMEOUT');
    expect(await client.closedWithin()).toEqual({ code: 1008, reason: 'hello timeout' });
  });

  it('keeps a ready connection past the hello timeout', async () => {
    gateway = await startGateway({ limits: { helloTimeoutMs: 100 } });
    const { client } = await gateway.ready();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectAlive(client);
    await client.close();
  });
});
