import type { Order, OrderStatus } from '../store/port.js';
import { itemIdOf } from './catalogue.js';
import type { Checkout } from './history.js';
import type { Random } from './random.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const P_CANCELLED = 0.03;
/** Order numbers are PS- plus six digits, issued in time order from a seeded start. */
const FIRST_NUMBER = 100_000;
const LAST_NUMBER = 999_999;

/**
 * One order per checkout. Status follows the order's age at the reference date (old orders are
 * delivered, the last few days' are still processing, shipped or out for delivery), so "where is
 * my order" has something to say for recent buyers.
 */
export function ordersFromCheckouts(rng: Random, checkouts: readonly Checkout[], referenceDate: Date): Order[] {
  const capacity = LAST_NUMBER - FIRST_NUMBER + 1;
  if (checkouts.length > capacity) throw new RangeError(`more than ${capacity} orders do not fit PS-######`);
  const sorted = [...checkouts].sort((a, b) => a.atMs - b.atMs);
  const first = FIRST_NUMBER + rng.int(capacity - sorted.length + 1);
  return sorted.map((checkout, k) => orderOf(rng, checkout, `PS-${first + k}`, referenceDate.getTime()));
}

function orderOf(rng: Random, checkout: Checkout, orderNumber: string, refMs: number): Order {
  const items = checkout.lines.map((line) => ({ itemId: itemIdOf(line.itemIndex), quantity: line.quantity, price: line.price }));
  const placedAt = new Date(checkout.atMs);
  if (rng.chance(P_CANCELLED)) return { orderNumber, customerId: checkout.customerId, items, status: 'cancelled', placedAt };
  const etaMs = checkout.atMs + (2 + rng.int(5)) * DAY_MS;
  return {
    orderNumber,
    customerId: checkout.customerId,
    items,
    status: statusAt(checkout.atMs, etaMs, refMs),
    placedAt,
    estimatedDelivery: new Date(etaMs),
  };
}

function statusAt(placedMs: number, etaMs: number, refMs: number): OrderStatus {
  if (refMs >= etaMs) return 'delivered';
  if (refMs - placedMs < 12 * HOUR_MS) return 'processing';
  if (etaMs - refMs < DAY_MS) return 'out-for-delivery';
  return 'shipped';
}
