/**
 * The local Recommender: Personalize's runtime served from in-process recipes. Real time: an
 * event folds into the user's vector at once (exact least squares against fixed item factors);
 * users with fewer than `coldStartEvents` events get popularity blended with the similar items
 * of what they touched; items with few interactions get exposure through `explorationWeight`.
 */
import { randomUUID } from 'node:crypto';
import { compileItemFilter, type Metadata } from './filters/evaluator.js';
import { parseFilter } from './filters/parser.js';
import type { Filter } from './filters/ast.js';
import { IdMap } from './local/id-map.js';
import { buildInteractionData, buildInteractionDataInSlices, yieldWithSetImmediate, type InteractionData, type YieldToEventLoop } from './local/interaction-matrix.js';
import { DEFAULT_MODEL_OPTIONS, trainLocalModel, type LocalModel, type LocalModelOptions } from './local/local-model.js';
import type { ModelSnapshot } from './local/model-snapshot.js';
import { PopularityCount } from './local/recipes/popularity-count.js';
import { SimilarItems } from './local/recipes/similar-items.js';
import { UserPersonalization } from './local/recipes/user-personalization.js';
import { rankUsersForItems } from './local/recipes/item-affinity.js';
import { rankCandidates } from './local/recipes/personalized-ranking.js';
import { checkContext, checkEvents, checkNumResults, checkPromotions, checkRecordBatch, parseProperties } from './local/request-validation.js';
import { topK } from './local/top-k.js';
import type { Interaction, UserEvent } from './local/types.js';
import * as port from './port.js';

export interface LocalRecommenderOptions extends LocalModelOptions {
  /** 0 to 1: share of the list offered to items with few interactions (Personalize default 0.3). */
  explorationWeight: number;
  /** Items with fewer interactions than this are explored. */
  coldItemInteractions: number;
  /** Users with fewer events than this get the popularity + similar-items blend. */
  coldStartEvents: number;
  nowMs: () => number;
  random: () => number;
  /** Score only the items that can make a user's top k (same answers; false: score all, for tests). */
  prunedScoring: boolean;
}

export const DEFAULT_LOCAL_OPTIONS: LocalRecommenderOptions = {
  ...DEFAULT_MODEL_OPTIONS,
  explorationWeight: 0.3,
  coldItemInteractions: 3,
  coldStartEvents: 3,
  nowMs: Date.now,
  random: Math.random,
  prunedScoring: true,
};

const MAX_CACHED_FILTERS = 100;
/** How many of a user's latest live events steer recommendations. */
const SESSION_EVENTS = 5;

export class LocalRecommender implements port.Recommender {
  private readonly userVectors = new Map<number, Float32Array>();
  private readonly itemMetadata = new Map<number, Metadata>();
  private readonly userMetadata = new Map<number, Metadata>();
  private readonly seenEventIds = new Set<string>();
  /** Events received through putEvents per user: the live session that steers the next answers. */
  private readonly liveEvents = new Map<number, UserEvent[]>();
  private readonly filters = new Map<string, Filter>();
  /**
   * Outcomes of filters that depend on the item alone, per expression and values: 0 not yet
   * tested, 1 kept, 2 dropped. A request then tests each item at most once across requests.
   */
  private readonly itemOnlyOutcomes = new Map<string, Uint8Array>();
  /** Items with few interactions (exploration's candidates); rebuilt after events or new items. */
  private coldCandidates: number[] | undefined;

  private constructor(
    private readonly items: IdMap,
    private readonly users: IdMap,
    private readonly histories: UserEvent[][],
    private readonly model: LocalModel,
    private readonly options: LocalRecommenderOptions,
  ) {}

  /** Trains every recipe on the interactions (and item metadata) and serves from them. */
  static async train(
    interactions: readonly Interaction[],
    catalogue: ReadonlyArray<{ itemId: string; metadata: Metadata }> = [],
    options: Partial<LocalRecommenderOptions> = {},
  ): Promise<LocalRecommender> {
    const resolved = { ...DEFAULT_LOCAL_OPTIONS, ...options };
    const data = buildInteractionData(interactions, IdMap.from(catalogue.map((item) => item.itemId)));
    const model = await trainLocalModel(data, resolved);
    const recommender = new LocalRecommender(data.items, data.users, data.histories, model, resolved);
    for (const item of catalogue) recommender.itemMetadata.set(data.items.intern(item.itemId), item.metadata);
    return recommender;
  }

