/**
 * Every collection Parley uses and its indexes, created at start, idempotently. Only plain and
 * unique (compound) indexes: FerretDB 1.24 has no TTL or partial indexes. Each document's `_id`
 * is its natural key (NATURAL_KEYS), unique by construction, so no index repeats it. On
 * FerretDB/SQLite these indexes only enforce uniqueness and cost writes: queries other than
 * `_id` equality never use them (docs/storage.md). They are for MongoDB.
 */
import type { Db, IndexDirection } from 'mongodb';

export interface IndexSpec {
  name: string;
  keys: Record<string, IndexDirection>;
  unique?: boolean;
}

export const COLLECTIONS = {
  customers: 'customers',
  items: 'items',
  interactions: 'interactions',
  orders: 'orders',
  /** One immutable header per session. */
  sessions: 'sessions',
  /** One document per turn, `_id` = `<sessionId>:<seq>`: sessions are insert-only. */
  sessionTurns: 'session_turns',
  /** How much of each spoken reply was heard, `_id` = `<sessionId>:<turnId>` (insert-only). */
  sessionPlayback: 'session_playback',
  appointments: 'appointments',
  /** Bandit decision heads; the reward is stored on its decision (no joins). */
  decisions: 'decisions',
  /** A decision's context and actions, `_id` = eventId: read only to learn or export. */
  decisionFeatures: 'decision_features',
  /** The reward each decision is learned from, `_id` = eventId (insert-only: the first wins). */
  decisionRewards: 'decision_rewards',
  /** Learning positions `<model>:seq:<n>` and claims `<model>:claim:<eventId>` (insert-only). */
  decisionOrder: 'decision_order',
  /** Rewards that joined no decision (unknown eventId, bad value): kept for audit. */
  banditRejections: 'bandit_rejections',
  models: 'models',
  scripts: 'scripts',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

/**
 * The field each collection's `_id` copies.
 * `session_turns` has none: its `_id` is `<sessionId>:<seq>` (session-codec.ts turnDocId).
 */
export const NATURAL_KEYS = {
  customers: 'customerId',
  items: 'itemId',
  interactions: 'interactionId',
  orders: 'orderNumber',
  sessions: 'sessionId',
  appointments: 'appointmentId',
  decisions: 'eventId',
} as const satisfies Partial<Record<CollectionName, string>>;

export const INDEXES: Record<CollectionName, IndexSpec[]> = {
  customers: [],
  items: [
    { name: 'category_popularity', keys: { category: 1, popularity: -1 } },
    { name: 'brand_popularity', keys: { brand: 1, popularity: -1 } },
    { name: 'popularity', keys: { popularity: -1 } },
    { name: 'keywords', keys: { keywords: 1 } },
  ],
  interactions: [
    { name: 'customer_at', keys: { customerId: 1, at: -1 } },
    { name: 'item_at', keys: { itemId: 1, at: -1 } },
    { name: 'at', keys: { at: -1 } },
  ],
  orders: [
    { name: 'customer_placedAt', keys: { customerId: 1, placedAt: -1 } },
  ],
  sessions: [
    { name: 'site_user_updatedAt', keys: { siteKey: 1, userId: 1, updatedAt: -1 } },
    // Expiry is checked in code and swept by query (no TTL index on FerretDB).
    { name: 'expiresAt', keys: { expiresAt: 1 } },
  ],
  // get() lists a session's turns in order (MongoDB; FerretDB scans). Not unique: `_id` already is.
  session_turns: [
    { name: 'sessionId_seq', keys: { sessionId: 1, seq: 1 } },
  ],
  session_playback: [
    { name: 'sessionId', keys: { sessionId: 1 } },
  ],
  appointments: [
    { name: 'customer_createdAt', keys: { customerId: 1, createdAt: -1 } },
  ],
  // The report's read (MongoDB; FerretDB scans). The sweeper and the learners read by `_id` only,
  // so decisions carry no index for them: each would cost every insert and update.
  decisions: [{ name: 'model_decidedAt', keys: { model: 1, decidedAt: -1 } }],
  decision_features: [],
  decision_rewards: [],
  decision_order: [],
  bandit_rejections: [{ name: 'model_at', keys: { model: 1, at: -1 } }],
  models: [
    { name: 'model_kind_seq', keys: { model: 1, kind: 1, seq: -1 } },
    // Recommender models: the newest header of a name (issue 4).
    { name: 'kind_recName_version', keys: { kind: 1, recName: 1, version: -1 } },
  ],
  // Shapes owned by later issues: add their indexes here, never in a constructor.
  scripts: [],
};

/** Creates every collection (if missing) and its indexes. Safe to run on every start. */
export async function ensureIndexes(db: Db): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const name of Object.values(COLLECTIONS)) {
    if (!existing.has(name)) await createCollection(db, name);
    await createMissingIndexes(db, name, INDEXES[name]);
  }
}

/**
 * Only indexes whose name is absent, one per call: FerretDB 1.24 panics and drops the connection
 * when createIndexes names several indexes that already exist. An index whose name exists is
 * kept as it is.
 */
async function createMissingIndexes(db: Db, name: string, specs: IndexSpec[]): Promise<void> {
  if (specs.length === 0) return;
  const collection = db.collection(name);
  const present = new Set((await collection.listIndexes().toArray()).map((index) => String(index['name'])));
  for (const spec of specs) {
    if (present.has(spec.name)) continue;
    await collection.createIndex(spec.keys, { name: spec.name, ...(spec.unique === true ? { unique: true } : {}) });
  }
}

async function createCollection(db: Db, name: string): Promise<void> {
  try {
    await db.createCollection(name);
  } catch (error) {
    // Another process created it between list and create.
    if ((error as { codeName?: string }).codeName !== 'NamespaceExists') throw error;
  }
}
