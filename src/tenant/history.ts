import type { InteractionType } from '../store/port.js';
import type { Catalogue } from './catalogue.js';
import type { CustomerProfile } from './customers.js';
import type { Random } from './random.js';
import { ItemChooser } from './item-chooser.js';
import { sessionStart } from './session-clock.js';
import { CATEGORIES } from './vocabulary.js';
import { WeightedSampler } from './weighted-sampler.js';

const HOUR_MS = 3_600_000;
const WINDOW_DAYS = 365;
/** Extra views per session are geometric: mean (1 - p) / p, about 1.9. */
const MORE_VIEWS_P = 0.35;
const MAX_VIEWS = 20;
/** The funnel: each step is conditional on the previous one. */
const P_CLICK = 0.3;
const P_CART = 0.35;
const P_PURCHASE = 0.5;
const EVENTS_PER_VIEW = 1 + P_CLICK * (1 + P_CART * (1 + P_PURCHASE));
const VIEWS_PER_SESSION = 1 + (1 - MORE_VIEWS_P) / MORE_VIEWS_P;
/** Categories bought several at a time. */
const MULTI_PACK = new Set(['socks', 't-shirts']);

/** An interaction before ids are assigned (they follow time order, known only at the end). */
export interface InteractionDraft {
  customerId: string;
  itemIndex: number;
  eventType: InteractionType;
  eventValue?: number;
  atMs: number;
  sessionId?: string;
}

/** Purchases of one session: one order. */
export interface Checkout {
  customerId: string;
  sessionId: string;
  atMs: number;
  lines: Array<{ itemIndex: number; quantity: number; price: number }>;
}

export interface History {
  interactions: InteractionDraft[];
  checkouts: Checkout[];
}

/**
 * A year of shopping sessions ending at the reference date. Each session is about one category,
 * chosen by the customer's latent taste, and timed by that category's season; items are drawn
 * from appeal x brand affinity x price preference among items already launched; each viewed item
 * goes down the view -> click -> add-to-cart -> purchase funnel.
 */
export function generateHistory(rng: Random, catalogue: Catalogue, profiles: CustomerProfile[], referenceDate: Date, interactionsPerCustomer: number): History {
  const endMs = referenceDate.getTime() - 2 * HOUR_MS;
  const windowStartMs = referenceDate.getTime() - WINDOW_DAYS * 24 * HOUR_MS;
  const exposures = profiles.map((p) => exposureOf(p, windowStartMs, endMs));
  const meanExposure = exposures.reduce((acc, x) => acc + x, 0) / Math.max(1, exposures.length);
  const sessionsPerUnit = meanExposure > 0 ? interactionsPerCustomer / (EVENTS_PER_VIEW * VIEWS_PER_SESSION * meanExposure) : 0;
  const history: History = { interactions: [], checkouts: [] };
  const chooser = new ItemChooser(catalogue);
  profiles.forEach((profile, i) => {
    const customerRng = rng.fork(`history:${i}`);
    const sessions = customerRng.poisson(sessionsPerUnit * profile.activity * (exposures[i] ?? 0));
    const shopper: Shopper = {
      profile,
      categories: new WeightedSampler(profile.categoryWeights),
      startMs: Math.max(windowStartMs, profile.customer.createdAt.getTime()),
      endMs,
    };
    // Sessions are planned first so their numbers follow time order.
    const planned = Array.from({ length: sessions }, () => planSession(customerRng, shopper)).sort((a, b) => a.startMs - b.startMs);
    planned.forEach((plan, s) => {
      const sessionId = `${profile.customer.customerId.replace(/^c-/, 's-')}-${s + 1}`;
      runSession(customerRng, chooser, catalogue, profile, plan, sessionId, history);
    });
  });
  return history;
}

/** Share of the window during which the customer was a member. */
function exposureOf(profile: CustomerProfile, windowStartMs: number, endMs: number): number {
  const startMs = Math.max(windowStartMs, profile.customer.createdAt.getTime());
  return Math.max(0, (endMs - startMs) / (endMs - windowStartMs));
}