  /**
   * Serves a stored model (`parley rec train`) without training: its factors and neighbours, with
   * popularity and histories rebuilt from `state` (the store's interactions at start, or the
   * serving model's own state when a newer model is swapped in, so live events carry over).
   */
  static fromSnapshot(snapshot: ModelSnapshot, state: LocalRecommenderState, options: Partial<LocalRecommenderOptions> = {}): LocalRecommender {
    const data = buildInteractionData(state.interactions, snapshotItems(snapshot, state), IdMap.from(snapshot.userIds));
    return LocalRecommender.assemble(snapshot, state, data, options);
  }

  /**
   * fromSnapshot over a running model's state without stalling the event loop: `live`'s state is
   * taken at once (in this tick) and the new model's histories are rebuilt in slices, requests
   * being served in between. Writes to `live` after this call are not in the result: the caller
   * replays them (ServingRecommender.replaceWhenBuilt).
   */
  static async fromSnapshotInSlices(
    snapshot: ModelSnapshot,
    live: LocalRecommender,
    options: Partial<LocalRecommenderOptions> = {},
    pause: YieldToEventLoop = yieldWithSetImmediate,
  ): Promise<LocalRecommender> {
    const state = await live.exportStateInSlices(pause);
    const data = await buildInteractionDataInSlices(state.interactions, snapshotItems(snapshot, state), IdMap.from(snapshot.userIds), pause);
    await pause();
    const popularity = PopularityCount.train(data.histories, data.items.size);
    await pause();
    return LocalRecommender.assemble(snapshot, state, data, options, popularity);
  }

  private static assemble(
    snapshot: ModelSnapshot,
    state: LocalRecommenderState,
    data: InteractionData,
    options: Partial<LocalRecommenderOptions>,
    popularity = PopularityCount.train(data.histories, data.items.size),
  ): LocalRecommender {
    const resolved = { ...DEFAULT_LOCAL_OPTIONS, ...options, als: snapshot.als, similarNeighbors: snapshot.neighbors };
    const itemCount = snapshot.itemIds.length;
    const model: LocalModel = {
      popularity,
      similar: SimilarItems.fromArrays(itemCount, snapshot.neighbors, snapshot.neighborIds, snapshot.neighborSims),
      personalization: new UserPersonalization(itemCount, { factors: snapshot.factors, userFactors: snapshot.userFactors, itemFactors: snapshot.itemFactors }, snapshot.als),
    };
    const recommender = new LocalRecommender(data.items, data.users, data.histories, model, resolved);
    for (const item of state.catalogue) recommender.itemMetadata.set(data.items.intern(item.itemId), item.metadata);
    for (const [userId, metadata] of state.userMetadata ?? []) recommender.userMetadata.set(data.users.intern(userId), metadata);
    for (const eventId of state.seenEventIds ?? []) recommender.seenEventIds.add(eventId);
    for (const [userId, events] of state.liveEvents ?? []) {
      const user = data.users.intern(userId);
      recommender.liveEvents.set(user, events.map((e) => toUserEvent(e, data.items)));
      // Refolded against the new item factors: live users keep their fresh vector.
      recommender.userVectors.set(user, model.personalization.foldIn(data.histories[user] ?? []));
    }
    return recommender;
  }

  /** The trained model as data, for `parley rec train` to store. */
  snapshot(): ModelSnapshot {
    const { personalization, similar } = this.model;
    const itemCount = personalization.itemCount;
    const userCount = personalization.factors === 0 ? 0 : personalization.model.userFactors.length / personalization.factors;
    return {
      trainedAt: new Date(this.options.nowMs()).toISOString(),
      interactions: this.histories.reduce((sum, history) => sum + (history?.length ?? 0), 0),
      als: personalization.params,
      itemIds: Array.from({ length: itemCount }, (_, i) => this.items.idAt(i)),
      userIds: Array.from({ length: userCount }, (_, u) => this.users.idAt(u)),
      factors: personalization.factors,
      itemFactors: personalization.model.itemFactors,
      userFactors: personalization.model.userFactors,
      ...similar.toArrays(),
    };
  }

