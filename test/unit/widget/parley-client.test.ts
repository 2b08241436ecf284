/**
 * The widget's protocol client (public/widget/parley-client.js) against a scripted socket:
 * hello/resume, queueing within maxPendingTurns, lost turns after a drop, backoff, shutdown,
 * stale sessions, fatal hello errors and rate limits. The real-server run is in
 * test/integration/widget/.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ParleyClient,
  REPLY_REWARDS,
  backoffDelay,
  codePointLength,
  guessDevice,
  helloContext,
  politeError,
  quickReplies,
  type SessionStorageLike,
  type WebSocketLike,
} from '../../../public/widget/parley-client.js';

type Frame = Record<string, unknown> & { type: string };

class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly sent: Frame[] = [];
  closedWith: number | undefined;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Frame);
  }

  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  /** Server side: accept the connection. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  receive(message: Frame): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  /** Server side: the connection drops. */
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }

  last(type: string): Frame {
    const frame = this.sent.filter((f) => f.type === type).at(-1);
    if (frame === undefined) throw new Error(`no ${type} sent`);
    return frame;
  }
}

function memoryStorage(): SessionStorageLike & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const LIMITS = { maxMessageBytes: 8192, maxTextChars: 40, messagesPerSecond: 10, messageBurst: 20, maxPendingTurns: 2 };

function ready(socket: FakeSocket, extra: Partial<Frame> = {}): void {
  const hello = socket.last('session.hello');
  socket.receive({ type: 'session.ready', id: hello.id, v: 1, sessionId: 's-1', resumed: false, turnCount: 0, userId: 'anon-1', anonymous: true, resumeToken: 'rt-1', limits: LIMITS, ...extra });
}

function reply(socket: FakeSocket, id: unknown, text = 'ok'): void {
  socket.receive({ type: 'turn.reply', id, sessionId: 's-1', turnId: 'x', text, messages: [], intent: { name: 'Greeting', state: 'Fulfilled', confidence: 1 }, slots: {}, dialogAction: { type: 'Close' }, cards: [], latencyMs: 1 });
}

function newClient(storage = memoryStorage()): ParleyClient {
  return new ParleyClient({
    url: 'ws://parley.test/v1/chat',
    siteKey: 'demo-site',
    storage,
    WebSocket: FakeSocket,
    context: { device: 'desktop' },
    backoff: { initialMs: 100, maxMs: 1000 },
    random: () => 1,
    pingIntervalMs: 0,
  });
}

function current(): FakeSocket {
  const socket = FakeSocket.instances.at(-1);
  if (socket === undefined) throw new Error('no socket opened');
  return socket;
}

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('pure helpers', () => {
  it('backs off exponentially with equal jitter, capped', () => {
    expect(backoffDelay(0, { initialMs: 500 }, () => 0)).toBe(250);
    expect(backoffDelay(0, { initialMs: 500 }, () => 1)).toBe(500);
    expect(backoffDelay(3, { initialMs: 500 }, () => 1)).toBe(4000);
    expect(backoffDelay(30, { initialMs: 500, maxMs: 30_000 }, () => 1)).toBe(30_000);
    expect(backoffDelay(30, { initialMs: 500, maxMs: 30_000 }, () => 0)).toBe(15_000);
  });

  it('guesses the device from the user agent, then the pointer and width', () => {
    const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
    const ipad = 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15';
    const androidTablet = 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/120 Safari/537.36';
    const androidPhone = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36';
    const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15';
    expect(guessDevice({ userAgent: iphone })).toBe('mobile');
    expect(guessDevice({ userAgent: androidPhone })).toBe('mobile');
    expect(guessDevice({ userAgent: ipad })).toBe('tablet');
    expect(guessDevice({ userAgent: androidTablet })).toBe('tablet');
    expect(guessDevice({ userAgent: mac, width: 1440 })).toBe('desktop');
    // iPadOS reports a Mac user agent; the coarse pointer gives it away.
    expect(guessDevice({ userAgent: mac, width: 1024, coarsePointer: true })).toBe('tablet');
    expect(guessDevice({ userAgent: mac, width: 400, coarsePointer: true })).toBe('mobile');
  });

  it('leaves out locale and time zone values the schema would refuse', () => {
    expect(helloContext({ width: 1200, language: 'en-US', timeZone: 'America/Argentina/Buenos_Aires' })).toEqual({
      device: 'desktop',
      locale: 'en-US',
      timeZone: 'America/Argentina/Buenos_Aires',
    });
    expect(helloContext({ language: 'x', timeZone: 'Not a zone' })).toEqual({ device: 'desktop' });
  });

  it('counts code points like the server', () => {
    expect(codePointLength('a😀é')).toBe(3);
    expect('a😀é'.length).toBe(4);
  });

  it("offers a card's buttons, else Yes/No when the bot asks to confirm", () => {
    const card = { contentType: 'ImageResponseCard' as const, imageResponseCard: { title: 'Size?', buttons: [{ text: 'Ten', value: '10' }, { text: 'Bad', value: ' ' }] } };
    expect(quickReplies({ messages: [card], dialogAction: { type: 'ElicitSlot' } })).toEqual([{ text: 'Ten', value: '10' }]);
    expect(quickReplies({ messages: [], dialogAction: { type: 'ConfirmIntent' } }).map((b) => b.value)).toEqual(['yes', 'no']);
    expect(quickReplies({ messages: [{ contentType: 'PlainText', content: 'hi' }], dialogAction: { type: 'Close' } })).toEqual([]);
  });

  it('words errors for people', () => {
    expect(politeError({ code: 'PARLEY_GATEWAY_TEXT_TOO_LONG' }, { maxTextChars: 1024 })).toContain('1024 characters');
    expect(politeError({ code: 'PARLEY_GATEWAY_RATE_LIMITED' })).toMatch(/a little fast/);
    expect(politeError({ code: 'PARLEY_SOMETHING_NEW' })).toMatch(/^Sorry/);
  });
});

