import type { Customer, Interaction, Item, Order } from '../store/port.js';
import { generateCatalogue, type Catalogue } from './catalogue.js';
import { generateCustomers } from './customers.js';
import { generateHistory, type InteractionDraft } from './history.js';
import { ordersFromCheckouts } from './orders.js';
import { Random } from './random.js';
import { ratingsForOrders } from './ratings.js';
import { resolveTenantOptions, type TenantOptions } from './tenant-options.js';

/** A whole demo tenant, as documents ready for the store. */
export interface Tenant {
  referenceDate: Date;
  items: Item[];
  customers: Customer[];
  /** In time order; ids ev-0000001... follow that order. */
  interactions: Interaction[];
  /** In time order. */
  orders: Order[];
}

/**
 * Generates a tenant from its options alone: no clock, no Math.random, no I/O, so the same
 * options give byte-identical documents. Each phase draws from its own forked stream, so the
 * catalogue, for instance, does not change when only the number of customers does.
 * Throws ValidationError PARLEY_TENANT_INVALID_OPTIONS for bad options.
 */
export function generateTenant(options: TenantOptions): Tenant {
  const resolved = resolveTenantOptions(options);
  const { referenceDate } = resolved;
  const root = new Random(`parley-tenant:${resolved.seed}`);
  const catalogue = generateCatalogue(root.fork('catalogue'), resolved.items, referenceDate);
  const profiles = generateCustomers(root.fork('customers'), resolved.customers, referenceDate);
  const history = generateHistory(root.fork('history'), catalogue, profiles, referenceDate, resolved.interactionsPerCustomer);
  const orders = ordersFromCheckouts(root.fork('orders'), history.checkouts, referenceDate);
  const indexById = new Map(catalogue.items.map((item, index) => [item.itemId, index]));
  const ratings = ratingsForOrders(root.fork('ratings'), orders, (itemId) => indexById.get(itemId) ?? -1, referenceDate);
  const interactions = finalizeInteractions(catalogue, [...history.interactions, ...ratings], referenceDate);
  return {
    referenceDate,
    items: catalogue.items,
    customers: profiles.map((profile) => profile.customer),
    interactions,
    orders,
  };
}

/**
 * Sorts drafts by time, gives them sequential ids and counts them into item popularity. Optional
 * fields are only set when present: the MongoDB driver would store an undefined field as null.
 */
function finalizeInteractions(catalogue: Catalogue, drafts: InteractionDraft[], referenceDate: Date): Interaction[] {
  const lastMs = referenceDate.getTime() - 1;
  return Array.from(timeOrder(drafts), (draftIndex, k) => {
    const draft = drafts[draftIndex] as InteractionDraft;
    const item = catalogue.items[draft.itemIndex];
    if (item === undefined) throw new RangeError(`interaction refers to unknown item index ${draft.itemIndex}`);
    item.popularity += 1;
    const interaction: Interaction = {
      interactionId: `ev-${String(k + 1).padStart(7, '0')}`,
      customerId: draft.customerId,
      itemId: item.itemId,
      eventType: draft.eventType,
      at: new Date(Math.min(draft.atMs, lastMs)),
    };
    if (draft.eventValue !== undefined) interaction.eventValue = draft.eventValue;
    if (draft.sessionId !== undefined) interaction.sessionId = draft.sessionId;
    return interaction;
  });
}

/**
 * Draft indices by time, ties by generation order. Sorting indices over a typed array of times
 * is several times faster than sorting the objects, whose fields are scattered over the heap.
 */
function timeOrder(drafts: InteractionDraft[]): Uint32Array {
  const times = Float64Array.from(drafts, (draft) => draft.atMs);
  const order = Uint32Array.from(drafts, (_, i) => i);
  return order.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
}
