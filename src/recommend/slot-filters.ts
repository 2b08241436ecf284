/**
 * The demo bot's slots as a Personalize filter. Expressions are fixed text chosen by which slots
 * are set; the customer's values travel only in filterValues (quoted), never inside an expression,
 * so a slot value cannot change what the filter means. Each shape has a name, which the
 * Personalize adapter maps to the ARN of a filter created with that expression.
 */

export interface SlotConstraints {
  category?: string;
  brand?: string;
  maxPrice?: number;
}

export interface NamedFilter {
  /** e.g. `category-brand-price`; the key of PARLEY_PERSONALIZE_FILTER_ARNS. */
  name: string;
  filter: string;
  filterValues: Record<string, string>;
}

const CONDITIONS = [
  { key: 'category', param: 'CATEGORY', text: 'Items.CATEGORY IN ($CATEGORY)' },
  { key: 'brand', param: 'BRAND', text: 'Items.BRAND IN ($BRAND)' },
  { key: 'price', param: 'PRICE', text: 'Items.PRICE <= $PRICE' },
] as const;

/** Every filter slotFilter can produce, by name: what to create in Personalize. */
export const SLOT_FILTERS: Readonly<Record<string, string>> = Object.fromEntries(
  [1, 2, 3, 4, 5, 6, 7].map((mask) => {
    const used = CONDITIONS.filter((_, i) => (mask & (1 << i)) !== 0);
    return [used.map((c) => c.key).join('-'), `INCLUDE ItemID WHERE ${used.map((c) => c.text).join(' AND ')}`];
  }),
);

/** A Personalize filter value: one quoted string, with `"` and `\` escaped. */
export function quotedValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The filter for the slots that are set, or undefined when none is. */
export function slotFilter(slots: SlotConstraints): NamedFilter | undefined {
  const values: Record<string, string | undefined> = {
    CATEGORY: slots.category === undefined ? undefined : quotedValue(slots.category),
    BRAND: slots.brand === undefined ? undefined : quotedValue(slots.brand),
    PRICE: slots.maxPrice === undefined || !Number.isFinite(slots.maxPrice) ? undefined : String(slots.maxPrice),
  };
  const used = CONDITIONS.filter((c) => values[c.param] !== undefined);
  if (used.length === 0) return undefined;
  const name = used.map((c) => c.key).join('-');
  return {
    name,
    filter: SLOT_FILTERS[name] as string,
    filterValues: Object.fromEntries(used.map((c) => [c.param, values[c.param] as string])),
  };
}
