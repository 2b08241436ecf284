import type { ItemRepository } from '../../store/port.js';
import { plainText, type IntentHandler } from '../intent-handler.js';
import { formatPrice, itemCard } from '../item-card.js';

const STOP_WORDS = new Set(['the', 'a', 'an', 'about', 'of', 'for', 'me', 'more', 'tell', 'on', 'please', 'those', 'that', 'this', 'these']);

/** Describes the catalogue item whose title best matches what the customer named. */
export function itemDetails(items: ItemRepository): IntentHandler {
  return async ({ slots }) => {
    const name = slots.ItemName ?? '';
    const words = name
      .toLowerCase()
      .split(/[^a-z0-9-]+/)
      .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
      .slice(0, 6);
    if (words.length === 0) {
      return { state: 'Failed', messages: [plainText('Which item would you like to know more about?')] };
    }
    // Most specific first: all words, then drop trailing words until something matches.
    for (let n = words.length; n > 0; n -= 1) {
      const [item] = await items.search({ keywords: words.slice(0, n), limit: 1 });
      if (item !== undefined) {
        const about = item.description ?? `${item.brand} ${item.category}`;
        return {
          state: 'Fulfilled',
          messages: [plainText(`${item.title} by ${item.brand} is ${formatPrice(item.price)}. ${about}`)],
          cards: [itemCard(item)],
          // No rating in the catalogue: variants that say one are not offered.
          script: { intent: 'ItemDetails', variables: { item: { name: item.title, brand: item.brand, price: item.price.toFixed(2) }, description: about } },
        };
      }
    }
    return { state: 'Fulfilled', messages: [plainText(`I couldn't find "${name}" in our catalogue. Could you try another name?`)], cards: [] };
  };
}
