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

/** One turn of a session (stored as its own document). */
export interface SessionTurn {
  turnId: string;
  at: Date;
  input: { kind: 'text'; text: string };
  intent?: { name: string; state?: string; confidence?: number };
  /** Slot name -> interpreted value, flattened to an array so keys never come from a client. */
  slots: Array<{ name: string; value: string | null }>;
  dialogAction?: { type: string; slotToElicit?: string };
  replyText: string;
  latencyMs: number;
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
  /** Removes the session and its turns. */
  delete(sessionId: string): Promise<void>;
}

/** Everything the service needs from its database, opened once at start. */
export interface Store {
  customers: CustomerRepository;
  items: ItemRepository;
  interactions: InteractionRepository;
  orders: OrderRepository;
  sessions: SessionRepository;
  appointments: AppointmentRepository;
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
