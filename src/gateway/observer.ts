/**
 * What the gateway reports while it works: connections, sessions, answered turns and the errors it
 * sends. Metrics implement it (GatewayMetrics); the gateway never depends on how they are kept.
 */
import type { TurnReply } from '../fulfillment/port.js';

export type TurnKind = 'text' | 'audio';

export interface GatewayObserver {
  /** A socket was accepted (true) or closed (false). */
  connection(open: boolean): void;
  /** A hello opened a session, new or resumed. */
  session(resumed: boolean): void;
  /** A turn was answered, `seconds` after its message arrived (queueing included). */
  turn(kind: TurnKind, reply: TurnReply, seconds: number): void;
  /** An error message was sent with this code. */
  error(code: string): void;
}