  /** What a model swapped in after this one needs to carry on where it left off. */
  exportState(): LocalRecommenderState {
    const { histories, state } = this.exportStateParts(false);
    histories.forEach((history, user) => this.pushInteractions(user, history, state.interactions));
    return state;
  }

  /**
   * exportState as of this call, the interactions converted in slices of about `sliceEvents`
   * between which the event loop runs. Histories are copied at once (events are never changed
   * once recorded, only appended and reordered), so later writes do not show.
   */
  async exportStateInSlices(pause: YieldToEventLoop = yieldWithSetImmediate, sliceEvents = 5_000): Promise<LocalRecommenderState> {
    const { histories, state } = this.exportStateParts(true);
    let sinceLastPause = 0;
    for (let user = 0; user < histories.length; user++) {
      const history = histories[user] ?? [];
      this.pushInteractions(user, history, state.interactions);
      sinceLastPause += history.length + 1;
      if (sinceLastPause >= sliceEvents) {
        sinceLastPause = 0;
        await pause();
      }
    }
    return state;
  }

  /** Everything of exportState but the interactions (left empty), and the histories to fill them from. */
  private exportStateParts(copyHistories: boolean): { histories: ReadonlyArray<readonly UserEvent[]>; state: LocalRecommenderState & { interactions: Interaction[] } } {
    return {
      histories: copyHistories ? this.histories.map((history) => (history ?? []).slice()) : this.histories,
      state: {
        interactions: [],
        catalogue: [...this.itemMetadata].map(([item, metadata]) => ({ itemId: this.items.idAt(item), metadata })),
        userMetadata: [...this.userMetadata].map(([user, metadata]) => [this.users.idAt(user), metadata] as const),
        seenEventIds: [...this.seenEventIds],
        liveEvents: [...this.liveEvents].map(([user, events]) => [this.users.idAt(user), events.map((e) => toInteraction(this.users.idAt(user), e, this.items))] as const),
      },
    };
  }

  private pushInteractions(user: number, history: readonly UserEvent[], out: Interaction[]): void {
    const userId = this.users.idAt(user);
    for (const event of history) out.push(toInteraction(userId, event, this.items));
  }

  async getRecommendations(input: port.GetRecommendationsInput): Promise<port.RecommendationResponse> {
    const numResults = checkNumResults(input.numResults, port.MAX_NUM_RESULTS);
    checkContext(input.context);
    checkPromotions(input);
    const user = input.userId === undefined ? undefined : this.users.indexOf(input.userId);
    const history = user === undefined ? [] : (this.histories[user] ?? []);
    const anchor = input.itemId === undefined ? undefined : this.items.indexOf(input.itemId);
    const context = { history, currentUser: user === undefined ? undefined : this.userMetadata.get(user), currentItem: anchor === undefined ? undefined : this.itemMetadata.get(anchor) };
    const accept = this.itemTest(input.filter, input.filterValues, context, anchor);
    const promotion = input.promotions?.[0];
    const scores = new Float32Array(this.items.size);
    if (anchor !== undefined) this.scoreRelated(anchor, scores);
    // One top-k pass follows (no promotion): only the items that can be in it need a score.
    else this.scoreUser(user, history, scores, promotion === undefined ? { k: numResults, accept } : undefined);
    let itemList: port.PredictedItem[];
    if (promotion === undefined) {
      itemList = this.explore(topK(scores, numResults, accept), scores, numResults, accept).map((item) => this.predicted(item, scores));
    } else {
      const promotedTest = this.itemTest(promotion.filter, promotion.filterValues, context, anchor);
      const promoted = topK(scores, Math.ceil((numResults * promotion.percentPromotedItems) / 100), (i) => accept(i) && promotedTest(i));
      const taken = new Set(promoted);
      const rest = topK(scores, numResults - promoted.length, (i) => accept(i) && !taken.has(i));
      itemList = [...promoted.map((i) => ({ ...this.predicted(i, scores), promotionName: promotion.name })), ...rest.map((i) => this.predicted(i, scores))];
      itemList.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
    }
    return { itemList, recommendationId: `rid-${randomUUID()}` };
  }

