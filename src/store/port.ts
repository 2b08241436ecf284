/**
 * Repositories: what the rest of Parley knows of its database. Only store/ imports the MongoDB
 * driver; these shapes use no keys that a client controls, so documents stay inside the subset
 * that both MongoDB 6+ and FerretDB 1.24 accept (no '.' or leading '$' in keys, no nested arrays).
 */

/**
 * The conversation state after a turn, stored as the conversation engine returned it (a Lex V2
 * SessionState). The store reads only `sessionAttributes`, whose free-form keys it stores as pairs;
 * it depends on no conversation type, since the store is the bottom layer.
 */
export type StoredConversationState = { sessionAttributes?: Record<string, string> } & Record<string, unknown>;

export type Device = 'mobile' | 'desktop' | 'tablet' | 'kiosk';
export type LoyaltyTier = 'none' | 'silver' | 'gold' | 'platinum';

export interface Customer {
  customerId: string;
  name: { first: string; last: string };
  email?: string;
  locale: string;
  timeZone: string;
  usualDevice: Device;
  geo: { country: string; region: string; city: string };
  loyaltyTier: LoyaltyTier;
  marketingConsent: boolean;
  /** Category -> weight in [0,1]; the seed's latent taste, also useful as a cold-start prior. */
  tastes?: Array<{ category: string; weight: number }>;
  createdAt: Date;
}

export interface Item {
  itemId: string;
  title: string;
  category: string;
  subcategory?: string;
  brand: string;
  /** Price in the store currency, major units (e.g. 79.99). */
  price: number;
  currency: string;
  description?: string;
  imageUrl?: string;
  /** Lower-case words of title, brand and category, for catalogue search. */
  keywords: string[];
  popularity: number;
  createdAt: Date;
}

export type InteractionType = 'view' | 'click' | 'add-to-cart' | 'purchase' | 'rating' | 'thumbs-up' | 'thumbs-down';

export interface Interaction {
  interactionId: string;
  customerId: string;
  /** '' for a thumbs-up/down about a reply rather than an item (kept for the bandit's rewards). */
  itemId: string;
  eventType: InteractionType;
  eventValue?: number;
  at: Date;
  sessionId?: string;
  recommendationId?: string;
  /** The client's id of the thing the event is about (e.g. the reply's turn id). */
  eventId?: string;
}

export type OrderStatus = 'processing' | 'shipped' | 'out-for-delivery' | 'delivered' | 'cancelled';

export interface Order {
  orderNumber: string;
  customerId: string;
  items: Array<{ itemId: string; quantity: number; price: number }>;
  status: OrderStatus;
  placedAt: Date;
  estimatedDelivery?: Date;
}

/** What was heard of a spoken turn: the transcript, who heard it, and the audio's length and format. */
export interface SpokenTurnInput {
  kind: 'audio';
  /** The transcript (what the conversation engine understood). */
  text: string;
  /** The audio path's name, e.g. `pocketsphinx+local`, `lex`. */
  recognizer: string;
  durationMs: number;
  format: { encoding: string; sampleRateHz: number; channels: number };
}

/** One turn of a session (stored as its own document). */
export interface SessionTurn {
  turnId: string;
  at: Date;
  /** Typed words, or a spoken turn: the words heard and how (the audio itself is not kept). */
  input: { kind: 'text'; text: string } | SpokenTurnInput;
  intent?: { name: string; state?: string; confidence?: number };
  /** Slot name -> interpreted value, flattened to an array so keys never come from a client. */
  slots: Array<{ name: string; value: string | null }>;
  dialogAction?: { type: string; slotToElicit?: string };
  replyText: string;
  latencyMs: number;
  /** How much of the spoken reply the client heard (read back by get(); stored beside the turn). */
  playback?: TurnPlayback;
}

/** What became of a turn's spoken reply: sentences and milliseconds sent and heard. */
export interface TurnPlayback {
  /** Sentences planned, sent (their audio or URL went out) and begun playing by the client's clock. */
  segments: number;
  segmentsSent: number;
  segmentsHeard: number;
  /** Audio sent and audio heard (the client's report when it gave one, else estimated from the clock). */
  audioMs: number;
  heardMs: number;
  /** How the stream ended. */
  outcome: 'completed' | 'interrupted' | 'superseded' | 'disconnected' | 'failed';
  /** Billed characters of the reply's audio made by the speech engine and served from the audio cache. */
  characters?: { synthesized: number; cached: number };
  at: Date;
}

