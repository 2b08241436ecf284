/**
 * One text turn end to end: resume the session, understand the utterance, fulfil the intent when
 * the dialog is ready, store the turn, answer. The gateway and `parley chat` both go through here.
 */
import { randomUUID } from 'node:crypto';
import type { AudioConversation, ConversationEngine, Message, RecognizeTextResponse, SessionState } from '../conversation/index.js';
import { PCM_BYTES_PER_SECOND, PCM_INPUT_FORMAT } from '../conversation/index.js';
import type { SessionRecord, SessionRepository, SpokenTurnInput } from '../store/port.js';
import { isParleyError, NotFoundError, ParleyError } from '../shared/errors.js';
import type { FulfillmentResult, IntentHandler } from './intent-handler.js';
import { plainText } from './intent-handler.js';
import type { ClosingScripts } from './closing-scripts.js';
import type { EventRecorder } from './event-recorder.js';
import type { ReplyVariants, SpokenVariant } from './reply-variants.js';
import type { EventAck, EventRequest, Identity, OpenSessionRequest, RewardAck, RewardRequest, OpenedSession, AudioTurnRequest, TextTurnRequest, TurnReply, TurnRunner } from './port.js';
import { flattenSlots, replyText } from './reply.js';
import { newSessionId, SESSION_ID_PATTERN } from './session-id.js';
import { SessionCache, type CachedSession } from './session-cache.js';
import { contextToRecord, recordToContext } from './client-context.js';

export interface TurnRunnerDeps {
  conversation: ConversationEngine;
  sessions: SessionRepository;
  handlers: ReadonlyMap<string, IntentHandler>;
  /** The bot's closing response for an intent, spoken after its fulfilment. */
  closingMessages?: (intentName: string, slots: Record<string, string | null>) => Message[];
  botName: string;
  localeId: string;
  idleSessionTtlSeconds: number;
  clock?: () => Date;
  /** Called for failures the customer only hears an apology for. */
  onHandlerError?: (error: unknown, intentName: string) => void;
  sessionCacheSize?: number;
  /** Stores client events and feeds the recommender; without it event.send is not implemented. */
  events?: EventRecorder;
  /** Understands spoken turns; without it audio turns are not implemented. */
  audio?: AudioConversation;
  /** Bandit-chosen script variants for replies, and rewards from events about them (issue 7). */
  replies?: ReplyVariants;
  /** Scripts for intents the engine closes with the bot's own words (said through `replies`). */
  closingScripts?: ClosingScripts;
}

const SESSION_NOT_FOUND = 'PARLEY_SESSION_NOT_FOUND';

