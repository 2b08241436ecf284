/**
 * Parley chat protocol v1 client (docs/protocol.md), without any DOM: hello, resume with the
 * stored sessionId + resumeToken, reconnect with backoff (or after server.shutdown's
 * reconnectAfterMs), turn tracking within limits.maxPendingTurns, polite error texts.
 * WebSocket, storage and randomness are injectable so the same file runs in browsers and in
 * Node tests. Types: parley-client.d.ts.
 */

export const PROTOCOL_VERSION = 1;

/** Errors answering a hello that no retry will cure: stop instead of reconnecting forever. */
const FATAL_HELLO_CODES = new Set([
  'PARLEY_GATEWAY_SITE_UNKNOWN',
  'PARLEY_GATEWAY_ORIGIN_FORBIDDEN',
  'PARLEY_GATEWAY_AUTH_REQUIRED',
  'PARLEY_GATEWAY_TOKEN_INVALID',
  'PARLEY_GATEWAY_TOKEN_EXPIRED',
  'PARLEY_GATEWAY_UNSUPPORTED_VERSION',
  'PARLEY_GATEWAY_INVALID_MESSAGE',
]);
/** Errors answering a resume hello: the session is gone, start a new one. */
const STALE_SESSION_CODES = new Set(['PARLEY_SESSION_NOT_FOUND', 'PARLEY_GATEWAY_RESUME_INVALID']);
/** A rate-limited turn was dropped by the server; it is re-sent this many times before giving up. */
const MAX_RATE_LIMIT_RETRIES = 3;
const DEFAULT_RETRY_AFTER_MS = 1000;
const LOCALE_PATTERN = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,4}$/;
/** reward.send's eventId (docs/protocol.schema.json). */
const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * What a customer's signal about a bandit-chosen reply is worth (0..1), as the server scores the
 * same signals sent as event.send (docs/protocol.md): thumbs up 1, a click on a recommended item
 * 0.5, thumbs down 0.
 */
