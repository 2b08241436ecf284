/**
 * One client socket: its state (awaiting hello -> ready; draining on shutdown), its rate limit,
 * and its work queue. Every frame is answered or dropped here; nothing a client sends throws out
 * of this class, and the socket is closed only when it must be (hello timeout, abuse, shutdown).
 */
import type { FastifyBaseLogger } from 'fastify';
import { WebSocket, type RawData } from 'ws';
import type { Identity, TurnReply, TurnRunner } from '../../fulfillment/port.js';
import type { Config } from '../../config.js';
import { isParleyError } from '../../shared/errors.js';
import type { Authenticator } from '../auth.js';
import type { GatewayObserver } from '../observer.js';
import { clientError, GatewayErrorCode, retryableError } from '../errors.js';
import { toErrorReply } from './error-reply.js';
import { AudioInput, type TurnAudioBegin, type TurnAudioEnd, type Utterance } from './audio-input.js';
import type { ReplyVoice } from '../../fulfillment/port.js';
import type { AudioReady } from './audio-messages.js';
import { ReplyAudio, type AudioStreamOptions } from './audio-stream.js';
import { PROTOCOL_VERSION, type ClientMessage, type ConnectionLimits, type EventSend, type RewardSend, type ServerMessage, type SessionHello, type TurnText } from './messages.js';
import type { Protocol } from './protocol.js';
import { RateLimiter } from './rate-limiter.js';
import { SerialQueue } from './serial-queue.js';

/** Work accepted ahead of its answer: the running turn plus a few queued behind it. */
export const MAX_PENDING_TURNS = 4;
/** Refused frames (net) beyond this many bursts mean the client ignores rate errors: drop it. */
const ABUSE_BURSTS = 3;
const SESSION_NOT_FOUND = 'PARLEY_SESSION_NOT_FOUND';

export const CloseCode = {
  PolicyViolation: 1008,
  ServiceRestart: 1012,
  TryAgainLater: 1013,
} as const;

/** What every connection of a gateway shares. */
export interface ConnectionContext {
  protocol: Protocol;
  authenticator: Authenticator;
  turns: TurnRunner;
  limits: Config['limits'];
  /** Monotonic milliseconds (rate limiting). */
  now: () => number;
  /** Speaks replies to clients whose hello asks for audio; absent, session.ready says audio is off. */
  voice?: ReplyVoice;
  /** Sentences synthesized ahead, and the socket buffer above which audio waits. */
  audio?: Pick<AudioStreamOptions, 'lookahead' | 'highWaterBytes' | 'leadMs' | 'onFirstAudio'>;
  /** Told of connections, sessions, answered turns and errors sent (the service's metrics). */
  observer?: GatewayObserver;
}

interface OpenSession {
  identity: Identity;
  sessionId: string;
}

