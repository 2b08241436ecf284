/** The Store on MongoDB (or the embedded FerretDB): one client, one database, a repository per collection. */
import type { Db, Document, MongoClient } from 'mongodb';
import { CachedItemRepository, type CatalogueCacheOptions } from './cached-item-repository.js';
import type { Keyed } from './documents.js';
import { startEmbeddedServer, type EmbeddedDbSync, type EmbeddedServer } from './embedded-server.js';
import { connectMongo } from './connection.js';
import { COLLECTIONS, ensureIndexes } from './indexes.js';
import { MongoAppointmentRepository } from './mongo-appointment-repository.js';
import { MongoCustomerRepository } from './mongo-customer-repository.js';
import { MongoDecisionRepository, type DecisionFeaturesDoc } from './mongo-decision-repository.js';
import { MongoModelSnapshotRepository } from './mongo-model-snapshot-repository.js';
import { MongoRecommenderModelRepository } from './mongo-recommender-model-repository.js';
import { guard } from './mongo-errors.js';
import { MongoInteractionRepository } from './mongo-interaction-repository.js';
import { MongoItemRepository } from './mongo-item-repository.js';
import { MongoOrderRepository } from './mongo-order-repository.js';
import { MongoSessionRepository } from './mongo-session-repository.js';
import type { Appointment, Customer, Interaction, Item, Order, RejectedReward, Store, StoredAppliedReward, StoredDecisionHead } from './port.js';
import type { SessionHeaderDoc, SessionPlaybackDoc, SessionTurnDoc } from './session-codec.js';
import { silentStoreLog, type StoreLog } from './store-log.js';

/** The slice of Config the store reads (a whole Config fits). */
export interface StoreConfig {
  mongo: {
    /** MongoDB URI; unset starts the embedded FerretDB. */
    uri?: string;
    dbName: string;
  };
  /** Embedded server only: its database files go in `<dataDir>/ferretdb/`. */
  dataDir: string;
  /** Embedded server only: FerretDB is installed in `<toolsDir>/bin/` on first use. */
  toolsDir: string;
  /** Embedded server only: SQLite's synchronous mode (default 'normal'). */
  embeddedDbSync?: EmbeddedDbSync;
}

export interface OpenStoreOptions {
  /** Progress and trouble (installing FerretDB, server exits). Default: silent. */
  log?: StoreLog;
  /** How long to wait for a usable server (ms). Default 5000. */
  serverSelectionTimeoutMs?: number;
  /** Default true: create collections and indexes before returning. */
  ensureIndexes?: boolean;
  /** Clock for session timestamps (tests). */
  now?: () => Date;
  /** The in-memory catalogue behind items (refresh period, size cap). */
  catalogue?: CatalogueCacheOptions;
}

interface RepositoryOptions {
  now?: (() => Date) | undefined;
  catalogue: CatalogueCacheOptions;
}

/** Documents removed per delete by `reset` (FerretDB's SQLite backend takes ~32,000 at most). */
const RESET_BATCH = 10_000;