/** One customer's fixed facts while their sessions are generated. */
interface Shopper {
  profile: CustomerProfile;
  categories: WeightedSampler;
  startMs: number;
  endMs: number;
}

interface SessionPlan {
  category: number;
  startMs: number;
}

/** What the session is about (latent taste) and when it starts (that category's season). */
function planSession(rng: Random, shopper: Shopper): SessionPlan {
  const category = shopper.categories.sample(rng);
  const peakMonth = CATEGORIES[category]?.peakMonth ?? 1;
  return { category, startMs: sessionStart(rng, peakMonth, shopper.startMs, shopper.endMs, shopper.profile.utcOffsetHours) };
}

function runSession(rng: Random, chooser: ItemChooser, catalogue: Catalogue, profile: CustomerProfile, plan: SessionPlan, sessionId: string, history: History): void {
  const customerId = profile.customer.customerId;
  const views = 1 + Math.min(MAX_VIEWS - 1, rng.geometric(MORE_VIEWS_P));
  const cart: number[] = [];
  let at = plan.startMs;
  let lastMs = at;
  for (let v = 0; v < views; v++) {
    const itemIndex = chooser.pick(rng, profile, plan.category, at);
    if (itemIndex >= 0) lastMs = Math.max(lastMs, funnel(rng, customerId, itemIndex, sessionId, at, cart, history));
    at += Math.floor(rng.gamma(2, 30_000));
  }
  checkout(rng, catalogue, customerId, sessionId, cart, lastMs, history);
}

/**
 * One viewed item down the funnel as far as the customer goes; items added to the cart are
 * collected for checkout. Returns the time of the last event.
 */
function funnel(rng: Random, customerId: string, itemIndex: number, sessionId: string, viewMs: number, cart: number[], history: History): number {
  // Object literals with one key order: cheaper than spreads at ~100k events, one hidden class.
  history.interactions.push({ customerId, itemIndex, eventType: 'view', atMs: viewMs, sessionId });
  if (!rng.chance(P_CLICK)) return viewMs;
  const clickMs = viewMs + Math.floor(rng.between(2_000, 20_000));
  history.interactions.push({ customerId, itemIndex, eventType: 'click', atMs: clickMs, sessionId });
  if (!rng.chance(P_CART)) return clickMs;
  const cartMs = clickMs + Math.floor(rng.between(10_000, 120_000));
  history.interactions.push({ customerId, itemIndex, eventType: 'add-to-cart', atMs: cartMs, sessionId });
  cart.push(itemIndex);
  return cartMs;
}

/** Each cart item is bought with P_PURCHASE, all at one checkout: one order per session. */
function checkout(rng: Random, catalogue: Catalogue, customerId: string, sessionId: string, cart: number[], lastMs: number, history: History): void {
  const bought = cart.filter(() => rng.chance(P_PURCHASE));
  if (bought.length === 0) return;
  const atMs = lastMs + Math.floor(rng.between(60_000, 300_000));
  const lines: Checkout['lines'] = [];
  for (const itemIndex of bought) {
    const item = catalogue.items[itemIndex];
    if (item === undefined) continue;
    const quantity = quantityFor(rng, item.category);
    const eventValue = Math.round(item.price * quantity * 100) / 100;
    history.interactions.push({ customerId, itemIndex, eventType: 'purchase', eventValue, atMs, sessionId });
    lines.push({ itemIndex, quantity, price: item.price });
  }
  history.checkouts.push({ customerId, sessionId, atMs, lines });
}

function quantityFor(rng: Random, category: string): number {
  if (MULTI_PACK.has(category)) return 1 + (rng.chance(0.35) ? 1 + (rng.chance(0.3) ? 1 : 0) : 0);
  return rng.chance(0.05) ? 2 : 1;
}
