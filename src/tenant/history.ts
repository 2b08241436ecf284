import type { InteractionType } from '../store/port.js';
import type { Catalogue } from './catalogue.js';
import type { CustomerProfile } from './customers.js';
import type { Random } from './random.js';
import { sessionStart } from './session-clock.js';
import { CATEGORIES } from './vocabulary.js';
import { ItemChooser } from './item-chooser.js';
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
    for (let s = 0; s < sessions; s++) {
      const sessionId = `${profile.customer.customerId.replace(/^c-/, 's-')}-${s + 1}`;
      runSession(customerRng, chooser, catalogue, shopper, sessionId, history);
    }
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

function runSession(rng: Random, chooser: ItemChooser, catalogue: Catalogue, shopper: Shopper, sessionId: string, history: History): void {
  const { profile } = shopper;
  const category = shopper.categories.sample(rng);
  const peakMonth = CATEGORIES[category]?.peakMonth ?? 1;
  let at = sessionStart(rng, peakMonth, shopper.startMs, shopper.endMs, profile.utcOffsetHours);
  const customerId = profile.customer.customerId;
  const views = 1 + Math.min(MAX_VIEWS - 1, rng.geometric(MORE_VIEWS_P));
  const cart: Array<{ itemIndex: number; atMs: number }> = [];
  let lastMs = at;
  for (let v = 0; v < views; v++) {
    const itemIndex = chooser.pick(rng, profile, category, at);
    if (itemIndex >= 0) {
      history.interactions.push({ customerId, itemIndex, eventType: 'view', atMs: at, sessionId });
      lastMs = Math.max(lastMs, at);
      if (rng.chance(P_CLICK)) {
        const clickMs = at + Math.floor(rng.between(2_000, 20_000));
        history.interactions.push({ customerId, itemIndex, eventType: 'click', atMs: clickMs, sessionId });
        lastMs = Math.max(lastMs, clickMs);
        if (rng.chance(P_CART)) {
          const cartMs = clickMs + Math.floor(rng.between(10_000, 120_000));
          history.interactions.push({ customerId, itemIndex, eventType: 'add-to-cart', atMs: cartMs, sessionId });
          cart.push({ itemIndex, atMs: cartMs });
          lastMs = Math.max(lastMs, cartMs);
        }
      }
    }
    at += Math.floor(rng.gamma(2, 30_000));
  }
  checkout(rng, catalogue, customerId, sessionId, cart, lastMs, history);
}

function checkout(rng: Random, catalogue: Catalogue, customerId: string, sessionId: string, cart: Array<{ itemIndex: number }>, lastMs: number, history: History): void {
  const bought = cart.filter(() => rng.chance(P_PURCHASE));
  if (bought.length === 0) return;
  const atMs = lastMs + Math.floor(rng.between(60_000, 300_000));
  const lines: Checkout['lines'] = [];
  for (const { itemIndex } of bought) {
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
