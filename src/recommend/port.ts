/**
 * The recommender port, shaped like Amazon Personalize's runtime and event-tracker APIs
 * (GetRecommendations, GetPersonalizedRanking, PutEvents, PutItems, PutUsers) plus item affinity
 * (Personalize's Item-Affinity batch segment job, answered online). Adapters: the local recommender
 * (src/recommend/local-recommender.ts) and, later, the Personalize adapter.
 *
 * Every error thrown through this port is a ParleyError (src/shared/errors.ts) with a
 * PARLEY_RECOMMEND_* code; unknown users and items are cold start, never an error.
 */

/** Default and maximum of `numResults` (Personalize: default 25, max 500). */
export const DEFAULT_NUM_RESULTS = 25;
export const MAX_NUM_RESULTS = 500;
/** Maximum items in a GetPersonalizedRanking `inputList`. */
export const MAX_INPUT_LIST = 500;
/** PutEvents takes 1 to 10 events a call; PutItems / PutUsers 1 to 10 records. */
export const MAX_EVENTS_PER_CALL = 10;
export const MAX_RECORDS_PER_CALL = 10;
/** `context`: at most 150 entries, keys `[A-Za-z0-9_]{1,150}`, values at most 1000 chars. */
export const MAX_CONTEXT_ENTRIES = 150;
export const MAX_CONTEXT_VALUE_CHARS = 1000;
/** filterValues: at most 25 parameters. */
export const MAX_FILTER_VALUES = 25;
/** At most one promotion per request. */
export const MAX_PROMOTIONS = 1;
/** At most 25 explicit impression ids per event. */
export const MAX_IMPRESSIONS = 25;
/** How far ahead of the recommender's clock an event's `sentAt` may be (clock skew), in ms. */
export const MAX_FUTURE_SKEW_MS = 60_000;
/** Item affinity: default and maximum number of users returned per request. */
export const DEFAULT_AFFINITY_USERS = 25;
export const MAX_AFFINITY_USERS = 500;

/** Personalize's `context` map (e.g. `{ DEVICE: 'mobile' }`). */
export type RecommendationContext = Readonly<Record<string, string>>;

/** A promotion: a share of the list reserved for items that pass its own filter. */
export interface Promotion {
  name: string;
  /** 1 to 100: share of `numResults` given to promoted items. */
  percentPromotedItems: number;
  /** A filter expression in Personalize's grammar (the AWS adapter maps it to a filter ARN). */
  filter: string;
  filterValues?: Readonly<Record<string, string>>;
}

export interface GetRecommendationsInput {
  /** Required for user personalization; a user never seen is cold start (popular items). */
  userId?: string;
  /** Required for related items (similar-items recipe); an unknown item gets popular items. */
  itemId?: string;
  /** 1 to MAX_NUM_RESULTS; DEFAULT_NUM_RESULTS when omitted. */
  numResults?: number;
  /**
   * Filter expression in Personalize's grammar, e.g.
   * `EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("purchase")`. A malformed expression is a
   * ValidationError PARLEY_RECOMMEND_FILTER_SYNTAX naming the character position.
   */
  filter?: string;
  /** Values for the filter's `$PARAM`s: key without `$`, value a quoted comma list `"\"A\",\"B\""`. */
  filterValues?: Readonly<Record<string, string>>;
  context?: RecommendationContext;
  /** At most MAX_PROMOTIONS. */
  promotions?: readonly Promotion[];
}

export interface PredictedItem {
  itemId: string;
  /** Higher is better; comparable only within one response. Absent for unscored items. */
  score?: number;
  /** Set when the item was placed by a promotion. */
  promotionName?: string;
}

export interface RecommendationResponse {
  /** Sorted by relevance, best first; at most numResults entries. */
  itemList: PredictedItem[];
  /** Unique id of this response; send it back in events to attribute them. */
  recommendationId: string;
}

export interface GetPersonalizedRankingInput {
  userId: string;
  /** 1 to MAX_INPUT_LIST item ids; unknown items are appended at the end without a score. */
  inputList: readonly string[];
  context?: RecommendationContext;
  filter?: string;
  filterValues?: Readonly<Record<string, string>>;
}

export interface PersonalizedRankingResponse {
  personalizedRanking: PredictedItem[];
  recommendationId: string;
}

/** One event, as the Personalize event tracker takes it. */
export interface RecommendationEvent {
  /** Duplicate ids after the first are ignored. */
  eventId?: string;
  /** e.g. `click`, `purchase`; matched case-insensitively by filters. */
  eventType: string;
  eventValue?: number;
  /** Must be a known item (from training data or putItems). */
  itemId: string;
  recommendationId?: string;
  /** Item ids shown alongside (at most MAX_IMPRESSIONS). */
  impression?: readonly string[];
  /** A JSON string, as in Personalize. */
  properties?: string;
  /** Client time of the event, Unix epoch **seconds**; not more than MAX_FUTURE_SKEW_MS ahead. */
  sentAt: number;
}

export interface PutEventsInput {
  userId?: string;
  sessionId: string;
  /** 1 to MAX_EVENTS_PER_CALL events. */
  eventList: readonly RecommendationEvent[];
}

/** An item record: `properties` is a JSON string of metadata; multi-values use `|`. */
export interface ItemRecord {
  itemId: string;
  properties?: string;
}

export interface UserRecord {
  userId: string;
  properties?: string;
}

export interface ItemAffinityInput {
  /** The items to find users for (one or more). */
  itemIds: readonly string[];
  /** 1 to MAX_AFFINITY_USERS; DEFAULT_AFFINITY_USERS when omitted. */
  numResults?: number;
}

export interface UserAffinity {
  userId: string;
  score: number;
}

export interface ItemAffinityResponse {
  /** Users most likely to interact with the items, most likely first. */
  recommendedUsers: UserAffinity[];
}

/**
 * The recommender. All methods are async and may reject with a ParleyError:
 * ValidationError (status 400) for bad input, UpstreamError (retryable) when a backend fails.
 * Calls are not cancellable; each one is short (local: well under 2 ms for 10,000 items).
 */
export interface Recommender {
  /** Items for a user (personalized), for an item (related items), or popular items. */
  getRecommendations(input: GetRecommendationsInput): Promise<RecommendationResponse>;
  /** Re-rank a caller-given list for a user. */
  getPersonalizedRanking(input: GetPersonalizedRankingInput): Promise<PersonalizedRankingResponse>;
  /**
   * Record interactions; the user's next recommendations reflect them at once (real time).
   * Rejects with PARLEY_RECOMMEND_TOO_MANY_EVENTS, PARLEY_RECOMMEND_EVENT_IN_FUTURE,
   * PARLEY_RECOMMEND_UNKNOWN_ITEM or PARLEY_RECOMMEND_INVALID_EVENT; nothing is recorded then.
   */
  putEvents(input: PutEventsInput): Promise<void>;
  /** Add or update items (1 to MAX_RECORDS_PER_CALL); new items are explored. */
  putItems(items: readonly ItemRecord[]): Promise<void>;
  /** Add or update users (1 to MAX_RECORDS_PER_CALL). */
  putUsers(users: readonly UserRecord[]): Promise<void>;
  /** The users most likely to want the given items (Item-Affinity). */
  getItemAffinity(input: ItemAffinityInput): Promise<ItemAffinityResponse>;
}