export interface SessionRecord {
  sessionId: string;
  /** The site whose key opened the session; a session is never visible to another site. */
  siteKey: string;
  /** Verified user id from a signed token, or an anonymous id issued by Parley. */
  userId: string;
  anonymous: boolean;
  botName: string;
  localeId: string;
  context: Record<string, string>;
  /** The Lex session state after the last turn. */
  state: StoredConversationState;
  turns: SessionTurn[];
  createdAt: Date;
  updatedAt: Date;
  /** Sessions idle past the bot's TTL are not resumed (expiry checked in code; no TTL index). */
  expiresAt: Date;
}

export interface CustomerRepository {
  get(customerId: string): Promise<Customer | null>;
  upsert(customer: Customer): Promise<void>;
  insertMany(customers: Customer[]): Promise<void>;
  count(): Promise<number>;
  /** Every customer in one cursor pass, in no particular order (dataset export); resolves with the count. */
  forEach(visit: (customer: Customer) => void): Promise<number>;
}

export interface ItemQuery {
  category?: string;
  brand?: string;
  maxPrice?: number;
  /** Words that must all appear in the item's keywords. */
  keywords?: string[];
  limit: number;
}

export interface ItemRepository {
  get(itemId: string): Promise<Item | null>;
  getMany(itemIds: string[]): Promise<Item[]>;
  insertMany(items: Item[]): Promise<void>;
  /** Most popular first. */
  search(query: ItemQuery): Promise<Item[]>;
  count(): Promise<number>;
  categories(): Promise<string[]>;
  brands(): Promise<string[]>;
}

export interface InteractionRepository {
  insert(interaction: Interaction): Promise<void>;
  insertMany(interactions: Interaction[]): Promise<void>;
  forCustomer(customerId: string, limit: number): Promise<Interaction[]>;
  /**
   * Calls `visit` for every interaction in one cursor pass, in no particular order, and resolves
   * with how many there were. A full scan (seconds for ~100k on FerretDB): for training at start.
   */
  forEach(visit: (interaction: Interaction) => void): Promise<number>;
  count(): Promise<number>;
}

export interface OrderRepository {
  get(orderNumber: string): Promise<Order | null>;
  insertMany(orders: Order[]): Promise<void>;
  forCustomer(customerId: string, limit: number): Promise<Order[]>;
}

/** A session without its turns: what resuming it needs. */
export type SessionHead = Omit<SessionRecord, 'turns'> & { turnCount: number };

export interface SessionRepository {
  /** The session with all its turns, in order. Costly on FerretDB (docs/storage.md): not for turns. */
  get(sessionId: string): Promise<SessionRecord | null>;
  /** The session's latest state and turn count, by key lookups only: the turn path's read. */
  getHead(sessionId: string): Promise<SessionHead | null>;
  /** Fails with PARLEY_STORE_DUPLICATE if the session id exists. */
  create(session: SessionRecord): Promise<void>;
  /**
   * Stores turn `expectedTurns + 1` with the state after it; fails with PARLEY_STORE_CONFLICT if
   * that turn exists already (the session changed since `expectedTurns` turns were read: two
   * sockets or processes on one session). It does not check that the session exists: callers
   * read it first, and a turn of a missing session is never read back.
   */
  appendTurn(sessionId: string, expectedTurns: number, state: StoredConversationState, turn: SessionTurn, expiresAt: Date): Promise<void>;
  /**
   * Stores how much of turn `turnId`'s spoken reply was heard. Insert-only (once per turn: a second
   * record for the same turn is ignored); get() joins it to the turn.
   */
  recordPlayback(sessionId: string, turnId: string, playback: TurnPlayback): Promise<void>;
  /** Removes the session and its turns. */
  delete(sessionId: string): Promise<void>;
  /**
   * Removes at most `limit` sessions whose latest turn expired before `before`, with their turns
   * and playback records (a session still live is left); resolves with how many went.
   */
  removeExpired(before: Date, limit: number): Promise<number>;
}

/** Everything the service needs from its database, opened once at start. */
export interface Store {
  customers: CustomerRepository;
  items: ItemRepository;
  interactions: InteractionRepository;
  orders: OrderRepository;
  sessions: SessionRepository;
  appointments: AppointmentRepository;
  /** Bandit decision log (issue 7). */
  decisions: DecisionRepository;
  /** Bandit model snapshots and learning-order counters (issue 7). */
  banditModels: ModelSnapshotRepository;
  /** Versioned recommender models: a header plus binary array chunks (issue 4). */
  recommenderModels: RecommenderModelRepository;
  /** Round-trips to the server: readiness. */
  ping(): Promise<void>;
  /** Drops every collection's documents (tests and `parley seed --reset`). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface Appointment {
  appointmentId: string;
  customerId: string;
  sessionId: string;
  kind: 'fitting';
  /** Local date (YYYY-MM-DD) and time (HH:MM) in the customer's time zone. */
  date: string;
  time: string;
  timeZone: string;
  createdAt: Date;
}

