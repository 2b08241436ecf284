/**
 * The service's own Prometheus metrics (prom-client, on a registry of its own): sockets, sessions,
 * turns by intent and their latency as the server sees it, the script variants said, engine
 * fallbacks and error codes, plus Node's process metrics (CPU, memory, GC, event-loop delay).
 * Label values come from the bot, the brand scripts and Parley's own error codes, and each label
 * keeps at most MAX_LABEL_VALUES of them, so a misbehaving engine cannot grow the series unbounded.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TurnReply } from '../fulfillment/port.js';
import type { MetricsSource } from './http/metrics-routes.js';
import type { GatewayObserver, TurnKind } from './observer.js';

/** Distinct values one label may take; later ones are counted as `other`. */
export const MAX_LABEL_VALUES = 200;
/** Seconds: a turn's budget is 20 ms at p99, its reply is slow past a second. */
const TURN_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

export class GatewayMetrics implements GatewayObserver, MetricsSource {
  readonly registry = new Registry();
  readonly #connections: Gauge;
  readonly #sessions: Counter<'resumed'>;
  readonly #turns: Counter<'kind' | 'intent' | 'state'>;
  readonly #turnSeconds: Histogram<'kind'>;
  readonly #variants: Counter<'intent' | 'variant'>;
  readonly #fallbacks: Counter<'engine'>;
  readonly #errors: Counter<'code'>;
  readonly #seen = new Map<string, Set<string>>();

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.#connections = new Gauge({ name: 'parley_ws_connections', help: 'Open chat WebSocket connections', registers });
    this.#sessions = new Counter({ name: 'parley_sessions_opened_total', help: 'Sessions opened by a hello, new (resumed=false) or resumed', labelNames: ['resumed'], registers });
    this.#turns = new Counter({ name: 'parley_turns_total', help: 'Turns answered, by input kind (text, audio), intent and intent state', labelNames: ['kind', 'intent', 'state'], registers });
    this.#turnSeconds = new Histogram({ name: 'parley_turn_seconds', help: "Seconds from a turn's message arriving to its reply being sent (queueing included)", labelNames: ['kind'], buckets: TURN_BUCKETS, registers });
    this.#variants = new Counter({ name: 'parley_reply_variants_total', help: 'Replies said with a brand script variant chosen by the bandit, by intent and variant', labelNames: ['intent', 'variant'], registers });
    this.#fallbacks = new Counter({ name: 'parley_conversation_fallbacks_total', help: 'Turns the fallback engine answered because the configured one was unavailable, by the engine that answered', labelNames: ['engine'], registers });
    this.#errors = new Counter({ name: 'parley_errors_total', help: 'Error messages sent to clients, by code', labelNames: ['code'], registers });
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  connection(open: boolean): void {
    if (open) this.#connections.inc();
    else this.#connections.dec();
  }

  session(resumed: boolean): void {
    this.#sessions.inc({ resumed: String(resumed) });
  }

  turn(kind: TurnKind, reply: TurnReply, seconds: number): void {
    const intent = this.#bounded('intent', reply.intent.name);
    this.#turns.inc({ kind, intent, state: this.#bounded('state', reply.intent.state) });
    this.#turnSeconds.observe({ kind }, seconds);
    if (reply.decision !== undefined) this.#variants.inc({ intent, variant: this.#bounded('variant', reply.decision.variant) });
    if (reply.fallback !== undefined) this.#fallbacks.inc({ engine: this.#bounded('engine', reply.fallback.engine) });
  }

  error(code: string): void {
    this.#errors.inc({ code: this.#bounded('code', code) });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  #bounded(label: string, value: string): string {
    let values = this.#seen.get(label);
    if (values === undefined) this.#seen.set(label, (values = new Set()));
    if (values.has(value)) return value;
    if (values.size >= MAX_LABEL_VALUES) return 'other';
    values.add(value);
    return value;
  }
}

/** Several registries' metrics as one exposition (each family appears in one of them only). */
export function combinedMetrics(sources: readonly MetricsSource[]): MetricsSource {
  return {
    contentType: sources[0]?.contentType ?? 'text/plain; version=0.0.4; charset=utf-8',
    async text() {
      return (await Promise.all(sources.map((source) => source.text()))).join('\n');
    },
  };
}
