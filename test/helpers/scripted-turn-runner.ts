/**
 * An in-memory TurnRunner for gateway tests: sessions belong to one (site, user), resuming
 * someone else's or an unknown session fails with PARLEY_SESSION_NOT_FOUND like the real one,
 * and replies come from a script (default: echo) that may delay or throw to cause faults.
 */
import type {
  OpenedSession,
  OpenSessionRequest,
  TextTurnRequest,
  TurnReply,
  TurnRunner,
} from '../../src/fulfillment/port.js';
import { NotFoundError } from '../../src/shared/errors.js';

interface StoredSession {
  siteKey: string;
  userId: string;
  anonymous: boolean;
  turnCount: number;
}

/** Returns the reply fields to override, or throws to fail the turn. */
export type TurnScript = (request: TextTurnRequest, turnIndex: number) => Promise<Partial<TurnReply> | undefined> | Partial<TurnReply> | undefined;

export class ScriptedTurnRunner implements TurnRunner {
  readonly #sessions = new Map<string, StoredSession>();
  #nextSession = 1;
  #nextTurn = 1;
  /** Texts handled, in the order handling started. */
  readonly handled: string[] = [];
  readonly opened: OpenSessionRequest[] = [];

  constructor(private readonly script: TurnScript = () => undefined) {}

  async openSession(request: OpenSessionRequest): Promise<OpenedSession> {
    this.opened.push(request);
    if (request.sessionId !== undefined) {
      const stored = this.#owned(request.identity, request.sessionId);
      return { sessionId: request.sessionId, resumed: true, turnCount: stored.turnCount };
    }
    const sessionId = `sess-${this.#nextSession++}`;
    const { siteKey, userId, anonymous } = request.identity;
    this.#sessions.set(sessionId, { siteKey, userId, anonymous, turnCount: 0 });
    return { sessionId, resumed: false, turnCount: 0 };
  }

  async handleText(request: TextTurnRequest): Promise<TurnReply> {
    const stored = this.#owned(request.identity, request.sessionId);
    this.handled.push(request.text);
    const turnIndex = stored.turnCount;
    const override = await this.script(request, turnIndex);
    stored.turnCount += 1;
    const text = `You said: ${request.text}`;
    return {
      sessionId: request.sessionId,
      turnId: `turn-${this.#nextTurn++}`,
      text,
      messages: [{ contentType: 'PlainText', content: text }],
      intent: { name: 'FallbackIntent', state: 'Fulfilled', confidence: 1 },
      slots: {},
      dialogAction: { type: 'Close' },
      cards: [],
      latencyMs: 1,
      ...override,
    };
  }

  /** Forgets a session, as an expiry would. */
  expire(sessionId: string): void {
    this.#sessions.delete(sessionId);
  }

  #owned(identity: OpenSessionRequest['identity'], sessionId: string): StoredSession {
    const stored = this.#sessions.get(sessionId);
    if (
      stored === undefined ||
      stored.siteKey !== identity.siteKey ||
      stored.userId !== identity.userId ||
      stored.anonymous !== identity.anonymous
    ) {
      throw new NotFoundError('PARLEY_SESSION_NOT_FOUND', 'No such session for this user');
    }
    return stored;
  }
}