export const REPLY_REWARDS = Object.freeze({ 'thumbs-up': 1, click: 0.5, 'thumbs-down': 0 });
const TIME_ZONE_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so a crowd of clients spreads out yet nobody retries at once.
 * @param {number} attempt
 * @param {{initialMs?: number, maxMs?: number, factor?: number}} [options]
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, options = {}, random = Math.random) {
  const { initialMs = 500, maxMs = 30_000, factor = 2 } = options;
  const base = Math.min(maxMs, initialMs * factor ** Math.max(0, attempt));
  return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * The device kind the hello reports, guessed from what a browser knows about itself.
 * @param {{userAgent?: string, width?: number, coarsePointer?: boolean}} env
 * @returns {'mobile' | 'tablet' | 'desktop'}
 */
export function guessDevice({ userAgent = '', width = 1024, coarsePointer = false }) {
  if (/iPad|Tablet|PlayBook|Silk|(Android(?!.*Mobile))/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android.*Mobile|Windows Phone/i.test(userAgent)) return 'mobile';
  // Touch-first screens without a telling user agent (e.g. iPadOS claims to be a Mac).
  if (coarsePointer && width < 768) return 'mobile';
  if (coarsePointer && width < 1280) return 'tablet';
  return 'desktop';
}

/**
 * session.hello's context from the browser; values the schema would refuse are left out rather
 * than failing the hello.
 * @param {{userAgent?: string, width?: number, coarsePointer?: boolean, language?: string, timeZone?: string}} env
 */
export function helloContext(env) {
  /** @type {{device: string, locale?: string, timeZone?: string}} */
  const context = { device: guessDevice(env) };
  if (env.language !== undefined && LOCALE_PATTERN.test(env.language)) context.locale = env.language;
  if (env.timeZone !== undefined && env.timeZone.length <= 64 && TIME_ZONE_PATTERN.test(env.timeZone)) context.timeZone = env.timeZone;
  return context;
}

/** What helloContext needs, read from the running browser (safe to call where parts are missing). */
export function browserEnv() {
  const nav = globalThis.navigator;
  const win = /** @type {{innerWidth?: number, matchMedia?: (q: string) => {matches: boolean}}} */ (globalThis);
  /** @type {{userAgent?: string, width?: number, coarsePointer?: boolean, language?: string, timeZone?: string}} */
  const env = {};
  if (nav?.userAgent !== undefined) env.userAgent = nav.userAgent;
  if (nav?.language !== undefined) env.language = nav.language;
  if (typeof win.innerWidth === 'number') env.width = win.innerWidth;
  if (typeof win.matchMedia === 'function') env.coarsePointer = win.matchMedia('(pointer: coarse)').matches;
  try {
    env.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    // No Intl time zone support: the server uses the bot's default.
  }
  return env;
}

/** The server counts text in Unicode code points, not UTF-16 units. */
export function codePointLength(/** @type {string} */ text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Buttons offered by a turn.reply: those of its ImageResponseCard messages, else Yes/No when the
 * bot asks to confirm.
 * @param {{messages?: Array<{contentType: string, imageResponseCard?: {buttons?: Array<{text: string, value: string}>}}>, dialogAction?: {type: string}}} reply
 * @returns {Array<{text: string, value: string}>}
 */
export function quickReplies(reply) {
  const buttons = (reply.messages ?? []).flatMap((m) =>
    m.contentType === 'ImageResponseCard' && Array.isArray(m.imageResponseCard?.buttons) ? m.imageResponseCard.buttons : [],
  );
  const valid = buttons.filter((b) => typeof b?.text === 'string' && typeof b.value === 'string' && b.value.trim() !== '');
  if (valid.length > 0) return valid.slice(0, 5);
  if (reply.dialogAction?.type === 'ConfirmIntent') return [{ text: 'Yes', value: 'yes' }, { text: 'No', value: 'no' }];
  return [];
}

/**
 * A sentence for people about an error message's code (the server's own message is for
 * developers and may change).
 * @param {{code: string, retryAfterMs?: number}} error
 * @param {{maxTextChars?: number}} [limits]
 */
export function politeError(error, limits = {}) {
  switch (error.code) {
    case 'PARLEY_GATEWAY_RATE_LIMITED':
      return "You're sending messages a little fast. We'll send yours in a moment.";
    case 'PARLEY_GATEWAY_TEXT_TOO_LONG':
      return `That message is too long. Please keep it under ${limits.maxTextChars ?? 'the allowed number of'} characters.`;
    case 'PARLEY_GATEWAY_TEXT_EMPTY':
      return 'Please type a message first.';
    case 'PARLEY_GATEWAY_SHUTTING_DOWN':
      return 'We are restarting the chat. Your message will be sent when we are back.';
    case 'PARLEY_GATEWAY_SITE_UNKNOWN':
    case 'PARLEY_GATEWAY_ORIGIN_FORBIDDEN':
      return "Sorry, chat isn't available on this page right now.";
    case 'PARLEY_GATEWAY_AUTH_REQUIRED':
    case 'PARLEY_GATEWAY_TOKEN_INVALID':
    case 'PARLEY_GATEWAY_TOKEN_EXPIRED':
      return 'Please sign in again to chat with us.';
    case 'PARLEY_STORE_UNAVAILABLE':
      return 'Sorry, we could not reach our records just now. Please try again in a moment.';
    case 'PARLEY_BANDIT_EVENT_EXPIRED':
      return 'Thanks! That answer is too old to rate now.';
    case 'PARLEY_BANDIT_EVENT_UNKNOWN':
    case 'PARLEY_BANDIT_REWARD_INVALID':
    case 'PARLEY_GATEWAY_NOT_IMPLEMENTED':
      return 'Sorry, we could not record your feedback.';
    default:
      return 'Sorry, something went wrong on our side. Please try again.';
  }
}

/** @returns {{getItem(k: string): string | null, setItem(k: string, v: string): void, removeItem(k: string): void}} */
function defaultStorage() {
  try {
    // Reading sessionStorage throws in sandboxed frames and with storage disabled.
    const storage = globalThis.sessionStorage;
    if (storage !== undefined) return storage;
  } catch {
    // fall through to memory
  }
  const map = new Map();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/**
 * One chat session kept alive across dropped connections and page reloads.
 * Events (client.on(type, listener)): status, ready, reply, turn-error, turn-lost, notice,
 * session-reset, fatal, pending, reward, reward-error. See parley-client.d.ts.
 */
export class ParleyClient {
  /** @param {import('./parley-client.js').ParleyClientOptions} options */
  constructor(options) {
    this.url = options.url;
    this.siteKey = options.siteKey;
    this.token = options.token;
    this.context = options.context ?? helloContext(browserEnv());
    this.storage = options.storage ?? defaultStorage();
    this.storageKey = `parley:${options.siteKey}:session`;
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    this.backoff = options.backoff ?? {};
    this.random = options.random ?? Math.random;
    this.pingIntervalMs = options.pingIntervalMs ?? 25_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 10_000;
    /** session.hello `audio` (e.g. {enabled: true, format: 'pcm', sampleRate: 16000}); omitted when undefined. */
    this.audio = options.audio;
    /** @type {'idle' | 'connecting' | 'ready' | 'reconnecting' | 'stopped'} */
    this.state = 'idle';
    /** @type {import('./parley-client.js').Limits | undefined} */
    this.limits = undefined;
    /** @type {WebSocket | undefined} */
    this.socket = undefined;
    /** @type {Map<string, Set<(detail: unknown) => void>>} */
    this.listeners = new Map();
    /** Turns not sent yet, oldest first. @type {Array<{id: string, text: string, retries: number}>} */
    this.queue = [];
    /** Turns sent on the current socket and not answered, in sending order. @type {Map<string, {id: string, text: string, retries: number}>} */
    this.inFlight = new Map();
    /**
     * Rewards not sent yet and sent but not answered. Kept apart from turns (a lost reward is sent
     * again, where a lost turn is not: a second reward is only recorded as a duplicate), but they
     * share maxPendingTurns with them, as the server counts them.
     * @type {Array<{id: string, eventId: string, value: number, retries: number}>}
     */
    this.rewardQueue = [];
    /** @type {Map<string, {id: string, eventId: string, value: number, retries: number}>} */
    this.rewardsInFlight = new Map();
    this.seq = 0;
    this.attempt = 0;
    /** @type {string | undefined} */
    this.helloId = undefined;
    /** Turns the session holds as far as this client knows (to tell, after a resume, which lost turns the server did process). */
    this.knownTurnCount = 0;
    /** @type {number | undefined} */
    this.reconnectAt = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.reconnectTimer = undefined;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.pingTimer = undefined;
    this.lastHeard = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.retryTimer = undefined;
  }

  /** The session this client resumes, if any. */
  get session() {
    const raw = this.storage.getItem(this.storageKey);
    if (raw === null) return undefined;
    try {
      const parsed = JSON.parse(raw);
      if (typeof parsed?.sessionId === 'string') return /** @type {{sessionId: string, resumeToken?: string}} */ (parsed);
    } catch {
      // Corrupt entry: behave as if there were none.
    }
    return undefined;
  }

  get sessionId() {
    return this.session?.sessionId;
  }

  /** Turns sent or waiting to be sent, not yet answered. */
  get pendingCount() {
    return this.queue.length + this.inFlight.size;
  }

  /** Rewards sent or waiting to be sent, not yet acknowledged. */
  get pendingRewards() {
    return this.rewardQueue.length + this.rewardsInFlight.size;
  }

  /**
   * @param {string} type
   * @param {(detail: unknown) => void} listener
   * @returns {() => void} unsubscribe
   */
  on(type, listener) {
    let set = this.listeners.get(type);
    if (set === undefined) this.listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** @param {string} type @param {unknown} [detail] */
  emit(type, detail) {
    for (const listener of this.listeners.get(type) ?? []) {
      try {
        listener(detail);
      } catch (error) {
        // A faulty listener must not break the protocol state machine.
        console.error('parley: listener failed', error);
      }
    }
  }

  start() {
    if (this.state !== 'idle' && this.state !== 'stopped') return;
    this.open();
  }

  /** Closes for good (no reconnect); the stored session stays for a later start(). */
  stop() {
    this.setState('stopped');
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.retryTimer);
    this.detach(1000);
  }

  /** Forgets the stored session: the next connection starts a new one. */
  /**
   * Barge-in: stops the reply audio the server is sending. `heardMs`: how much the client played.
   * @param {number} [heardMs]
   */
  interrupt(heardMs) {
    /** @type {Record<string, unknown>} */
    const message = { type: 'turn.interrupt' };
    if (typeof heardMs === 'number' && Number.isFinite(heardMs) && heardMs >= 0) message.heardMs = Math.min(Math.round(heardMs), 3_600_000);
    this.transmit(message);
  }

  forgetSession() {
    this.storage.removeItem(this.storageKey);
    this.knownTurnCount = 0;
  }

  /** If a reconnect is scheduled, try now (e.g. the browser came back online). */
  reconnectNow() {
    if (this.state !== 'reconnecting') return;
    clearTimeout(this.reconnectTimer);
    this.open();
  }

  /**
   * Queues a turn; it is sent as soon as the session is ready and fewer than maxPendingTurns are
   * in flight. Returns its id (echoed by the reply or error), or an error for text the server
   * would refuse anyway.
   * @param {string} text
   * @returns {{id: string} | {error: {code: string, message: string}}}
   */
  send(text) {
    if (text.trim() === '') return { error: { code: 'PARLEY_GATEWAY_TEXT_EMPTY', message: politeError({ code: 'PARLEY_GATEWAY_TEXT_EMPTY' }) } };
    const max = this.limits?.maxTextChars;
    if (max !== undefined && codePointLength(text) > max) {
      return { error: { code: 'PARLEY_GATEWAY_TEXT_TOO_LONG', message: politeError({ code: 'PARLEY_GATEWAY_TEXT_TOO_LONG' }, this.limits) } };
    }
    this.seq += 1;
    const id = `t${this.seq}`;
    this.queue.push({ id, text, retries: 0 });
    this.emitPending();
    this.pump();
    return { id };
  }

  /**
   * Rewards the bandit decision behind a reply (`reply.decision.eventId`) with a score from 0 (bad)
   * to 1 (good), e.g. REPLY_REWARDS['thumbs-up']. Sent as reward.send once the session is ready;
   * answered by a `reward` event (outcome applied or duplicate) or a `reward-error` event. Returns
   * its id, or an error for input the server would refuse anyway.
   * @param {string} eventId
   * @param {number} value
   * @returns {{id: string} | {error: {code: string, message: string}}}
   */
  reward(eventId, value) {
    if (typeof eventId !== 'string' || !EVENT_ID_PATTERN.test(eventId)) {
      return { error: { code: 'PARLEY_CLIENT_EVENT_ID_INVALID', message: 'eventId must be a reply decision\'s eventId (1-128 of A-Z a-z 0-9 . _ : -)' } };
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      return { error: { code: 'PARLEY_BANDIT_REWARD_INVALID', message: 'value must be a number from 0 to 1' } };
    }
    this.seq += 1;
    const id = `r${this.seq}`;
    this.rewardQueue.push({ id, eventId, value, retries: 0 });
    this.pump();
    return { id };
  }

  // --- internals -------------------------------------------------------------------------

  /** @param {typeof this.state} state @param {Record<string, unknown>} [extra] */
  setState(state, extra = {}) {
    this.state = state;
    this.emit('status', { state, ...extra });
  }

  emitPending() {
    this.emit('pending', { count: this.pendingCount });
  }

  open() {
    this.reconnectAt = undefined;
    this.setState('connecting');
    /** @type {WebSocket} */
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url);
    } catch (error) {
      // A malformed URL will not heal; report it instead of looping.
      this.emit('fatal', { code: 'PARLEY_CLIENT_BAD_URL', message: String(error) });
      this.setState('stopped');
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.sendHello(false);
    // Binary frames are reply audio: each belongs to the audio.segment received just before it.
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.onFrame(event.data);
      else if (event.data instanceof ArrayBuffer) this.emit('audio-chunk', event.data);
    };
    // An error is always followed by close, which does the work.
    socket.onerror = () => undefined;
    socket.onclose = () => this.onDropped();
  }

  /** @param {boolean} fresh start a new session even if one is stored */
  sendHello(fresh) {
    if (fresh) this.forgetSession();
    const stored = this.session;
    this.seq += 1;
    this.helloId = `h${this.seq}`;
    /** @type {Record<string, unknown>} */
    const hello = { type: 'session.hello', id: this.helloId, v: PROTOCOL_VERSION, siteKey: this.siteKey, context: this.context };
    if (this.token !== undefined) hello.token = this.token;
    if (this.audio !== undefined) hello.audio = this.audio;
    if (stored !== undefined) {
      hello.sessionId = stored.sessionId;
      if (stored.resumeToken !== undefined) hello.resumeToken = stored.resumeToken;
    }
    this.transmit(hello);
  }

  /** @param {unknown} message */
  transmit(message) {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(message));
  }

  /** @param {string} data */
  onFrame(data) {
    this.lastHeard = Date.now();
    /** @type {import('./parley-client.js').ServerMessage} */
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message === null || typeof message !== 'object') return;
    switch (message.type) {
      case 'session.ready':
        return this.onReady(message);
      case 'turn.reply':
        return this.onReply(message);
      case 'reward.ack':
        return this.onRewardAck(message);
      case 'error':
        return this.onError(message);
      case 'server.shutdown':
        this.reconnectAt = Date.now() + Math.max(0, Number(message.reconnectAfterMs) || 0);
        this.emit('shutdown', { reconnectAfterMs: message.reconnectAfterMs });
        return;
      case 'audio.begin':
      case 'audio.segment':
      case 'audio.end':
      case 'audio.error':
        // Spoken replies: a player (parley-audio.js) listens to these and to audio-chunk.
        this.emit(message.type, message);
        return;
      default:
        // pong and types of later revisions: nothing to do (clients must ignore unknown types).
        return;
    }
  }

  /** @param {import('./parley-client.js').SessionReady} ready */
  onReady(ready) {
    const previous = this.session;
    const sameSession = previous?.sessionId === ready.sessionId && ready.resumed === true;
    this.storage.setItem(
      this.storageKey,
      JSON.stringify({ sessionId: ready.sessionId, ...(typeof ready.resumeToken === 'string' ? { resumeToken: ready.resumeToken } : {}) }),
    );
    this.limits = ready.limits;
    this.attempt = 0;
    this.helloId = undefined;
    this.settleLostTurns(sameSession ? Number(ready.turnCount) : undefined);
    this.knownTurnCount = Number(ready.turnCount) || 0;
    this.setState('ready');
    this.emit('ready', ready);
    this.startHeartbeat();
    this.pump();
  }

  /**
   * Turns sent on a connection that dropped before their reply. The server handles turns in
   * order, so the resumed session's turnCount tells how many of them it did process: their
   * replies are lost (reported), the rest go out again without being duplicated.
   * @param {number | undefined} resumedTurnCount undefined when the session is new
   */
  settleLostTurns(resumedTurnCount) {
    // Rewards lost with the connection go again: at worst the server records a duplicate.
    this.rewardQueue.unshift(...this.rewardsInFlight.values());
    this.rewardsInFlight.clear();
    const lost = [...this.inFlight.values()];
    this.inFlight.clear();
    if (lost.length === 0) return;
    const processed = resumedTurnCount === undefined ? 0 : Math.max(0, Math.min(lost.length, resumedTurnCount - this.knownTurnCount));
    for (const turn of lost.slice(0, processed)) this.emit('turn-lost', { id: turn.id, text: turn.text });
    this.queue.unshift(...lost.slice(processed));
    this.emitPending();
  }

  /** @param {import('./parley-client.js').TurnReply} reply */
  onReply(reply) {
    if (typeof reply.id === 'string') this.inFlight.delete(reply.id);
    this.knownTurnCount += 1;
    this.emit('reply', reply);
    this.emitPending();
    this.pump();
  }

  /** @param {import('./parley-client.js').RewardAck} ack */
  onRewardAck(ack) {
    const reward = typeof ack.id === 'string' ? this.rewardsInFlight.get(ack.id) : undefined;
    if (reward === undefined) return;
    this.rewardsInFlight.delete(reward.id);
    this.emit('reward', { id: reward.id, eventId: reward.eventId, value: reward.value, outcome: ack.outcome });
    this.pump();
  }

  /** @param {import('./parley-client.js').ErrorMessage} error */
  onRewardError(error) {
    const reward = /** @type {{id: string, eventId: string, value: number, retries: number}} */ (this.rewardsInFlight.get(String(error.id)));
    this.rewardsInFlight.delete(reward.id);
    if (error.code === 'PARLEY_GATEWAY_RATE_LIMITED' && reward.retries < MAX_RATE_LIMIT_RETRIES) {
      reward.retries += 1;
      this.rewardQueue.unshift(reward);
      this.pauseSending(typeof error.retryAfterMs === 'number' ? error.retryAfterMs : DEFAULT_RETRY_AFTER_MS);
    } else if (error.code === 'PARLEY_GATEWAY_SHUTTING_DOWN') {
      // Goes out again on the next connection.
      this.rewardQueue.unshift(reward);
    } else {
      this.emit('reward-error', { id: reward.id, eventId: reward.eventId, value: reward.value, code: error.code, message: politeError(error, this.limits), retryable: error.retryable === true });
    }
    this.pump();
  }

  /** @param {import('./parley-client.js').ErrorMessage} error */
  onError(error) {
    if (error.id !== undefined && error.id === this.helloId) return this.onHelloError(error);
    if (typeof error.id === 'string' && this.rewardsInFlight.has(error.id)) return this.onRewardError(error);
    const turn = typeof error.id === 'string' ? this.inFlight.get(error.id) : undefined;
    if (turn === undefined) {
      this.emit('notice', { code: error.code, message: politeError(error, this.limits) });
      return;
    }
    this.inFlight.delete(turn.id);
    if (error.code === 'PARLEY_GATEWAY_RATE_LIMITED' && turn.retries < MAX_RATE_LIMIT_RETRIES) {
      // The server dropped the message: send it again once the bucket has refilled.
      turn.retries += 1;
      this.queue.unshift(turn);
      this.emit('notice', { code: error.code, message: politeError(error, this.limits) });
      this.pauseSending(typeof error.retryAfterMs === 'number' ? error.retryAfterMs : DEFAULT_RETRY_AFTER_MS);
    } else if (error.code === 'PARLEY_GATEWAY_SHUTTING_DOWN') {
      // Goes out again on the next connection.
      this.queue.unshift(turn);
      this.emit('notice', { code: error.code, message: politeError(error, this.limits) });
    } else if (error.code === 'PARLEY_SESSION_NOT_FOUND') {
      // The session vanished mid-conversation: continue this turn in a new one.
      this.queue.unshift(turn);
      this.forgetSession();
      this.emit('session-reset', { code: error.code });
      this.detach(1000);
      this.scheduleReconnect();
    } else {
      this.emit('turn-error', { id: turn.id, text: turn.text, code: error.code, message: politeError(error, this.limits), retryable: error.retryable === true });
    }
    this.emitPending();
    this.pump();
  }

  /** @param {import('./parley-client.js').ErrorMessage} error */
  onHelloError(error) {
    this.helloId = undefined;
    if (STALE_SESSION_CODES.has(error.code) && this.session !== undefined) {
      this.emit('session-reset', { code: error.code });
      this.sendHello(true);
      return;
    }
    if (FATAL_HELLO_CODES.has(error.code)) {
      this.emit('fatal', { code: error.code, message: politeError(error, this.limits) });
      this.stop();
      return;
    }
    // Shutting down, store unavailable...: try again on a new connection.
    this.detach(1000);
    this.scheduleReconnect();
  }

  /** @param {number} ms */
  pauseSending(ms) {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, ms);
  }

  /**
   * Sends queued rewards, then turns, while the session is ready and the server accepts more in
   * flight (it counts both against maxPendingTurns).
   */
  pump() {
    if (this.state !== 'ready' || this.retryTimer !== undefined) return;
    const max = this.limits?.maxPendingTurns ?? 1;
    const room = () => this.inFlight.size + this.rewardsInFlight.size < max && this.socket?.readyState === 1;
    while (this.rewardQueue.length > 0 && room()) {
      const reward = /** @type {{id: string, eventId: string, value: number, retries: number}} */ (this.rewardQueue.shift());
      this.rewardsInFlight.set(reward.id, reward);
      this.transmit({ type: 'reward.send', id: reward.id, eventId: reward.eventId, value: reward.value });
    }
    while (this.queue.length > 0 && room()) {
      const turn = /** @type {{id: string, text: string, retries: number}} */ (this.queue.shift());
      this.inFlight.set(turn.id, turn);
      this.transmit({ type: 'turn.text', id: turn.id, text: turn.text });
    }
  }

  startHeartbeat() {
    clearInterval(this.pingTimer);
    if (this.pingIntervalMs <= 0) return;
    this.lastHeard = Date.now();
    this.pingTimer = setInterval(() => {
      // Nothing heard for a whole interval plus the timeout: the connection is dead without a close.
      if (Date.now() - this.lastHeard > this.pingIntervalMs + this.pingTimeoutMs) {
        this.detach(4000);
        this.onDropped();
        return;
      }
      this.transmit({ type: 'ping' });
    }, this.pingIntervalMs);
  }

  /** Stops listening to the current socket and closes it. @param {number} code */
  detach(code) {
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket === undefined) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
    try {
      socket.close(code);
    } catch {
      // Already closed or closing.
    }
  }

  onDropped() {
    clearInterval(this.pingTimer);
    this.socket = undefined;
    if (this.state === 'stopped') return;
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    clearTimeout(this.reconnectTimer);
    // After server.shutdown, its reconnectAfterMs counts from the notice; otherwise back off.
    const delayMs =
      this.reconnectAt !== undefined ? Math.max(0, this.reconnectAt - Date.now()) : backoffDelay(this.attempt, this.backoff, this.random);
    this.reconnectAt = undefined;
    this.attempt += 1;
    this.setState('reconnecting', { delayMs });
    this.reconnectTimer = setTimeout(() => this.open(), delayMs);
  }
}
