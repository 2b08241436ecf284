import { slotFilter, type Recommender } from '../../recommend/index.js';
import type { ItemRepository, Item } from '../../store/port.js';
import type { ItemCard } from '../port.js';
import { plainText, type IntentHandler } from '../intent-handler.js';
import { itemCard, formatPrice } from '../item-card.js';
import type { ScriptedReply } from '../reply-variants.js';

const RESULT_COUNT = 3;

export interface RecommendItemsOptions {
  /** Personalized picks; without it (or when it fails) the catalogue's most popular items. */
  recommender?: Recommender;
  onRecommenderError?: (error: unknown) => void;
}

type ItemSearch = Parameters<ItemRepository['search']>[0];

/**
 * Recommends items matching the slots: the user's personalized picks filtered by the slots when a
 * recommender is configured, else the most popular matches. When nothing matches every constraint
 * it relaxes the brand first, then the price ceiling, and says so, rather than answering nothing.
 */
export function recommendItems(items: ItemRepository, options: RecommendItemsOptions = {}): IntentHandler {
  const find = async (query: ItemSearch, userId: string): Promise<ItemCard[]> => {
    if (options.recommender !== undefined) {
      try {
        return await recommended(options.recommender, items, query, userId);
      } catch (error) {
        // The customer still gets an answer: popular items from the catalogue.
        options.onRecommenderError?.(error);
      }
    }
    return (await items.search(query)).map((item) => itemCard(item));
  };
  return async ({ slots, identity }) => {
    const category = slots.Category ?? undefined;
    const brand = slots.Brand ?? undefined;
    const maxPrice = parsePrice(slots.MaxPrice);

    const attempts: Array<{ query: ItemSearch; note: string }> = [
      { query: { category, brand, maxPrice, limit: RESULT_COUNT }, note: '' },
    ];
    if (brand !== undefined) {
      attempts.push({ query: { category, maxPrice, limit: RESULT_COUNT }, note: `I found no ${brand} ${category ?? 'items'} for that, but ` });
    }
    if (maxPrice !== undefined) {
      attempts.push({ query: { category, limit: RESULT_COUNT }, note: `Nothing fits under ${formatPrice(maxPrice)}, but ` });
    }

    for (const attempt of attempts) {
      const found = await find(withoutUndefined(attempt.query), identity.userId);
      if (found.length > 0) {
        const exact = attempt.note === '';
        return {
          state: 'Fulfilled',
          messages: [plainText(describe(found, attempt.note, category, maxPrice, exact))],
          cards: found,
          // A relaxed search keeps its own words: the scripts cannot say what was relaxed.
          ...(exact ? { script: recommendScript(found, category) } : {}),
        };
      }
    }
    return {
      state: 'Fulfilled',
      messages: [plainText(`Sorry, I couldn't find any ${category ?? 'items'} right now. Would you like to try another category?`)],
      cards: [],
    };
  };
}

/** The recommender's picks for the user under the slots' filter, as cards in its order. */
async function recommended(recommender: Recommender, items: ItemRepository, query: ItemSearch, userId: string): Promise<ItemCard[]> {
  const filter = slotFilter({
    ...(query.category === undefined ? {} : { category: query.category }),
    ...(query.brand === undefined ? {} : { brand: query.brand }),
    ...(query.maxPrice === undefined ? {} : { maxPrice: query.maxPrice }),
  });
  const response = await recommender.getRecommendations({
    userId,
    numResults: query.limit,
    ...(filter === undefined ? {} : { filter: filter.filter, filterValues: filter.filterValues }),
  });
  const ids = response.itemList.map((item) => item.itemId);
  const byId = new Map((await items.getMany(ids)).map((item) => [item.itemId, item]));
  return ids.flatMap((id) => {
    const item = byId.get(id);
    return item === undefined ? [] : [itemCard(item, response.recommendationId)];
  });
}

function describe(found: Array<Pick<Item, 'title' | 'price'>>, note: string, category: string | undefined, maxPrice: number | undefined, exact: boolean): string {
  const list = found.map((item) => `${item.title} (${formatPrice(item.price)})`).join(', ');
  const what = category ?? 'picks';
  const ceiling = exact && maxPrice !== undefined ? ` under ${formatPrice(maxPrice)}` : '';
  const lead = note === '' ? `Here are our top ${what}${ceiling}: ` : `${note}here are some popular ${what}: `;
  return `${lead}${list}.`;
}

function recommendScript(found: ItemCard[], category: string | undefined): ScriptedReply {
  const items = found.map((card) => ({ name: card.title, brand: card.brand, price: card.price.toFixed(2) }));
  return { intent: 'RecommendItems', variables: { category: category ?? 'picks', items } };
}

function parsePrice(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const price = Number(value);
  return Number.isFinite(price) && price > 0 ? price : undefined;
}

function withoutUndefined<T extends object>(query: T): T {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as T;
}