  async getPersonalizedRanking(input: port.GetPersonalizedRankingInput): Promise<port.PersonalizedRankingResponse> {
    checkNumResults(input.inputList.length, port.MAX_INPUT_LIST);
    checkContext(input.context);
    const user = this.users.indexOf(input.userId);
    const history = user === undefined ? [] : (this.histories[user] ?? []);
    const scores = new Float32Array(this.items.size);
    this.scoreUser(user, history, scores);
    const accept = this.itemTest(input.filter, input.filterValues, { history, currentUser: user === undefined ? undefined : this.userMetadata.get(user), currentItem: undefined }, undefined);
    const indices = input.inputList.map((id) => this.items.indexOf(id));
    const kept = indices.map((item) => (item !== undefined && !accept(item) ? -1 : item));
    const ranking = rankCandidates(kept.map((item) => (item === -1 ? undefined : item)), scores)
      .filter((c) => kept[c.position] !== -1)
      .map((c) => ({ itemId: input.inputList[c.position] as string, ...(c.score === undefined ? {} : { score: c.score }) }));
    return { personalizedRanking: ranking, recommendationId: `rid-${randomUUID()}` };
  }

  async putEvents(input: port.PutEventsInput): Promise<void> {
    checkEvents(input, this.options.nowMs(), (itemId) => this.items.has(itemId));
    // Anonymous events are kept under the session until a userId is known.
    const user = this.users.intern(input.userId ?? `session:${input.sessionId}`);
    const history = (this.histories[user] ??= []);
    for (const event of input.eventList) {
      if (event.eventId !== undefined) {
        if (this.seenEventIds.has(event.eventId)) continue;
        this.seenEventIds.add(event.eventId);
      }
      const recorded: UserEvent = { item: this.items.intern(event.itemId), timestamp: event.sentAt, eventType: event.eventType };
      if (event.eventValue !== undefined) recorded.value = event.eventValue;
      history.push(recorded);
      this.model.popularity.add(recorded);
      const live = this.liveEvents.get(user) ?? [];
      this.liveEvents.set(user, [...live, recorded].slice(-SESSION_EVENTS));
    }
    history.sort((a, b) => a.timestamp - b.timestamp);
    this.coldCandidates = undefined;
    if (this.options.popularityOnly !== true) this.userVectors.set(user, this.model.personalization.foldIn(history));
  }

  async putItems(items: readonly port.ItemRecord[]): Promise<void> {
    checkRecordBatch(items.length, 'putItems');
    const parsed = items.map((item, i) => ({ id: item.itemId, metadata: parseProperties(item.properties, `items[${i}]`) }));
    for (const { id, metadata } of parsed) this.itemMetadata.set(this.items.intern(id), metadata);
    // Changed metadata changes filter outcomes; new items are exploration candidates.
    this.itemOnlyOutcomes.clear();
    this.coldCandidates = undefined;
  }

  async putUsers(users: readonly port.UserRecord[]): Promise<void> {
    checkRecordBatch(users.length, 'putUsers');
    const parsed = users.map((user, i) => ({ id: user.userId, metadata: parseProperties(user.properties, `users[${i}]`) }));
    for (const { id, metadata } of parsed) this.userMetadata.set(this.users.intern(id), metadata);
  }

  async getItemAffinity(input: port.ItemAffinityInput): Promise<port.ItemAffinityResponse> {
    const numResults = checkNumResults(input.numResults, port.MAX_AFFINITY_USERS, port.DEFAULT_AFFINITY_USERS);
    const items = input.itemIds.flatMap((id) => {
      const index = this.items.indexOf(id);
      return index === undefined ? [] : [index];
    });
    const itemSet = new Set(items);
    const ranked = rankUsersForItems({
      itemVectors: items.flatMap((i) => this.model.personalization.itemVector(i) ?? []),
      userCount: this.users.size,
      userVector: (u) => this.userVector(u),
      hasInteracted: (u) => (this.histories[u] ?? []).some((e) => itemSet.has(e.item)),
      numResults,
    });
    return { recommendedUsers: ranked.map(({ user, score }) => ({ userId: this.users.idAt(user), score })) };
  }

  private userVector(user: number): Float32Array | undefined {
    const folded = this.userVectors.get(user);
    if (folded !== undefined) return folded;
    if ((this.histories[user]?.length ?? 0) === 0) return undefined;
    return user < this.model.personalization.model.userFactors.length / this.model.personalization.factors
      ? this.model.personalization.trainedUserVector(user)
      : undefined;
  }

