import type { AppointmentRepository, ItemRepository, OrderRepository } from '../../store/port.js';
import type { Recommender } from '../../recommend/index.js';
import type { IntentHandler } from '../intent-handler.js';
import { bookFitting } from './book-fitting.js';
import { itemDetails } from './item-details.js';
import { orderStatus } from './order-status.js';
import { recommendItems } from './recommend-items.js';

export interface IntentHandlerDeps {
  items: ItemRepository;
  orders: OrderRepository;
  appointments: AppointmentRepository;
  /** Personalized recommendations; without it RecommendItems answers with popular items. */
  recommender?: Recommender;
  onRecommenderError?: (error: unknown) => void;
}

/** The demo bot's fulfilment table: intent name -> handler. Intents absent here close with the bot's own response. */
export function demoIntentHandlers(deps: IntentHandlerDeps): ReadonlyMap<string, IntentHandler> {
  return new Map<string, IntentHandler>([
    [
      'RecommendItems',
      recommendItems(deps.items, {
        ...(deps.recommender === undefined ? {} : { recommender: deps.recommender }),
        ...(deps.onRecommenderError === undefined ? {} : { onRecommenderError: deps.onRecommenderError }),
      }),
    ],
    ['ItemDetails', itemDetails(deps.items)],
    ['OrderStatus', orderStatus(deps.orders)],
    ['BookFitting', bookFitting(deps.appointments)],
  ]);
}
