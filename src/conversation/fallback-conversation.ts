/**
 * A conversation engine that asks a primary engine (Lex) and, when it is unavailable, answers
 * from a fallback engine (the local one, over the same bot) so a conversation does not stop with
 * the remote service. Fallback answers are marked (`fallback` and a request attribute) and every
 * change of availability is logged once and counted.
 */
import { UpstreamError } from '../shared/errors.js';
import {
  FALLBACK_ATTRIBUTE,
  type ConversationEngine,
  type RecognizeTextRequest,
  type RecognizeTextResponse,
} from './port.js';

/** The subset of a pino logger this decorator uses. */
export interface FallbackLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface FallbackCounters {
  /** Turns answered by the primary engine. */
  primary: number;
  /** Turns answered by the fallback engine. */
  fallback: number;
  /** Times the primary went from available to unavailable. */
  outages: number;
}

export interface FallbackConversationEngineOptions {
  logger?: FallbackLogger;
}

export class FallbackConversationEngine implements ConversationEngine {
  readonly name: string;
  private available = true;
  private readonly counts: FallbackCounters = { primary: 0, fallback: 0, outages: 0 };

  constructor(
    private readonly primary: ConversationEngine,
    private readonly fallback: ConversationEngine,
    private readonly options: FallbackConversationEngineOptions = {},
  ) {
    this.name = `${primary.name}+${fallback.name}`;
  }

  /** A copy of the counters, for metrics and tests. */
  counters(): FallbackCounters {
    return { ...this.counts };
  }

  /** Whether the last primary call succeeded. */
  get isPrimaryAvailable(): boolean {
    return this.available;
  }

  async recognizeText(request: RecognizeTextRequest): Promise<RecognizeTextResponse> {
    try {
      const response = await this.primary.recognizeText(request);
      this.markAvailable();
      this.counts.primary += 1;
      return response;
    } catch (error) {
      // Only outages fall back: bad input or a missing bot would fail the same way locally or
      // hide a configuration error.
      if (!(error instanceof UpstreamError) || !error.retryable) throw error;
      this.markUnavailable(error);
      const response = await this.fallback.recognizeText(request);
      this.counts.fallback += 1;
      return {
        ...response,
        requestAttributes: { ...response.requestAttributes, [FALLBACK_ATTRIBUTE]: this.fallback.name },
        fallback: { engine: this.fallback.name, reason: error.code },
      };
    }
  }

  private markAvailable(): void {
    if (this.available) return;
    this.available = true;
    this.options.logger?.info({ engine: this.primary.name }, 'conversation engine available again');
  }

  private markUnavailable(error: UpstreamError): void {
    if (!this.available) return;
    this.available = false;
    this.counts.outages += 1;
    this.options.logger?.warn(
      { engine: this.primary.name, fallback: this.fallback.name, code: error.code, details: error.details },
      'conversation engine unavailable; answering from the fallback engine',
    );
  }
}