export interface AppointmentRepository {
  insert(appointment: Appointment): Promise<void>;
  forCustomer(customerId: string, limit: number): Promise<Appointment[]>;
}

/**
 * A reward as it arrived for a decision: applied (the first, within the window), duplicate (after
 * one was applied) or late (after the window closed). Every one is kept, none is learned twice.
 */
export interface StoredReward {
  value: number;
  at: Date;
  outcome: 'applied' | 'duplicate' | 'late';
}

/**
 * One bandit decision's head (`decisions`, `_id` = eventId), with its reward on the same document so
 * no join is needed. Small on purpose: it is written per reply and read per reward; the features
 * live in `decision_features` (StoredDecisionFeatures).
 */
export interface StoredDecisionHead {
  eventId: string;
  /** The model (learner) this decision belongs to. */
  model: string;
  /** Opaque owner (e.g. the session id): rewards naming another scope are refused. */
  scope: string | null;
  chosenActionId: string;
  probability: number;
  policyName: string;
  policyVersion: string;
  decidedAt: Date;
  /** End of the reward window. */
  deadline: Date;
  activated: boolean;
  /** The reward learned from (the default when none arrived in the window); null while pending. */
  reward: number | null;
  rewardAt: Date | null;
  isDefaultReward: boolean;
  /** True once the window has closed (default applied, or the event was never activated). */
  closed: boolean;
  rewards: StoredReward[];
  /** Position in the model's learning order; null until learned. Every node learns in this order. */
  learnSeq: number | null;
}

/**
 * A decision's features (`decision_features`, `_id` = eventId), read by `_id` only to learn or
 * export. JSON text: feature names come from callers, and MongoDB keys must not (no '.' or '$'
 * keys on FerretDB, no client-chosen keys at all).
 */
export interface StoredDecisionFeatures {
  eventId: string;
  contextJson: string;
  actions: Array<{ id: string; featuresJson: string }>;
  excludedActions: string[];
}

/** A whole decision: head and features. */
export type StoredDecision = StoredDecisionHead & StoredDecisionFeatures;

/**
 * The reward a decision is learned from (`decision_rewards`, `_id` = eventId). Inserting it is the
 * one atomic step FerretDB offers (a unique `_id`), so of a reward and the default racing at the
 * window's end, or two nodes joining rewards at once, exactly one is applied.
 */
export interface StoredAppliedReward {
  eventId: string;
  value: number;
  at: Date;
  isDefault: boolean;
}

/**
 * A position of a model's learning order (`decision_order`, `_id` = `<model>:seq:<n>`, insert-only),
 * with what learning needs besides the features. `<model>:claim:<eventId>` in the same collection
 * marks a decision as sequenced, so none is learned twice.
 */
export interface StoredLearningPosition {
  model: string;
  seq: number;
  eventId: string;
  chosenActionId: string;
  probability: number;
  reward: number;
}

/** A decision's state once its window is closed. */
export interface ClosedDecisionState {
  activated: boolean;
  learnSeq: number | null;
  reward: StoredAppliedReward | null;
}

/** A reward that could not be joined (unknown eventId, another scope, a bad value): kept for audit. */
export interface RejectedReward {
  rejectionId: string;
  model: string;
  /** As sent, cut to 256 characters. */
  eventId: string;
  value: number | null;
  code: string;
  at: Date;
}

export type RewardJoin = 'applied' | 'duplicate' | 'late' | 'unknown';

/**
 * The decision log. Every operation but `open` and `recent` reads or writes by `_id` alone (FerretDB
 * pushes nothing else down, and its filtered updates are read-then-write, not atomic): what must
 * happen once is an insert of a unique `_id`. `open` is the one scan, at start; `recent` serves the
 * report.
 */
