/**
 * Interaction events from the client (click, add-to-cart, purchase, thumbs): stored in MongoDB as
 * the training data of record, then sent to the recommender so the user's next recommendations
 * reflect them without a retrain. Thumbs without an item are stored for the bandit only.
 */
import { randomUUID } from 'node:crypto';
import { itemMetadata, type Recommender } from '../recommend/index.js';
import type { Interaction, InteractionRepository, ItemRepository } from '../store/port.js';
import { isParleyError, ValidationError } from '../shared/errors.js';
import type { EventAck, EventRequest } from './port.js';

export interface EventRecorderDeps {
  interactions: Pick<InteractionRepository, 'insert'>;
  items: Pick<ItemRepository, 'get'>;
  recommender?: Recommender;
  clock?: () => Date;
  /** The event is stored but the recommender refused or failed it. */
  onRecommenderError?: (error: unknown) => void;
}

const ITEM_EVENTS = new Set(['click', 'add-to-cart', 'purchase']);

export class EventRecorder {
  readonly #clock: () => Date;

  constructor(private readonly deps: EventRecorderDeps) {
    this.#clock = deps.clock ?? (() => new Date());
  }

  async record(request: EventRequest): Promise<EventAck> {
    const { event, identity, sessionId } = request;
    if (event.itemId === undefined && ITEM_EVENTS.has(event.kind)) {
      throw new ValidationError('PARLEY_EVENT_ITEM_REQUIRED', `A ${event.kind} event needs an itemId`, { details: { path: '/event/itemId' } });
    }
    const item = event.itemId === undefined ? undefined : await this.deps.items.get(event.itemId);
    if (item === null) {
      throw new ValidationError('PARLEY_EVENT_ITEM_UNKNOWN', 'No item in the catalogue has this itemId', { details: { path: '/event/itemId' } });
    }
    const at = this.#clock();
    const interaction: Interaction = {
      interactionId: `ev-${randomUUID()}`,
      customerId: identity.userId,
      itemId: item?.itemId ?? '',
      eventType: event.kind,
      at,
      sessionId,
      ...(event.value === undefined ? {} : { eventValue: event.value }),
      ...(event.recommendationId === undefined ? {} : { recommendationId: event.recommendationId }),
      ...(event.eventId === undefined ? {} : { eventId: event.eventId }),
    };
    await this.deps.interactions.insert(interaction);
    const realTime = item === undefined ? false : await this.#tellRecommender(interaction, item);
    return { interactionId: interaction.interactionId, realTime };
  }

  async #tellRecommender(interaction: Interaction, item: Parameters<typeof itemMetadata>[0]): Promise<boolean> {
    const recommender = this.deps.recommender;
    if (recommender === undefined) return false;
    const put = (): Promise<void> =>
      recommender.putEvents({
        userId: interaction.customerId,
        sessionId: interaction.sessionId ?? interaction.customerId,
        eventList: [
          {
            eventId: interaction.interactionId,
            eventType: interaction.eventType,
            itemId: interaction.itemId,
            sentAt: Math.floor(interaction.at.getTime() / 1000),
            ...(interaction.eventValue === undefined ? {} : { eventValue: interaction.eventValue }),
            ...(interaction.recommendationId === undefined ? {} : { recommendationId: interaction.recommendationId }),
          },
        ],
      });
    try {
      try {
        await put();
      } catch (error) {
        // An item added to the catalogue after the model was built: introduce it, then retry.
        if (!(isParleyError(error) && error.code === 'PARLEY_RECOMMEND_UNKNOWN_ITEM')) throw error;
        await recommender.putItems([{ itemId: interaction.itemId, properties: JSON.stringify(itemMetadata(item)) }]);
        await put();
      }
      return true;
    } catch (error) {
      this.deps.onRecommenderError?.(error);
      return false;
    }
  }
}