describe('ParleyClient', () => {
  it('says hello, stores the session, and sends queued turns within maxPendingTurns', () => {
    const storage = memoryStorage();
    const client = newClient(storage);
    client.start();
    expect(client.send('one')).toEqual({ id: expect.any(String) });
    client.send('two');
    client.send('three');
    const socket = current();
    socket.accept();
    const hello = socket.last('session.hello');
    expect(hello).toMatchObject({ v: 1, siteKey: 'demo-site', context: { device: 'desktop' } });
    expect(hello).not.toHaveProperty('sessionId');
    expect(socket.sent.filter((f) => f.type === 'turn.text')).toHaveLength(0);

    ready(socket);
    expect(JSON.parse(storage.map.get('parley:demo-site:session') ?? '')).toEqual({ sessionId: 's-1', resumeToken: 'rt-1' });
    expect(client.state).toBe('ready');
    const turns = socket.sent.filter((f) => f.type === 'turn.text');
    expect(turns.map((t) => t.text)).toEqual(['one', 'two']);
    expect(client.pendingCount).toBe(3);

    reply(socket, turns[0]?.id);
    expect(socket.sent.filter((f) => f.type === 'turn.text').map((t) => t.text)).toEqual(['one', 'two', 'three']);
    expect(client.pendingCount).toBe(2);
  });

  it('refuses blank and too-long text before sending', () => {
    const client = newClient();
    client.start();
    current().accept();
    ready(current());
    expect(client.send('   ')).toMatchObject({ error: { code: 'PARLEY_GATEWAY_TEXT_EMPTY' } });
    expect(client.send('😀'.repeat(40))).toHaveProperty('id');
    expect(current().last('turn.text')).toMatchObject({ text: '😀'.repeat(40) });
    expect(client.send('😀'.repeat(41))).toMatchObject({ error: { code: 'PARLEY_GATEWAY_TEXT_TOO_LONG' } });
  });

  it('resumes after a drop with backoff; turns the server did handle are reported lost, the others re-sent', () => {
    const client = newClient();
    const lost: string[] = [];
    client.on('turn-lost', ({ text }) => lost.push(text));
    client.start();
    const first = current();
    first.accept();
    ready(first);
    client.send('answered before the drop');
    reply(first, first.last('turn.text').id);
    client.send('handled, reply lost');
    client.send('never reached the server');
    expect(first.sent.filter((f) => f.type === 'turn.text')).toHaveLength(3);
    first.drop();
    expect(client.state).toBe('reconnecting');

    // random() = 1: the first retry waits the full initial delay.
    vi.advanceTimersByTime(99);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    const second = current();
    expect(second).not.toBe(first);
    second.accept();
    expect(second.last('session.hello')).toMatchObject({ sessionId: 's-1', resumeToken: 'rt-1' });
    // One turn answered before the drop, one more handled by the server after it: turnCount 2.
    ready(second, { resumed: true, turnCount: 2 });
    expect(lost).toEqual(['handled, reply lost']);
    expect(second.sent.filter((f) => f.type === 'turn.text').map((t) => t.text)).toEqual(['never reached the server']);
  });

  it('backs off longer on each failed attempt and resets once ready', () => {
    const client = newClient();
    const delays: number[] = [];
    client.on('status', ({ state, delayMs }) => {
      if (state === 'reconnecting' && delayMs !== undefined) delays.push(delayMs);
    });
    client.start();
    for (let i = 0; i < 5; i += 1) {
      current().drop();
      vi.runOnlyPendingTimers();
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
    current().accept();
    ready(current());
    current().drop();
    expect(delays.at(-1)).toBe(100);
  });

  it("reconnects after server.shutdown's reconnectAfterMs, not the backoff", () => {
    const client = newClient();
    const delays: number[] = [];
    client.on('status', ({ state, delayMs }) => {
      if (state === 'reconnecting' && delayMs !== undefined) delays.push(delayMs);
    });
    client.start();
    const socket = current();
    socket.accept();
    ready(socket);
    socket.receive({ type: 'server.shutdown', reconnectAfterMs: 1500 });
    vi.advanceTimersByTime(500);
    socket.drop();
    expect(delays).toEqual([1000]);
    vi.advanceTimersByTime(999);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('puts a turn refused during shutdown back in the queue', () => {
    const client = newClient();
    client.start();
    const socket = current();
    socket.accept();
    ready(socket);
    client.send('hello?');
    socket.receive({ type: 'error', id: socket.last('turn.text').id, code: 'PARLEY_GATEWAY_SHUTTING_DOWN', message: 'x', retryable: true });
    socket.drop();
    vi.runOnlyPendingTimers();
    current().accept();
    ready(current(), { resumed: true });
    expect(current().last('turn.text')).toMatchObject({ text: 'hello?' });
  });

  it('starts a new session when the stored one cannot be resumed', () => {
    const storage = memoryStorage();
    storage.setItem('parley:demo-site:session', JSON.stringify({ sessionId: 'old', resumeToken: 'stale' }));
    const client = newClient(storage);
    const resets: string[] = [];
    client.on('session-reset', ({ code }) => resets.push(code));
    client.start();
    const socket = current();
    socket.accept();
    const first = socket.last('session.hello');
    expect(first).toMatchObject({ sessionId: 'old' });
    socket.receive({ type: 'error', id: first.id, code: 'PARLEY_GATEWAY_RESUME_INVALID', message: 'x', retryable: false });
    expect(resets).toEqual(['PARLEY_GATEWAY_RESUME_INVALID']);
    const second = socket.last('session.hello');
    expect(second.id).not.toBe(first.id);
    expect(second).not.toHaveProperty('sessionId');
    expect(second).not.toHaveProperty('resumeToken');
  });

  it('stops instead of retrying when the site refuses this page', () => {
    const client = newClient();
    const fatal: string[] = [];
    client.on('fatal', ({ code }) => fatal.push(code));
    client.start();
    const socket = current();
    socket.accept();
    socket.receive({ type: 'error', id: socket.last('session.hello').id, code: 'PARLEY_GATEWAY_ORIGIN_FORBIDDEN', message: 'x', retryable: false });
    expect(fatal).toEqual(['PARLEY_GATEWAY_ORIGIN_FORBIDDEN']);
    expect(client.state).toBe('stopped');
    vi.runAllTimers();
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('re-sends a rate-limited turn after retryAfterMs', () => {
    const client = newClient();
    const notices: string[] = [];
    client.on('notice', ({ code }) => notices.push(code));
    client.start();
    const socket = current();
    socket.accept();
    ready(socket);
    client.send('quick');
    const id = socket.last('turn.text').id;
    socket.receive({ type: 'error', id, code: 'PARLEY_GATEWAY_RATE_LIMITED', message: 'x', retryable: true, retryAfterMs: 300 });
    expect(notices).toEqual(['PARLEY_GATEWAY_RATE_LIMITED']);
    expect(socket.sent.filter((f) => f.type === 'turn.text')).toHaveLength(1);
    vi.advanceTimersByTime(300);
    const resent = socket.sent.filter((f) => f.type === 'turn.text');
    expect(resent.map((f) => f.id)).toEqual([id, id]);
  });

  it('sends a reward for a reply decision once ready, and reports its ack', () => {
    const client = newClient();
    const acks: unknown[] = [];
    client.on('reward', (ack) => acks.push(ack));
    client.start();
    // Asked before the session is ready: it waits, like a turn.
    const asked = client.reward('bd-1', REPLY_REWARDS['thumbs-up']);
    expect(asked).toEqual({ id: expect.any(String) });
    const socket = current();
    socket.accept();
    expect(socket.sent.filter((f) => f.type === 'reward.send')).toHaveLength(0);
    ready(socket);
    const sent = socket.last('reward.send');
    expect(sent).toEqual({ type: 'reward.send', id: 'id' in asked ? asked.id : '', eventId: 'bd-1', value: 1 });
    expect(client.pendingRewards).toBe(1);
    socket.receive({ type: 'reward.ack', id: sent.id, eventId: 'bd-1', outcome: 'applied' });
    expect(acks).toEqual([{ id: sent.id, eventId: 'bd-1', value: 1, outcome: 'applied' }]);
    expect(client.pendingRewards).toBe(0);
    // An ack nobody asked for (another tab's id) changes nothing.
    socket.receive({ type: 'reward.ack', id: 'r999', eventId: 'bd-1', outcome: 'duplicate' });
    expect(acks).toHaveLength(1);
  });

  it('scores thumbs and clicks as the server scores the same events', () => {
    expect(REPLY_REWARDS).toEqual({ 'thumbs-up': 1, click: 0.5, 'thumbs-down': 0 });
    expect(Object.isFrozen(REPLY_REWARDS)).toBe(true);
  });

  it('refuses a reward the server would refuse, before sending it', () => {
    const client = newClient();
    client.start();
    current().accept();
    ready(current());
    expect(client.reward('bd-1', 1.5)).toMatchObject({ error: { code: 'PARLEY_BANDIT_REWARD_INVALID' } });
    expect(client.reward('bd-1', Number.NaN)).toMatchObject({ error: { code: 'PARLEY_BANDIT_REWARD_INVALID' } });
    expect(client.reward('bd-1', -0.1)).toMatchObject({ error: { code: 'PARLEY_BANDIT_REWARD_INVALID' } });
    expect(client.reward('bad id!', 1)).toMatchObject({ error: { code: 'PARLEY_CLIENT_EVENT_ID_INVALID' } });
    expect(client.reward('', 1)).toMatchObject({ error: { code: 'PARLEY_CLIENT_EVENT_ID_INVALID' } });
    expect(current().sent.filter((f) => f.type === 'reward.send')).toHaveLength(0);
    expect(client.reward('bd-1', 0)).toHaveProperty('id');
    expect(current().last('reward.send')).toMatchObject({ eventId: 'bd-1', value: 0 });
  });

  it('reports a refused reward as reward-error with words for people, and keeps chatting', () => {
    const client = newClient();
    const refused: Array<{ code: string; message: string; eventId: string }> = [];
    const turnErrors: unknown[] = [];
    client.on('reward-error', (error) => refused.push(error));
    client.on('turn-error', (error) => turnErrors.push(error));
    client.start();
    const socket = current();
    socket.accept();
    ready(socket);
    client.reward('bd-old', 1);
    const sent = socket.last('reward.send');
    socket.receive({ type: 'error', id: sent.id, code: 'PARLEY_BANDIT_EVENT_EXPIRED', message: 'the reward window of this eventId has closed', retryable: false });
    expect(refused).toEqual([expect.objectContaining({ id: sent.id, eventId: 'bd-old', code: 'PARLEY_BANDIT_EVENT_EXPIRED', message: politeError({ code: 'PARLEY_BANDIT_EVENT_EXPIRED' }) })]);
    expect(refused[0]?.message).not.toContain('eventId');
    expect(turnErrors).toEqual([]);
    expect(client.pendingRewards).toBe(0);
    client.send('still here');
    expect(socket.last('turn.text')).toMatchObject({ text: 'still here' });
  });

  it('shares maxPendingTurns with turns, re-sends a rate-limited reward, and one lost with the connection', () => {
    const client = newClient();
    client.start();
    const first = current();
    first.accept();
    ready(first);
    client.send('one');
    client.send('two');
    client.reward('bd-1', 0.5);
    // Two turns in flight fill maxPendingTurns (2): the reward waits for a reply.
    expect(first.sent.filter((f) => f.type === 'reward.send')).toHaveLength(0);
    reply(first, first.sent.filter((f) => f.type === 'turn.text')[0]?.id);
    const sent = first.last('reward.send');
    first.receive({ type: 'error', id: sent.id, code: 'PARLEY_GATEWAY_RATE_LIMITED', message: 'x', retryable: true, retryAfterMs: 200 });
    vi.advanceTimersByTime(200);
    expect(first.sent.filter((f) => f.type === 'reward.send').map((f) => f.id)).toEqual([sent.id, sent.id]);
    first.drop();
    vi.advanceTimersByTime(100);
    const second = current();
    second.accept();
    ready(second, { resumed: true, turnCount: 2 });
    // At worst the server records it twice, as a duplicate: better than losing it.
    expect(second.last('reward.send')).toMatchObject({ id: sent.id, eventId: 'bd-1', value: 0.5 });
  });

  it('ignores message types it does not know', () => {
    const client = newClient();
    client.start();
    const socket = current();
    socket.accept();
    ready(socket);
    socket.receive({ type: 'audio.start', whatever: true });
    socket.onmessage?.({ data: 'not json' });
    expect(client.state).toBe('ready');
  });
});