export class PipelineTurnRunner implements TurnRunner {
  readonly #deps: TurnRunnerDeps;
  readonly #clock: () => Date;
  readonly #cache: SessionCache;
  /** Turns of one session run one at a time, whichever socket they come from. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(deps: TurnRunnerDeps) {
    this.#deps = deps;
    this.#clock = deps.clock ?? (() => new Date());
    this.#cache = new SessionCache(deps.sessionCacheSize ?? 10_000);
  }

  async openSession(request: OpenSessionRequest): Promise<OpenedSession> {
    if (request.sessionId !== undefined) {
      const session = await this.#load(request.sessionId, request.identity);
      const intent = session.state.intent;
      const action = session.state.dialogAction;
      const waiting = intent !== undefined && action !== undefined && (action.type === 'ElicitSlot' || action.type === 'ConfirmIntent');
      return {
        sessionId: session.sessionId,
        resumed: true,
        turnCount: session.turnCount,
        ...(waiting ? { pending: { intent: intent.name, dialogAction: action } } : {}),
      };
    }
    const now = this.#clock();
    const record: SessionRecord = {
      sessionId: newSessionId(),
      siteKey: request.identity.siteKey,
      userId: request.identity.userId,
      anonymous: request.identity.anonymous,
      botName: this.#deps.botName,
      localeId: this.#deps.localeId,
      context: contextToRecord(request.context),
      state: {},
      turns: [],
      createdAt: now,
      updatedAt: now,
      expiresAt: this.#expiry(now),
    };
    await this.#deps.sessions.create(record);
    this.#cache.set({ ...record, turnCount: 0 });
    return { sessionId: record.sessionId, resumed: false, turnCount: 0 };
  }

  handleText(request: TextTurnRequest): Promise<TurnReply> {
    return this.#inOrder(request);
  }

  /** Recognized by the audio path (Lex, or the recognizer then the engine); otherwise a text turn. */
  handleAudio(request: AudioTurnRequest): Promise<TurnReply> {
    if (this.#deps.audio === undefined) return Promise.reject(new ParleyError('PARLEY_GATEWAY_NOT_IMPLEMENTED', 'Spoken turns are not taken by this service', { status: 501 }));
    return this.#inOrder(request);
  }

  #inOrder(request: TextTurnRequest | AudioTurnRequest): Promise<TurnReply> {
    const previous = this.#queues.get(request.sessionId) ?? Promise.resolve();
    const run = previous.then(
      () => this.#turn(request),
      () => this.#turn(request),
    );
    const settled = run.catch(() => undefined);
    this.#queues.set(request.sessionId, settled);
    void settled.then(() => {
      if (this.#queues.get(request.sessionId) === settled) this.#queues.delete(request.sessionId);
    });
    return run;
  }

  async handleEvent(request: EventRequest): Promise<EventAck> {
    const events = this.#deps.events;
    if (events === undefined) throw new ParleyError('PARLEY_EVENT_UNAVAILABLE', 'Events are not recorded by this service', { status: 501 });
    // Only the session's own user may report events in it.
    await this.#load(request.sessionId, request.identity);
    const ack = await events.record(request);
    // Stored first, so an event about an unknown or expired decision is still kept.
    await this.#deps.replies?.reward(request);
    return ack;
  }

  async handleReward(request: RewardRequest): Promise<RewardAck> {
    const replies = this.#deps.replies;
    if (replies === undefined) throw new ParleyError('PARLEY_GATEWAY_NOT_IMPLEMENTED', 'Bandit replies are off on this service', { status: 501 });
    // Only the session's own user may reward its replies.
    await this.#load(request.sessionId, request.identity);
    return { outcome: await replies.rewardValue(request) };
  }

  async #turn(request: TextTurnRequest | AudioTurnRequest): Promise<TurnReply> {
    const started = performance.now();
    let session = await this.#load(request.sessionId, request.identity);
    try {
      return await this.#runTurn(session, request, started);
    } catch (error) {
      if (!(isParleyError(error) && error.code === 'PARLEY_STORE_CONFLICT')) throw error;
      // Another process advanced this session: reload once and replay the utterance on its state.
      this.#cache.delete(request.sessionId);
      session = await this.#load(request.sessionId, request.identity);
      return this.#runTurn(session, request, started);
    }
  }

  async #runTurn(session: CachedSession, request: TextTurnRequest | AudioTurnRequest, started: number): Promise<TurnReply> {
    const now = this.#clock();
    const context = recordToContext(session.context);
    const turnInput = {
      sessionId: session.sessionId,
      sessionState: session.state,
      localeId: session.localeId,
      ...(context.timeZone === undefined ? {} : { timeZone: context.timeZone }),
    };
    const understood: RecognizeTextResponse & { transcript?: string } =
      'pcm' in request && this.#deps.audio !== undefined
        ? await this.#deps.audio.recognizeAudio({ ...turnInput, pcm: request.pcm })
        : await this.#deps.conversation.recognizeText({ ...turnInput, text: 'text' in request ? request.text : '' });

    let state: SessionState = understood.sessionState;
    let messages = understood.messages;
    let cards: TurnReply['cards'] = [];
    let spoken: SpokenVariant | undefined;
    const intent = state.intent;
    if (intent?.state === 'ReadyForFulfillment') {
      const slots = flattenSlots(intent);
      const result = await this.#fulfil(intent.name, { intent, slots, identity: request.identity, sessionId: session.sessionId, context, now });
      const closing = result.state === 'Fulfilled' ? this.#deps.closingMessages?.(intent.name, slots) ?? [] : [];
      const who = { identity: request.identity, sessionId: session.sessionId, context };
      spoken = result.script === undefined ? undefined : await this.#deps.replies?.render(result.script, who);
      messages = [...messages, ...(spoken === undefined ? result.messages : [plainText(spoken.text)]), ...closing];
      cards = result.cards ?? [];
      state = {
        ...state,
        dialogAction: { type: 'Close' },
        intent: { ...intent, state: result.state },
        sessionAttributes: { ...state.sessionAttributes, ...result.sessionAttributes },
      };
    } else if (intent?.state === 'Fulfilled' && this.#deps.closingScripts !== undefined && this.#deps.replies !== undefined) {
      // Closed by the engine with the bot's words: the brand's script for the intent says it instead.
      const heard = understood.transcript ?? ('text' in request ? request.text : '');
      const script = await this.#deps.closingScripts.scriptFor(intent.name, { identity: request.identity, heard });
      spoken = script === undefined ? undefined : await this.#deps.replies.render(script, { identity: request.identity, sessionId: session.sessionId, context });
      if (spoken !== undefined) messages = [plainText(spoken.text)];
    }