  private scoreUser(user: number | undefined, history: readonly UserEvent[], out: Float32Array, top?: { k: number; accept: (item: number) => boolean }): void {
    const vector = user === undefined || this.options.popularityOnly === true ? undefined : this.userVector(user);
    if (history.length >= this.options.coldStartEvents && vector !== undefined) {
      const inSession = user !== undefined && (this.liveEvents.get(user)?.length ?? 0) > 0;
      // A session blend needs every item's score; otherwise only the top-k candidates do.
      if (top !== undefined && !inSession && this.options.prunedScoring) this.model.personalization.scoreTop(vector, top.k, top.accept, out);
      else this.model.personalization.scoreVector(vector, out);
      normalize(out);
      this.blendSession(user, out);
      return;
    }
    // Cold start: popularity, shifting towards the neighbours of each event as events arrive.
    const popularity = new Float32Array(out.length);
    this.model.popularity.score(history, popularity);
    normalize(popularity);
    out.fill(0);
    for (const event of history) this.model.similar.addSimilar(event.item, 1, out);
    normalize(out);
    const n = history.length;
    for (let i = 0; i < out.length; i++) out[i] = (out[i]! * n + popularity[i]!) / (n + 1);
  }

  /**
   * Long histories outweigh a few fresh events in the least-squares fold-in, so the items like the
   * session's latest events are blended in: three clicks in a category show at once.
   */
  private blendSession(user: number | undefined, out: Float32Array): void {
    const live = user === undefined ? undefined : this.liveEvents.get(user);
    if (live === undefined || live.length === 0) return;
    const session = new Float32Array(out.length);
    for (const event of live) this.model.similar.addSimilar(event.item, 1, session);
    normalize(session);
    // n/(n+1), as in the cold-start blend: one click counts half, three clicks three quarters.
    const weight = live.length / (live.length + 1);
    for (let i = 0; i < out.length; i++) out[i] = (1 - weight) * out[i]! + weight * session[i]!;
  }

  private scoreRelated(anchor: number, out: Float32Array): void {
    this.model.popularity.score([], out);
    normalize(out);
    // Popularity only breaks ties among neighbours (or stands in for an item without any).
    for (let i = 0; i < out.length; i++) out[i]! *= 0.01;
    this.model.similar.addSimilar(anchor, 1, out);
    out[anchor] = Number.NaN;
  }

  /** Swaps the tail of the list for up to ceil(weight x n / 5) little-seen items, at random. */
  private explore(list: number[], scores: Float32Array, numResults: number, accept: (i: number) => boolean): number[] {
    const slots = Math.ceil((numResults * this.options.explorationWeight) / 5);
    if (slots === 0 || list.length === 0) return list;
    const inList = new Set(list);
    const eligible = (i: number): boolean =>
      this.model.popularity.count(i) < this.options.coldItemInteractions && !Number.isNaN(scores[i]!) && !inList.has(i) && accept(i);
    const picked = this.pickCold(slots, eligible);
    const keep = list.slice(0, Math.max(0, Math.min(list.length, numResults - picked.length)));
    const floor = scores[keep[keep.length - 1] ?? list[0]!] ?? 0;
    for (const item of picked) scores[item] = floor;
    return [...keep, ...picked];
  }

  /**
   * Up to `slots` distinct eligible little-seen items, uniformly at random. The candidates (items
   * with few interactions) are listed once and kept until an event or a new item changes them;
   * random draws from that list are tested one by one, and only when draws keep failing (a
   * narrow filter) is the whole list scanned.
   */
  private pickCold(slots: number, eligible: (i: number) => boolean): number[] {
    const candidates = (this.coldCandidates ??= this.listColdCandidates());
    const picked: number[] = [];
    const tried = new Set<number>();
    for (let draw = 0; draw < slots * 8 && picked.length < slots && tried.size < candidates.length; draw++) {
      const item = candidates[Math.floor(this.options.random() * candidates.length)] as number;
      if (tried.has(item)) continue;
      tried.add(item);
      if (eligible(item)) picked.push(item);
    }
    if (picked.length === slots || tried.size === candidates.length) return picked;
    const rest = candidates.filter((i) => !tried.has(i) && eligible(i));
    while (picked.length < slots && rest.length > 0) picked.push(rest.splice(Math.floor(this.options.random() * rest.length), 1)[0] as number);
    return picked;
  }

