import type { ItemRepository, Item } from '../../store/port.js';
import { plainText, type IntentHandler } from '../intent-handler.js';
import { itemCard, formatPrice } from '../item-card.js';

const RESULT_COUNT = 3;

/**
 * Recommends catalogue items matching the slots. When nothing matches every constraint it relaxes
 * the brand first, then the price ceiling, and says so, rather than answering with nothing.
 */
export function recommendItems(items: ItemRepository): IntentHandler {
  return async ({ slots }) => {
    const category = slots.Category ?? undefined;
    const brand = slots.Brand ?? undefined;
    const maxPrice = parsePrice(slots.MaxPrice);

    const attempts: Array<{ query: Parameters<ItemRepository['search']>[0]; note: string }> = [
      { query: { category, brand, maxPrice, limit: RESULT_COUNT }, note: '' },
    ];
    if (brand !== undefined) {
      attempts.push({ query: { category, maxPrice, limit: RESULT_COUNT }, note: `I found no ${brand} ${category ?? 'items'} for that, but ` });
    }
    if (maxPrice !== undefined) {
      attempts.push({ query: { category, limit: RESULT_COUNT }, note: `Nothing fits under ${formatPrice(maxPrice)}, but ` });
    }

    for (const attempt of attempts) {
      const found = await items.search(withoutUndefined(attempt.query));
      if (found.length > 0) {
        return { state: 'Fulfilled', messages: [plainText(describe(found, attempt.note, category, maxPrice, attempt.note === ''))], cards: found.map((item) => itemCard(item)) };
      }
    }
    return {
      state: 'Fulfilled',
      messages: [plainText(`Sorry, I couldn't find any ${category ?? 'items'} right now. Would you like to try another category?`)],
      cards: [],
    };
  };
}

function describe(found: Item[], note: string, category: string | undefined, maxPrice: number | undefined, exact: boolean): string {
  const list = found.map((item) => `${item.title} (${formatPrice(item.price)})`).join(', ');
  const what = category ?? 'picks';
  const ceiling = exact && maxPrice !== undefined ? ` under ${formatPrice(maxPrice)}` : '';
  const lead = note === '' ? `Here are our top ${what}${ceiling}: ` : `${note}here are some popular ${what}: `;
  return `${lead}${list}.`;
}

function parsePrice(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const price = Number(value);
  return Number.isFinite(price) && price > 0 ? price : undefined;
}

function withoutUndefined<T extends object>(query: T): T {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as T;
}
