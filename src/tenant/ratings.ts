import type { Order } from '../store/port.js';
import type { InteractionDraft } from './history.js';
import type { Random } from './random.js';

const DAY_MS = 86_400_000;
const P_RATED = 0.2;
/** Star ratings skew high, with a small angry tail, as in most shops. */
const STAR_WEIGHTS = [0.07, 0.06, 0.12, 0.3, 0.45];

/** Some delivered items get a 1-5 star rating a few days after they arrive. */
export function ratingsForOrders(rng: Random, orders: readonly Order[], itemIndexOf: (itemId: string) => number, referenceDate: Date): InteractionDraft[] {
  const refMs = referenceDate.getTime();
  const ratings: InteractionDraft[] = [];
  for (const order of orders) {
    if (order.status !== 'delivered' || order.estimatedDelivery === undefined) continue;
    for (const line of order.items) {
      if (!rng.chance(P_RATED)) continue;
      const atMs = order.estimatedDelivery.getTime() + Math.floor(rng.gamma(1.5, 3 * DAY_MS));
      if (atMs >= refMs) continue;
      ratings.push({ customerId: order.customerId, itemIndex: itemIndexOf(line.itemId), eventType: 'rating', eventValue: stars(rng), atMs });
    }
  }
  return ratings;
}

function stars(rng: Random): number {
  let target = rng.next();
  for (let i = 0; i < STAR_WEIGHTS.length; i++) {
    target -= STAR_WEIGHTS[i] ?? 0;
    if (target < 0) return i + 1;
  }
  return STAR_WEIGHTS.length;
}