  private listColdCandidates(): number[] {
    const cold: number[] = [];
    for (let i = 0; i < this.items.size; i++) if (this.model.popularity.count(i) < this.options.coldItemInteractions) cold.push(i);
    return cold;
  }

  private itemTest(
    expression: string | undefined,
    filterValues: Readonly<Record<string, string>> | undefined,
    context: { history: readonly UserEvent[]; currentUser: Metadata | undefined; currentItem: Metadata | undefined },
    anchor: number | undefined,
  ): (item: number) => boolean {
    if (expression === undefined) return () => true;
    let filter = this.filters.get(expression);
    if (filter === undefined) {
      filter = parseFilter(expression);
      if (this.filters.size >= MAX_CACHED_FILTERS) this.filters.clear();
      this.filters.set(expression, filter);
    }
    const compiled = compileItemFilter(filter, {
      itemMetadata: (item) => this.itemMetadata.get(item),
      history: context.history,
      ...(context.currentUser === undefined ? {} : { currentUser: context.currentUser }),
      ...(context.currentItem === undefined ? {} : { currentItem: context.currentItem }),
      ...(filterValues === undefined ? {} : { filterValues }),
    });
    const test = dependsOnItemOnly(filter) ? this.remembered(expression, filterValues, compiled) : compiled;
    return anchor === undefined ? test : (item) => item !== anchor && test(item);
  }

  private remembered(expression: string, filterValues: Readonly<Record<string, string>> | undefined, test: (item: number) => boolean): (item: number) => boolean {
    const key = `${expression}\u0000${JSON.stringify(Object.entries(filterValues ?? {}).sort())}`;
    let outcomes = this.itemOnlyOutcomes.get(key);
    if (outcomes === undefined || outcomes.length < this.items.size) {
      if (this.itemOnlyOutcomes.size >= MAX_CACHED_FILTERS) this.itemOnlyOutcomes.clear();
      outcomes = new Uint8Array(this.items.size);
      this.itemOnlyOutcomes.set(key, outcomes);
    }
    const known = outcomes;
    return (item) => {
      const outcome = known[item];
      if (outcome === 1) return true;
      if (outcome === 2) return false;
      const kept = test(item);
      if (outcome === 0) known[item] = kept ? 1 : 2;
      return kept;
    };
  }

  private predicted(item: number, scores: Float32Array): port.PredictedItem {
    return { itemId: this.items.idAt(item), score: Math.round((scores[item] ?? 0) * 1e6) / 1e6 };
  }
}

/** Everything a local model is served with besides what it learned. */
export interface LocalRecommenderState {
  interactions: readonly Interaction[];
  catalogue: ReadonlyArray<{ itemId: string; metadata: Metadata }>;
  userMetadata?: ReadonlyArray<readonly [string, Metadata]>;
  seenEventIds?: readonly string[];
  liveEvents?: ReadonlyArray<readonly [string, readonly Interaction[]]>;
}

/** A stored model's item ids in row order, then the catalogue's items it has not seen. */
function snapshotItems(snapshot: ModelSnapshot, state: LocalRecommenderState): IdMap {
  const items = IdMap.from(snapshot.itemIds);
  for (const item of state.catalogue) items.intern(item.itemId);
  return items;
}

function toInteraction(userId: string, event: UserEvent, items: IdMap): Interaction {
  return {
    userId,
    itemId: items.idAt(event.item),
    timestamp: event.timestamp,
    eventType: event.eventType,
    ...(event.value === undefined ? {} : { eventValue: event.value }),
  };
}

function toUserEvent(interaction: Interaction, items: IdMap): UserEvent {
  const event: UserEvent = { item: items.intern(interaction.itemId), timestamp: interaction.timestamp, eventType: interaction.eventType ?? '' };
  if (interaction.eventValue !== undefined) event.value = interaction.eventValue;
  return event;
}

/** Scales to a maximum of 1 so recipes can be blended. */
function normalize(scores: Float32Array): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  if (max > 0) for (let i = 0; i < scores.length; i++) scores[i]! /= max;
}

/** True when a filter's outcome depends on the item's metadata alone (no user, history or current item). */
function dependsOnItemOnly(filter: Filter): boolean {
  return filter.every(
    (expression) =>
      expression.guard === undefined &&
      expression.conditions.every((condition) => condition.dataset === 'Items' && condition.values.every((value) => value.kind !== 'current-item')),
  );
}