    const finalIntent = state.intent;
    const slots = flattenSlots(finalIntent);
    const confidence = understood.interpretations.find((i) => i.intent.name === finalIntent?.name)?.nluConfidence?.score ?? 0;
    const dialogAction = state.dialogAction ?? { type: 'ElicitIntent' as const };
    const text = replyText(messages);
    const turnId = `t-${randomUUID()}`;
    const latencyMs = performance.now() - started;

    const expiresAt = this.#expiry(now);
    await this.#deps.sessions.appendTurn(
      session.sessionId,
      session.turnCount,
      state,
      {
        turnId,
        at: now,
        // A spoken turn is stored as what was heard, and how (the audio itself is not kept).
        input: 'pcm' in request ? this.#spokenInput(request.pcm, understood) : { kind: 'text', text: request.text },
        ...(finalIntent === undefined ? {} : { intent: { name: finalIntent.name, ...(finalIntent.state === undefined ? {} : { state: finalIntent.state }), confidence } }),
        slots: Object.entries(slots).map(([name, value]) => ({ name, value })),
        dialogAction: { type: dialogAction.type, ...(dialogAction.slotToElicit === undefined ? {} : { slotToElicit: dialogAction.slotToElicit }) },
        replyText: text,
        latencyMs: Math.round(latencyMs * 1000) / 1000,
      },
      expiresAt,
    );
    this.#cache.set({ ...session, state, turnCount: session.turnCount + 1, updatedAt: now, expiresAt });

    return {
      sessionId: session.sessionId,
      turnId,
      text,
      messages,
      intent: { name: finalIntent?.name ?? 'None', state: finalIntent?.state ?? 'InProgress', confidence },
      slots,
      dialogAction,
      cards,
      latencyMs: performance.now() - started,
      ...(understood.fallback === undefined ? {} : { fallback: understood.fallback }),
      ...(understood.transcript === undefined ? {} : { transcript: understood.transcript }),
      ...(spoken === undefined ? {} : { speech: spoken.speech }),
      ...(spoken?.decision === undefined ? {} : { decision: spoken.decision }),
    };
  }

  #spokenInput(pcm: Uint8Array, understood: RecognizeTextResponse & { transcript?: string }): SpokenTurnInput {
    return {
      kind: 'audio',
      text: understood.transcript ?? '',
      recognizer: understood.fallback?.engine ?? this.#deps.audio?.name ?? 'none',
      durationMs: Math.round((pcm.byteLength * 1000) / PCM_BYTES_PER_SECOND),
      format: { ...PCM_INPUT_FORMAT },
    };
  }

  async #fulfil(intentName: string, request: Parameters<IntentHandler>[0]): Promise<FulfillmentResult> {
    const handler = this.#deps.handlers.get(intentName);
    if (handler === undefined) return { state: 'Fulfilled', messages: [] };
    try {
      return await handler(request);
    } catch (error) {
      this.#deps.onHandlerError?.(error, intentName);
      // The dialog goes on: the customer hears an apology instead of a dropped turn.
      return { state: 'Failed', messages: [plainText("Sorry, I can't do that right now. Please try again in a moment.")] };
    }
  }

  async #load(sessionId: string, identity: Identity): Promise<CachedSession> {
    if (!SESSION_ID_PATTERN.test(sessionId)) throw notFound();
    let session = this.#cache.get(sessionId);
    if (session === undefined) {
      const head = await this.#deps.sessions.getHead(sessionId);
      if (head === null) throw notFound();
      // The store keeps the state exactly as this runner wrote it: a Lex SessionState.
      session = { ...head, state: head.state as SessionState };
    }
    // Foreign and expired sessions read exactly like unknown ones: nothing leaks about other users.
    if (session.siteKey !== identity.siteKey || session.userId !== identity.userId || session.expiresAt.getTime() <= this.#clock().getTime()) {
      throw notFound();
    }
    this.#cache.set(session);
    return session;
  }

  #expiry(now: Date): Date {
    return new Date(now.getTime() + this.#deps.idleSessionTtlSeconds * 1000);
  }
}

function notFound(): ParleyError {
  return new NotFoundError(SESSION_NOT_FOUND, 'No such session for this user (unknown, expired or belonging to someone else). Start a new one.');
}