export interface DecisionRepository {
  /**
   * Writes the features (kept if present), then the head. Fails with PARLEY_STORE_DUPLICATE when
   * the eventId's head exists.
   */
  insert(decision: StoredDecision): Promise<void>;
  /**
   * Writes many decisions in two inserts (heads, then features), unordered: a failure may leave
   * some written, so the caller retries one by one (PARLEY_STORE_DUPLICATE: already written).
   */
  insertMany(decisions: StoredDecision[]): Promise<void>;
  /** Head and features; null when either is missing. */
  get(eventId: string): Promise<StoredDecision | null>;
  head(eventId: string): Promise<StoredDecisionHead | null>;
  features(eventId: string): Promise<StoredDecisionFeatures | null>;
  /**
   * Joins a reward to a decision (its head as read): the first inside the window is applied (the
   * insert of its applied reward wins) and copied onto the head; a later one is recorded on the
   * head as duplicate or late (after the window, or after the default was applied).
   */
  joinReward(head: StoredDecisionHead, value: number, at: Date): Promise<Exclude<RewardJoin, 'unknown'>>;
  appliedReward(eventId: string): Promise<StoredAppliedReward | null>;
  /** Marks a deferred decision as shown; false when unknown. */
  activate(eventId: string): Promise<boolean>;
  /**
   * Closes a window: applies the default reward to an activated decision that has none (unless a
   * reward wins the race) and marks the head closed. Null when the decision is unknown.
   */
  close(eventId: string, defaultReward: number, at: Date): Promise<ClosedDecisionState | null>;
  /** Start-up recovery (a scan): `model`'s decisions still open, or rewarded and activated but not yet learned. */
  open(model: string): AsyncIterable<StoredDecisionHead>;
  /** Marks a decision as taken into the learning order; false when another node took it. */
  claim(model: string, eventId: string): Promise<boolean>;
  /** Writes a learning position; false when the position is taken (a counter read twice). */
  writePosition(position: StoredLearningPosition): Promise<boolean>;
  /** Notes the decision's learning position on its head (for reading, not for learning). */
  markLearned(eventId: string, seq: number): Promise<void>;
  position(model: string, seq: number): Promise<StoredLearningPosition | null>;
  /** Heads of `model`'s decisions made at or after `since`, newest first, at most `limit` (a scan). */
  recent(model: string, since: Date, limit: number): Promise<StoredDecisionHead[]>;
  recordRejection(rejection: RejectedReward): Promise<void>;
  rejections(model: string, limit: number): Promise<RejectedReward[]>;
}

/** A versioned model snapshot (`models`, `_id` = `<model>@<seq>`): JSON text, no nested arrays. */
export interface StoredModelSnapshot {
  model: string;
  /** Learning-order position the snapshot includes (every decision with learnSeq <= seq). */
  seq: number;
  createdAt: Date;
  snapshotJson: string;
}

export interface ModelSnapshotRepository {
  /** Saves a snapshot; false when one with the same model and seq exists (another node saved it). */
  save(snapshot: StoredModelSnapshot): Promise<boolean>;
  latest(model: string): Promise<StoredModelSnapshot | null>;
  /** Keeps the newest `keep` snapshots of `model`. */
  prune(model: string, keep: number): Promise<void>;
  /** Next position in `model`'s learning order (1, 2, ...), atomic across nodes. */
  nextSeq(model: string): Promise<number>;
  /** The last position taken in `model`'s learning order (0 when none). */
  lastSeq(model: string): Promise<number>;
}

/** One binary array of a recommender model, as stored (`models`, in chunks under 16 MB each). */
export interface RecommenderModelArray {
  name: string;
  bytes: Uint8Array;
}

/** What identifies a stored recommender model version; `metaJson` is the model's own description. */
export interface RecommenderModelHeader {
  name: string;
  /** 1, 2, ...: newest wins. */
  version: number;
  createdAt: Date;
  metaJson: string;
  /** The arrays' names and sizes, in order. */
  arrays: Array<{ name: string; byteLength: number; chunks: number }>;
}

export interface RecommenderModelRepository {
  /** The next version number of model `name`, atomic across processes. */
  nextVersion(name: string): Promise<number>;
  /** Writes the chunks, then the header: a version is visible only once complete. */
  save(header: Omit<RecommenderModelHeader, 'arrays'>, arrays: readonly RecommenderModelArray[]): Promise<RecommenderModelHeader>;
  /** The newest complete version's header, without its arrays (cheap enough to poll). */
  latest(name: string): Promise<RecommenderModelHeader | null>;
  /** The arrays of a version; null when that version is gone (pruned). */
  loadArrays(header: RecommenderModelHeader): Promise<RecommenderModelArray[] | null>;
  /** Keeps the newest `keep` versions of `name`. */
  prune(name: string, keep: number): Promise<void>;
}
