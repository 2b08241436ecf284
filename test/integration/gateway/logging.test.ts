/** Tokens and customer text never reach the log, even at trace level and on errors. */
import { SignJWT } from 'jose';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedTurnRunner } from '../../helpers/scripted-turn-runner.js';
import { hello, JWT_SECRET, startGateway, type RunningGateway } from './gateway-fixture.js';

let gateway: RunningGateway;
afterEach(async () => {
  await gateway.app.close();
});

describe('gateway logging', () => {
  it('logs no token and no text', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    gateway = await startGateway({
      logger: pino({ level: 'trace' }, sink),
      turns: new ScriptedTurnRunner((request) => {
        if (request.text.includes('explode')) throw new Error('boom');
        return undefined;
      }),
    });
    const token = await new SignJWT({ sub: 'alice', aud: 'parley' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const client = await gateway.connect({ origin: 'https://shop.example' });
    client.send(hello({ siteKey: 'members', token }));
    await client.next('session.ready');
    client.send({ type: 'turn.text', text: 'my card is 4111 please explode' });
    await client.next('error');
    await client.close();

    const log = lines.join('');
    expect(log).toContain('unexpected error while handling a message');
    expect(log).not.toContain(token);
    expect(log).not.toContain('4111');
  });
});