export class Connection {
  readonly #limiter: RateLimiter;
  readonly #queue: SerialQueue;
  #log: FastifyBaseLogger;
  #session: OpenSession | undefined;
  #helloQueued = false;
  #draining = false;
  #closed = false;
  #helloTimer: NodeJS.Timeout | undefined;
  /** The spoken turn being received (turn.audio.begin ... end). */
  readonly #audioInput: AudioInput;
  /** Spoken replies, when the hello asked for audio. */
  #audio: ReplyAudio | undefined;
  /** Bumped by every accepted turn and interrupt: a reply speaks only if nothing came after its turn. */
  #speechTicket = 0;
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    private readonly origin: string | undefined,
    private readonly context: ConnectionContext,
    log: FastifyBaseLogger,
  ) {
    this.#log = log;
    const { messagesPerSecond, messageBurst } = context.limits;
    this.#limiter = new RateLimiter({
      perSecond: messagesPerSecond,
      burst: messageBurst,
      abuseThreshold: ABUSE_BURSTS * messageBurst,
      now: context.now,
    });
    // An utterance left open (frames stopped, no end) is closed and freed, and the client told.
    this.#audioInput = new AudioInput(context.limits, (idle) => this.#sendError(idle.error, idle.id));
    this.#queue = new SerialQueue(MAX_PENDING_TURNS, (error) => this.#log.error({ err: error }, 'connection task failed'));
    // Settles once the socket closed and its reply audio stopped with what was heard stored, so a
    // shutdown that awaits it closes the store only after those records are written.
    this.closed = new Promise<void>((resolve) => socket.once('close', () => resolve())).then(() => this.#audio?.settled());
    socket.on('message', (data: RawData, isBinary: boolean) => this.#onFrame(data, isBinary));
    socket.once('close', (code: number) => this.#onClose(code));
    context.observer?.connection(true);
    this.#startHelloTimer();
  }

  /** Announces the shutdown; turns already accepted still get their replies. */
  beginShutdown(reconnectAfterMs: number): void {
    if (this.#draining) return;
    this.#draining = true;
    this.#send({ type: 'server.shutdown', reconnectAfterMs });
  }

  /** Resolves when no accepted work is left. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(code, reason);
    }
  }

  terminate(): void {
    this.socket.terminate();
  }

  #onFrame(data: RawData, isBinary: boolean): void {
    if (this.#closed) return;
    // Audio of an open spoken turn is bounded by the utterance caps, not by the message rate.
    if (isBinary && this.#audioInput.receiving) return this.#audioFrame(data);
    try {
      // Every frame costs a token before any parsing, so garbage cannot dodge the limit.
      const decision = this.#limiter.take();
      if (!decision.allowed) {
        if (decision.abusive) {
          this.#log.warn('closing connection that ignores rate limiting');
          this.close(CloseCode.PolicyViolation, 'rate limit exceeded');
          return;
        }
        this.#sendError(retryableError(GatewayErrorCode.RateLimited, 'Too many messages; slow down', { retryAfterMs: decision.retryAfterMs }), undefined);
        return;
      }
      const parsed = this.context.protocol.parse(data, isBinary);
      if (!parsed.ok) {
        this.#sendError(parsed.error, parsed.id);
        return;
      }
      this.#dispatch(parsed.message);
    } catch (error) {
      this.#sendError(error, undefined);
    }
  }

  #dispatch(message: ClientMessage): void {
    switch (message.type) {
      case 'ping':
        this.#send({ type: 'pong', ...idOf(message) });
        return;
      case 'turn.interrupt':
        this.#speechTicket += 1;
        this.#audio?.stop('interrupted', message.heardMs, message.id);
        return;
      case 'event.send':
        this.#acceptEvent(message);
        return;
      case 'reward.send':
        this.#acceptReward(message);
        return;
      case 'session.hello':
        this.#acceptHello(message);
        return;
      case 'turn.text':
        this.#acceptTurn(message);
        return;
      case 'turn.audio.begin':
        this.#acceptAudioBegin(message);
        return;
      case 'turn.audio.end':
        this.#acceptAudioEnd(message);
        return;
    }
  }

  #acceptAudioBegin(begin: TurnAudioBegin): void {
    if (this.context.turns.handleAudio === undefined) {
      return this.#sendError(clientError(GatewayErrorCode.NotImplemented, 'Spoken turns are not taken by this service'), begin.id);
    }
    if (this.#draining) return this.#sendError(retryableError(GatewayErrorCode.ShuttingDown, 'The server is shutting down'), begin.id);
    if (this.#session === undefined && !this.#helloQueued) {
      return this.#sendError(clientError(GatewayErrorCode.HelloRequired, 'Send session.hello first'), begin.id);
    }
    const refused = this.#audioInput.begin(begin);
    if (refused !== undefined) return this.#sendError(refused, begin.id);
    // The customer is speaking: barge in on the reply still playing, as a new text turn does.
    this.#speechTicket += 1;
    this.#audio?.stop('superseded');
  }

  #audioFrame(data: RawData): void {
    const over = this.#audioInput.frame(data);
    if (over !== undefined) this.#sendError(over.error, over.id);
  }

  #acceptAudioEnd(end: TurnAudioEnd): void {
    const result = this.#audioInput.end(end);
    if (!result.ok) {
      if (result.error !== undefined) this.#sendError(result.error, result.id);
      return;
    }
    if (this.#draining) return this.#sendError(retryableError(GatewayErrorCode.ShuttingDown, 'The server is shutting down'), result.utterance.id);
    const ticket = (this.#speechTicket += 1);
    const arrived = this.context.now();
    this.#enqueue(() => this.#audioTurn(result.utterance, ticket, arrived), result.utterance.id);
  }

  async #audioTurn(utterance: Utterance, ticket: number, arrived: number): Promise<void> {
    const session = this.#session;
    const handleAudio = this.context.turns.handleAudio?.bind(this.context.turns);
    if (this.#closed || handleAudio === undefined) return;
    if (session === undefined) return this.#sendError(clientError(GatewayErrorCode.HelloRequired, 'Send session.hello first'), utterance.id);
    try {
      const reply = this.#spoken(await handleAudio({ identity: session.identity, sessionId: session.sessionId, pcm: utterance.pcm }));
      this.#send(replyMessage(reply, utterance.id));
      this.context.observer?.turn('audio', reply, (this.context.now() - arrived) / 1000);
      if (ticket === this.#speechTicket) this.#audio?.speak(reply);
    } catch (error) {
      this.#sendError(error, utterance.id);
      if (isParleyError(error) && error.code === SESSION_NOT_FOUND && this.#session === session) {
        this.#session = undefined;
        this.#startHelloTimer();
      }
    }
  }

  #acceptHello(hello: SessionHello): void {
    if (this.#draining) return this.#sendError(retryableError(GatewayErrorCode.ShuttingDown, 'The server is shutting down'), hello.id);
    if (this.#session !== undefined || this.#helloQueued) {
      return this.#sendError(clientError(GatewayErrorCode.HelloRepeated, 'This connection has already said hello'), hello.id);
    }
    this.#helloQueued = this.#enqueue(() => this.#hello(hello), hello.id);
  }

  #acceptTurn(turn: TurnText): void {
    if (this.#draining) return this.#sendError(retryableError(GatewayErrorCode.ShuttingDown, 'The server is shutting down'), turn.id);
    if (this.#session === undefined && !this.#helloQueued) {
      return this.#sendError(clientError(GatewayErrorCode.HelloRequired, 'Send session.hello first'), turn.id);
    }
    if (turn.text.trim() === '') return this.#sendError(clientError(GatewayErrorCode.TextEmpty, 'The text is empty'), turn.id);
    const { maxTextChars } = this.context.limits;
    // Characters are code points, so an emoji counts once, as a person would count it.
    if (turn.text.length > maxTextChars && [...turn.text].length > maxTextChars) {
      return this.#sendError(clientError(GatewayErrorCode.TextTooLong, `Text is limited to ${maxTextChars} characters`), turn.id);
    }
    // Barge-in: the customer speaks again, so the reply still speaking (or about to) goes quiet.
    const ticket = (this.#speechTicket += 1);
    this.#audio?.stop('superseded');
    const arrived = this.context.now();
    this.#enqueue(() => this.#turn(turn, ticket, arrived), turn.id);
  }

  #acceptEvent(message: EventSend): void {
    if (this.context.turns.handleEvent === undefined) {
      return this.#sendError(clientError(GatewayErrorCode.NotImplemented, 'event.send is not implemented by this service'), message.id);
    }
    if (this.#draining) return this.#sendError(retryableError(GatewayErrorCode.ShuttingDown, 'The server is shutting down'), message.id);
    if (this.#session === undefined && !this.#helloQueued) {
      return this.#sendError(clientError(GatewayErrorCode.HelloRequired, 'Send session.hello first'), message.id);
    }
    // Queued with the turns, so an event sent after a turn is stored after that turn's reply.
    this.#enqueue(() => this.#event(message), message.id);
  }

  async #event(message: EventSend): Promise<void> {
    const session = this.#session;
    const handleEvent = this.context.turns.handleEvent?.bind(this.context.turns);
    if (this.#closed || handleEvent === undefined) return;
    if (session === undefined) return this.#sendError(clientError(GatewayErrorCode.HelloRequired, 'Send session.hello first'), message.id);
    try {
      const ack = await handleEvent({ identity: session.identity, sessionId: session.sessionId, event: message.event });
      this.#send({ type: 'event.ack', ...idOf(message), interactionId: ack.interactionId, realTime: ack.realTime });
    } catch (error) {
      this.#sendError(error, message.id);
    }
  }

  #acceptReward(message: RewardSend): void {
    const handleReward = this.context.turns.handleReward?.bind(this.context.turns);
    if (handleReward === undefined) {
      return this.#sendError(clientError(GatewayErrorCode.NotImplemented, 'reward.send is not taken by this service (bandit replies are off)'), message.id);
    }
    if (this.#draining) return this.#sendError(retryableError(GatewayErrorCode.ShuttingDown, 'The server is shutting down'), message.id);
    if (this.#session === undefined && !this.#helloQueued) {
      return this.#sendError(clientError(GatewayErrorCode.HelloRequired, 'Send session.hello first'), message.id);
    }
    // Queued with the turns, so a reward sent right after a reply follows that reply's decision.
    this.#enqueue(async () => {
      const session = this.#session;
      if (this.#closed) return;
      if (session === undefined) return this.#sendError(clientError(GatewayErrorCode.HelloRequired, 'Send session.hello first'), message.id);
      try {
        const ack = await handleReward({ identity: session.identity, sessionId: session.sessionId, eventId: message.eventId, value: message.value });
        this.#send({ type: 'reward.ack', ...idOf(message), eventId: message.eventId, outcome: ack.outcome });
      } catch (error) {
        this.#sendError(error, message.id);
      }
    }, message.id);
  }

  #enqueue(task: () => Promise<void>, id: string | undefined): boolean {
    const accepted = this.#queue.push(task);
    if (!accepted) this.#sendError(retryableError(GatewayErrorCode.RateLimited, 'Too many turns waiting; wait for a reply'), id);
    return accepted;
  }

  async #hello(hello: SessionHello): Promise<void> {
    try {
      const { authenticator, turns } = this.context;
      const audio = this.#audioReady(hello);
      const identity = await authenticator.authenticate(hello, this.origin);
      const opened = await turns.openSession({
        identity,
        context: hello.context,
        ...(hello.sessionId === undefined ? {} : { sessionId: hello.sessionId }),
      });
      if (this.#closed) return;
      this.#session = { identity, sessionId: opened.sessionId };
      clearTimeout(this.#helloTimer);
      this.#log = this.#log.child({ siteKey: identity.siteKey, userId: identity.userId, sessionId: opened.sessionId });
      this.#log.info({ resumed: opened.resumed, anonymous: identity.anonymous }, 'session ready');
      this.context.observer?.session(opened.resumed);
      const resumeToken = authenticator.resumeTokenFor(identity, opened.sessionId);
      this.#send({
        type: 'session.ready',
        ...idOf(hello),
        v: PROTOCOL_VERSION,
        sessionId: opened.sessionId,
        resumed: opened.resumed,
        turnCount: opened.turnCount,
        ...(opened.pending === undefined ? {} : { pending: opened.pending }),
        userId: identity.userId,
        anonymous: identity.anonymous,
        ...(resumeToken === undefined ? {} : { resumeToken }),
        limits: this.#announcedLimits(),
        ...(audio === undefined ? {} : { audio }),
      });
      this.#startAudio(audio, opened.sessionId);
    } catch (error) {
      this.#sendError(error, hello.id);
    } finally {
      this.#helloQueued = false;
    }
  }

  async #turn(turn: TurnText, ticket: number, arrived: number): Promise<void> {
    // Checked here, not on arrival: a turn may be queued behind a hello that then failed.
    const session = this.#session;
    if (this.#closed) return;
    if (session === undefined) return this.#sendError(clientError(GatewayErrorCode.HelloRequired, 'Send session.hello first'), turn.id);
    try {
      const reply = this.#spoken(await this.context.turns.handleText({ identity: session.identity, sessionId: session.sessionId, text: turn.text }));
      this.#send(replyMessage(reply, turn.id));
      this.context.observer?.turn('text', reply, (this.context.now() - arrived) / 1000);
      if (ticket === this.#speechTicket) this.#audio?.speak(reply);
    } catch (error) {
      this.#sendError(error, turn.id);
      if (isParleyError(error) && error.code === SESSION_NOT_FOUND && this.#session === session) {
        // The session is gone (expired, removed): the client may hello again on this socket.
        this.#session = undefined;
        this.#startHelloTimer();
      }
    }
  }

  /** What the hello's audio request resolves to (throws for a rate the format lacks). */
  #audioReady(hello: SessionHello): AudioReady | undefined {
    if (hello.audio === undefined) return undefined;
    const { enabled, ...request } = hello.audio;
    const voice = this.context.voice;
    if (!enabled || voice === undefined) return { enabled: false };
    return { enabled: true, ...voice.deliveryFor(request) };
  }

  /** The reply with the SSML it is spoken from, so every client can speak it (issue 5, item 7). */
  #spoken(reply: TurnReply): TurnReply {
    const speech = this.context.voice?.speechOf(reply);
    return speech === undefined || speech === reply.speech ? reply : { ...reply, speech };
  }

  #startAudio(audio: AudioReady | undefined, sessionId: string): void {
    const voice = this.context.voice;
    if (audio?.enabled !== true || voice === undefined) return;
    const { enabled: _enabled, ...delivery } = audio;
    this.#audio?.stop('superseded');
    this.#audio = new ReplyAudio({
      socket: this.socket,
      send: (message) => this.#send(message),
      voice,
      delivery,
      sessionId,
      options: { lookahead: 2, highWaterBytes: 256 * 1024, leadMs: 1000, ...this.context.audio, now: this.context.now },
      log: this.#log,
    });
  }

  #announcedLimits(): ConnectionLimits {
    const { maxMessageBytes, maxTextChars, messagesPerSecond, messageBurst, maxAudioMs, maxAudioBytes, audioIdleMs } = this.context.limits;
    return { maxMessageBytes, maxTextChars, messagesPerSecond, messageBurst, maxPendingTurns: MAX_PENDING_TURNS, maxAudioMs, maxAudioBytes, audioIdleMs };
  }

  #startHelloTimer(): void {
    clearTimeout(this.#helloTimer);
    this.#helloTimer = setTimeout(() => {
      if (this.#session !== undefined || this.#closed) return;
      this.#sendError(clientError(GatewayErrorCode.HelloTimeout, 'No successful session.hello in time'), undefined);
      this.close(CloseCode.PolicyViolation, 'hello timeout');
    }, this.context.limits.helloTimeoutMs);
  }

  #sendError(error: unknown, id: string | undefined): void {
    const reply = toErrorReply(error, id);
    if (reply.internal) this.#log.error({ err: error }, 'unexpected error while handling a message');
    else this.#log.debug({ code: reply.message.code }, 'answered with an error');
    this.context.observer?.error(reply.message.code);
    this.#send(reply.message);
  }

  #send(message: ServerMessage): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(this.context.protocol.serialize(message));
  }

  #onClose(code: number): void {
    this.#closed = true;
    clearTimeout(this.#helloTimer);
    this.#audio?.stop('disconnected');
    this.#queue.close();
    this.#audioInput.discard();
    this.context.observer?.connection(false);
    this.#log.debug({ code }, 'connection closed');
  }
}

function idOf(message: { id?: string }): { id?: string } {
  return message.id === undefined ? {} : { id: message.id };
}

/** Field by field, so nothing the pipeline adds to its result reaches the wire undocumented. */
function replyMessage(reply: TurnReply, id: string | undefined): ServerMessage {
  return {
    type: 'turn.reply',
    ...(id === undefined ? {} : { id }),
    sessionId: reply.sessionId,
    turnId: reply.turnId,
    text: reply.text,
    messages: reply.messages,
    intent: reply.intent,
    slots: reply.slots,
    dialogAction: reply.dialogAction,
    cards: reply.cards,
    latencyMs: reply.latencyMs,
    ...(reply.fallback === undefined ? {} : { fallback: reply.fallback }),
    ...(reply.transcript === undefined ? {} : { transcript: reply.transcript }),
    ...(reply.speech === undefined ? {} : { speech: reply.speech }),
    ...(reply.decision === undefined ? {} : { decision: reply.decision }),
  };
}
