import type { Item } from '../store/port.js';
import type { ItemCard } from './port.js';

export function itemCard(item: Item, recommendationId?: string): ItemCard {
  return {
    itemId: item.itemId,
    title: item.title,
    price: item.price,
    currency: item.currency,
    brand: item.brand,
    category: item.category,
    ...(item.imageUrl === undefined ? {} : { imageUrl: item.imageUrl }),
    ...(recommendationId === undefined ? {} : { recommendationId }),
  };
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function formatPrice(price: number): string {
  return usd.format(price);
}
