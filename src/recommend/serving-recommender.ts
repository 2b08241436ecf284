/**
 * Serves from one recommender and swaps in another when it is ready, without dropping a request:
 * the service starts on a popularity model at once while the full model trains, then moves over.
 * Writes (events, items, users) accepted before the swap are replayed into the new model, so a
 * click made during training still counts after it.
 */
import type * as port from './port.js';

type Write = (target: port.Recommender) => Promise<void>;

export class ServingRecommender implements port.Recommender {
  #current: port.Recommender;
  /** Writes since this recommender was built; undefined once no swap is expected. */
  #pending: Write[] | undefined = [];
  /** Writes since a replaceWhenBuilt build began (it replays them); undefined when none runs. */
  #duringBuild: Write[] | undefined;
  /** replaceWhenBuilt calls run one after the other. */
  #building: Promise<unknown> = Promise.resolve();

  constructor(initial: port.Recommender) {
    this.#current = initial;
  }

  /**
   * Replays every write taken so far into `next`, then serves from it. Requests in flight finish
   * on the model they started on. After a `final` swap writes are no longer kept.
   */
  async swap(next: port.Recommender, options: { final?: boolean } = {}): Promise<void> {
    const pending = this.#pending ?? [];
    // Writes may arrive while earlier ones replay: loop until caught up, then switch synchronously.
    for (let i = 0; i < pending.length; i++) {
      try {
        await (pending[i] as Write)(next);
      } catch {
        // It was accepted by the model that served it; a write the new one refuses is dropped.
      }
    }
    this.#current = next;
    // Kept until the final swap: each later model is trained from scratch and needs them all.
    if (options.final === true) this.#pending = undefined;
  }

  /**
   * Serves `next` from now on, in this tick. Only once no writes are kept (after the final swap):
   * the caller builds `next` from the current model's state in the same tick, so no write falls
   * between the two.
   */
  replace(next: port.Recommender): void {
    if (this.#pending !== undefined) throw new Error('replace() before the final swap would lose the writes kept for it');
    this.#current = next;
  }

  /**
   * Like replace(), for a `next` that takes many ticks to build (a stored model rebuilt from the
   * current one's state in slices): requests are served from the current model meanwhile, and
   * writes taken after `build` was called are replayed into `next` before it serves. `build` must
   * read the current model's state synchronously, when called. Calls queue up.
   */
  async replaceWhenBuilt<T extends port.Recommender>(build: () => Promise<T>): Promise<T> {
    const previous = this.#building;
    let done: () => void = () => {};
    this.#building = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      if (this.#pending !== undefined) throw new Error('replaceWhenBuilt() before the final swap would lose the writes kept for it');
      const during: Write[] = [];
      this.#duringBuild = during;
      try {
        const next = await build();
        // As in swap(): writes arriving during the replay are caught up, then the switch is synchronous.
        for (let i = 0; i < during.length; i++) {
          try {
            await (during[i] as Write)(next);
          } catch {
            // Accepted by the model that served it; a write the new one refuses is dropped.
          }
        }
        this.#current = next;
        return next;
      } finally {
        this.#duringBuild = undefined;
      }
    } finally {
      done();
    }
  }

  getRecommendations(input: port.GetRecommendationsInput): Promise<port.RecommendationResponse> {
    return this.#current.getRecommendations(input);
  }

  getPersonalizedRanking(input: port.GetPersonalizedRankingInput): Promise<port.PersonalizedRankingResponse> {
    return this.#current.getPersonalizedRanking(input);
  }

  getItemAffinity(input: port.ItemAffinityInput): Promise<port.ItemAffinityResponse> {
    return this.#current.getItemAffinity(input);
  }

  putEvents(input: port.PutEventsInput): Promise<void> {
    return this.#write((r) => r.putEvents(input));
  }

  putItems(items: readonly port.ItemRecord[]): Promise<void> {
    return this.#write((r) => r.putItems(items));
  }

  putUsers(users: readonly port.UserRecord[]): Promise<void> {
    return this.#write((r) => r.putUsers(users));
  }

  #write(write: Write): Promise<void> {
    const done = write(this.#current);
    // Recorded in the same tick as it is applied, so a swap in progress cannot miss it; one the
    // old model refused fails the replay too, which swap() ignores.
    this.#pending?.push(write);
    this.#duringBuild?.push(write);
    return done;
  }
}
