/**
 * The widget's protocol client against the real service (Node, the `ws` package standing in for
 * the browser's WebSocket): hello, turns, resume after a dropped connection and after a "reload"
 * (a new client on the same storage), and server.shutdown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ParleyClient, type ClientEvents, type SessionStorageLike, type TurnReply } from '../../../public/widget/parley-client.js';
import { ORIGIN, SITE_KEY, startApp, type RunningApp } from '../pipeline/app-fixture.js';

const TIMEOUT_MS = 8000;

/** A browser WebSocket sends the page's Origin by itself; `ws` needs to be told. */
class BrowserLikeSocket extends WebSocket {
  static opened: BrowserLikeSocket[] = [];
  constructor(url: string) {
    super(url, { origin: ORIGIN });
    BrowserLikeSocket.opened.push(this);
  }
}

function memoryStorage(): SessionStorageLike {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

let running: RunningApp;
const clients: ParleyClient[] = [];

beforeAll(async () => {
  running = await startApp();
});

afterAll(async () => {
  for (const client of clients) client.stop();
  await running?.close();
});

function newClient(storage: SessionStorageLike): ParleyClient {
  const client = new ParleyClient({
    url: running.wsUrl,
    siteKey: SITE_KEY,
    storage,
    WebSocket: BrowserLikeSocket,
    context: { device: 'mobile', locale: 'en-US', timeZone: 'Europe/Paris' },
    backoff: { initialMs: 50, maxMs: 500 },
  });
  clients.push(client);
  return client;
}

function next<K extends keyof ClientEvents>(client: ParleyClient, type: K): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const off = client.on(type, (detail) => {
      clearTimeout(timer);
      off();
      resolve(detail);
    });
  });
}

async function say(client: ParleyClient, text: string): Promise<TurnReply> {
  const replied = next(client, 'reply');
  const sent = client.send(text);
  if ('error' in sent) throw new Error(sent.error.message);
  return replied;
}

describe('the widget client on the real service', () => {
  it('chats, survives a dropped connection and a reload, and keeps one session', async () => {
    const storage = memoryStorage();
    const client = newClient(storage);
    const firstReady = next(client, 'ready');
    client.start();
    const ready = await firstReady;
    expect(ready).toMatchObject({ resumed: false, turnCount: 0, anonymous: true });
    expect(client.limits?.maxTextChars).toBe(running.config.limits.maxTextChars);
    const sessionId = ready.sessionId;

    const greeting = await say(client, 'hi');
    expect(greeting.intent.name).toBe('Greeting');
    const shoes = await say(client, 'show me running shoes under 100 dollars');
    expect(shoes.cards.length).toBeGreaterThan(0);
    expect(shoes.cards.every((card) => card.price <= 100)).toBe(true);

    // The network drops the connection (no close handshake): the client resumes by itself.
    const resumed = next(client, 'ready');
    BrowserLikeSocket.opened.at(-1)?.terminate();
    expect(await resumed).toMatchObject({ sessionId, resumed: true, turnCount: 2 });
    expect((await say(client, 'thanks, bye')).sessionId).toBe(sessionId);
    client.stop();

    // A reload: a new client on the same sessionStorage.
    const reloaded = newClient(storage);
    const afterReload = next(reloaded, 'ready');
    reloaded.start();
    expect(await afterReload).toMatchObject({ sessionId, resumed: true, turnCount: 3 });
    expect((await say(reloaded, 'hello')).intent.name).toBe('Greeting');

    // Too long for the server: refused locally, nothing sent.
    const tooLong = reloaded.send('x'.repeat(running.config.limits.maxTextChars + 1));
    expect(tooLong).toMatchObject({ error: { code: 'PARLEY_GATEWAY_TEXT_TOO_LONG' } });
    expect((await running.db.store.sessions.get(sessionId))?.turns).toHaveLength(4);
  });

  it('hears server.shutdown and waits before reconnecting', async () => {
    const client = newClient(memoryStorage());
    const ready = next(client, 'ready');
    client.start();
    await ready;
    const shutdown = next(client, 'shutdown');
    const reconnecting = new Promise<number | undefined>((resolve) => {
      const off = client.on('status', ({ state, delayMs }) => {
        if (state !== 'reconnecting') return;
        off();
        resolve(delayMs);
      });
    });
    const closing = running.app.close();
    const { reconnectAfterMs } = await shutdown;
    expect(reconnectAfterMs).toBeGreaterThanOrEqual(1000);
    // The server closes with 1012 soon after; the client waits out the rest of reconnectAfterMs.
    expect(await reconnecting).toBeLessThanOrEqual(reconnectAfterMs);
    client.stop();
    await closing;
  });
});