export class MongoStore implements Store {
  readonly customers: MongoCustomerRepository;
  readonly items: CachedItemRepository;
  readonly interactions: MongoInteractionRepository;
  readonly orders: MongoOrderRepository;
  readonly sessions: MongoSessionRepository;
  readonly appointments: MongoAppointmentRepository;
  readonly decisions: MongoDecisionRepository;
  readonly banditModels: MongoModelSnapshotRepository;
  readonly recommenderModels: MongoRecommenderModelRepository;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly server: EmbeddedServer | undefined,
    options: RepositoryOptions,
  ) {
    this.customers = new MongoCustomerRepository(db.collection<Keyed<Customer>>(COLLECTIONS.customers));
    const items = new MongoItemRepository(db.collection<Keyed<Item>>(COLLECTIONS.items));
    this.items = new CachedItemRepository(items, options.catalogue);
    this.interactions = new MongoInteractionRepository(db.collection<Keyed<Interaction>>(COLLECTIONS.interactions));
    this.orders = new MongoOrderRepository(db.collection<Keyed<Order>>(COLLECTIONS.orders));
    this.sessions = new MongoSessionRepository(
      db.collection<Keyed<SessionHeaderDoc>>(COLLECTIONS.sessions),
      db.collection<Keyed<SessionTurnDoc>>(COLLECTIONS.sessionTurns),
      options.now,
      db.collection<Keyed<SessionPlaybackDoc>>(COLLECTIONS.sessionPlayback),
    );
    this.appointments = new MongoAppointmentRepository(db.collection<Keyed<Appointment>>(COLLECTIONS.appointments));
    this.decisions = new MongoDecisionRepository({
      heads: db.collection<Keyed<StoredDecisionHead>>(COLLECTIONS.decisions),
      features: db.collection<Keyed<DecisionFeaturesDoc>>(COLLECTIONS.decisionFeatures),
      rewards: db.collection<Keyed<StoredAppliedReward>>(COLLECTIONS.decisionRewards),
      order: db.collection(COLLECTIONS.decisionOrder),
      rejected: db.collection<Keyed<RejectedReward>>(COLLECTIONS.banditRejections),
    });
    this.banditModels = new MongoModelSnapshotRepository(db.collection<Document & { _id: string }>(COLLECTIONS.models));
    this.recommenderModels = new MongoRecommenderModelRepository(db.collection<Document & { _id: string }>(COLLECTIONS.models));
  }

  async ping(): Promise<void> {
    await guard(() => this.db.command({ ping: 1 }));
  }

  /**
   * Empties every collection, at most RESET_BATCH documents per delete: FerretDB's SQLite backend
   * deletes by listing every matched id in one statement and refuses more than ~32,000 of them
   * ("too many SQL variables"), e.g. the demo tenant's interactions in one `deleteMany({})`.
   */
  async reset(): Promise<void> {
    for (const name of Object.values(COLLECTIONS)) {
      const collection = this.db.collection<{ _id: unknown }>(name);
      for (;;) {
        // The RESET_BATCH-th smallest id bounds a range: one cheap comparison per document scanned
        // (an `$in` of the ids is not pushed down, and matching it is quadratic).
        const [bound] = await guard(() => collection.find({}, { projection: { _id: 1 }, sort: { _id: 1 }, skip: RESET_BATCH - 1, limit: 1 }).toArray());
        if (bound === undefined) {
          await guard(() => collection.deleteMany({}));
          break;
        }
        await guard(() => collection.deleteMany({ _id: { $lte: bound._id } }));
      }
    }
    this.items.invalidate();
  }

  /** Closes the client, then stops the embedded server if this store started one. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.items.close();
      await this.client.close().catch(() => {});
      await this.server?.stop();
    })();
    return this.closing;
  }
}

/**
 * Opens the store: starts the embedded FerretDB when `config.mongo.uri` is unset, connects, and
 * creates collections and indexes. Close it on shutdown (that also stops the embedded server).
 *
 * Errors: UpstreamError PARLEY_STORE_UNAVAILABLE (retryable) when no server answers in time;
 * ParleyError PARLEY_STORE_NO_SERVER when the embedded server cannot be installed or started.
 */
export async function openStore(config: StoreConfig, options: OpenStoreOptions = {}): Promise<Store> {
  const log = options.log ?? silentStoreLog;
  const server =
    config.mongo.uri === undefined
      ? await startEmbeddedServer({ dataDir: config.dataDir, toolsDir: config.toolsDir, log, ...(config.embeddedDbSync === undefined ? {} : { sync: config.embeddedDbSync }) })
      : undefined;
  const uri = config.mongo.uri ?? server?.uri ?? '';
  let client: MongoClient | undefined;
  try {
    const timeout = options.serverSelectionTimeoutMs;
    client = await connectMongo(uri, timeout === undefined ? {} : { serverSelectionTimeoutMs: timeout });
    const db = client.db(config.mongo.dbName);
    if (options.ensureIndexes !== false) await guard(() => ensureIndexes(db));
    return new MongoStore(client, db, server, { now: options.now, catalogue: { log, ...options.catalogue } });
  } catch (error) {
    await client?.close().catch(() => {});
    await server?.stop();
    throw error;
  }
}
