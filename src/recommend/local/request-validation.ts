/** Checks of the port's inputs against Personalize's limits; each failure names what is wrong. */
import { ValidationError } from '../../shared/errors.js';
import {
  DEFAULT_NUM_RESULTS,
  MAX_CONTEXT_ENTRIES,
  MAX_CONTEXT_VALUE_CHARS,
  MAX_EVENTS_PER_CALL,
  MAX_FUTURE_SKEW_MS,
  MAX_IMPRESSIONS,
  MAX_PROMOTIONS,
  MAX_RECORDS_PER_CALL,
  type GetRecommendationsInput,
  type PutEventsInput,
  type RecommendationContext,
} from '../port.js';

function invalid(code: string, message: string, details?: Record<string, unknown>): ValidationError {
  return new ValidationError(code, message, details === undefined ? {} : { details });
}

/** numResults defaulted and bounded to [1, max]. */
export function checkNumResults(numResults: number | undefined, max: number, fallback = DEFAULT_NUM_RESULTS): number {
  if (numResults === undefined) return fallback;
  if (!Number.isInteger(numResults) || numResults < 1 || numResults > max) {
    throw invalid('PARLEY_RECOMMEND_NUM_RESULTS_OUT_OF_RANGE', `numResults must be an integer from 1 to ${max} (got ${numResults})`, { max });
  }
  return numResults;
}

export function checkContext(context: RecommendationContext | undefined): void {
  const entries = Object.entries(context ?? {});
  if (entries.length > MAX_CONTEXT_ENTRIES) throw invalid('PARLEY_RECOMMEND_INVALID_CONTEXT', `context has ${entries.length} entries; at most ${MAX_CONTEXT_ENTRIES}`);
  for (const [key, value] of entries) {
    if (!/^[A-Za-z0-9_]{1,150}$/.test(key)) throw invalid('PARLEY_RECOMMEND_INVALID_CONTEXT', `context key "${key.slice(0, 40)}" must match [A-Za-z0-9_]{1,150}`);
    if (value.length > MAX_CONTEXT_VALUE_CHARS) throw invalid('PARLEY_RECOMMEND_INVALID_CONTEXT', `context.${key} is longer than ${MAX_CONTEXT_VALUE_CHARS} characters`);
  }
}

export function checkPromotions(input: GetRecommendationsInput): void {
  const promotions = input.promotions ?? [];
  if (promotions.length > MAX_PROMOTIONS) throw invalid('PARLEY_RECOMMEND_INVALID_PROMOTION', `at most ${MAX_PROMOTIONS} promotion per request`);
  for (const promotion of promotions) {
    const pct = promotion.percentPromotedItems;
    if (!Number.isInteger(pct) || pct < 1 || pct > 100) {
      throw invalid('PARLEY_RECOMMEND_INVALID_PROMOTION', `promotion "${promotion.name}": percentPromotedItems must be an integer from 1 to 100`);
    }
  }
}

/** A 1-to-10 batch (PutItems / PutUsers). */
export function checkRecordBatch(count: number, what: string): void {
  if (count < 1 || count > MAX_RECORDS_PER_CALL) {
    throw invalid('PARLEY_RECOMMEND_TOO_MANY_RECORDS', `${what}: send 1 to ${MAX_RECORDS_PER_CALL} records per call (got ${count})`);
  }
}

/** Parses a `properties` JSON string into UPPER_SNAKE metadata (camelCase keys, as Personalize maps them). */
export function parseProperties(properties: string | undefined, where: string): Record<string, string> {
  if (properties === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(properties);
  } catch {
    throw invalid('PARLEY_RECOMMEND_INVALID_PROPERTIES', `${where}: properties must be a JSON object string`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('PARLEY_RECOMMEND_INVALID_PROPERTIES', `${where}: properties must be a JSON object string`);
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    metadata[key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()] = String(value);
  }
  return metadata;
}

/** Validates a whole PutEvents call before anything is recorded. */
export function checkEvents(input: PutEventsInput, nowMs: number, isKnownItem: (itemId: string) => boolean): void {
  const count = input.eventList.length;
  if (count > MAX_EVENTS_PER_CALL) {
    throw invalid('PARLEY_RECOMMEND_TOO_MANY_EVENTS', `putEvents takes at most ${MAX_EVENTS_PER_CALL} events per call (got ${count})`, { count });
  }
  if (count === 0) throw invalid('PARLEY_RECOMMEND_INVALID_EVENT', 'putEvents needs at least one event');
  if (input.sessionId === '') throw invalid('PARLEY_RECOMMEND_INVALID_EVENT', 'sessionId is required');
  input.eventList.forEach((event, index) => {
    const where = `eventList[${index}]`;
    if (event.eventType.trim() === '') throw invalid('PARLEY_RECOMMEND_INVALID_EVENT', `${where}.eventType is required`, { index });
    if (!Number.isFinite(event.sentAt) || event.sentAt < 0) {
      throw invalid('PARLEY_RECOMMEND_INVALID_EVENT', `${where}.sentAt must be Unix epoch seconds`, { index });
    }
    if (event.sentAt * 1000 > nowMs + MAX_FUTURE_SKEW_MS) {
      throw invalid('PARLEY_RECOMMEND_EVENT_IN_FUTURE', `${where}.sentAt is ${Math.round(event.sentAt - nowMs / 1000)} s in the future (clock skew allowed: ${MAX_FUTURE_SKEW_MS / 1000} s)`, { index });
    }
    if (!isKnownItem(event.itemId)) {
      throw invalid('PARLEY_RECOMMEND_UNKNOWN_ITEM', `${where}.itemId is not in the catalogue; add it with putItems first`, { index });
    }
    if ((event.impression?.length ?? 0) > MAX_IMPRESSIONS) {
      throw invalid('PARLEY_RECOMMEND_INVALID_EVENT', `${where}.impression has more than ${MAX_IMPRESSIONS} items`, { index });
    }
    if (event.properties !== undefined) parseProperties(event.properties, where);
  });
}
