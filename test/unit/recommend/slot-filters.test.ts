import { describe, expect, it } from 'vitest';
import { LocalRecommender, parseFilter, quotedValue, SLOT_FILTERS, slotFilter } from '../../../src/recommend/index.js';

describe('slot filters', () => {
  it('names one fixed expression per combination of slots, each valid in the filter grammar', () => {
    expect(Object.keys(SLOT_FILTERS).sort()).toEqual(['brand', 'brand-price', 'category', 'category-brand', 'category-brand-price', 'category-price', 'price']);
    for (const expression of Object.values(SLOT_FILTERS)) expect(() => parseFilter(expression)).not.toThrow();
    expect(slotFilter({})).toBeUndefined();
    expect(slotFilter({ category: 'jackets', maxPrice: 80 })).toEqual({
      name: 'category-price',
      filter: 'INCLUDE ItemID WHERE Items.CATEGORY IN ($CATEGORY) AND Items.PRICE <= $PRICE',
      filterValues: { CATEGORY: '"jackets"', PRICE: '80' },
    });
  });

  it('keeps a hostile slot value inside its quoted filter value', async () => {
    const hostile = 'x") OR Items.PRICE > (0';
    const filter = slotFilter({ category: hostile });
    expect(filter?.filter).toBe(SLOT_FILTERS.category);
    expect(filter?.filterValues.CATEGORY).toBe(quotedValue(hostile));
    const recommender = await LocalRecommender.train([], [
      { itemId: 'a', metadata: { CATEGORY: hostile } },
      { itemId: 'b', metadata: { CATEGORY: 'jackets' } },
    ], { explorationWeight: 0 });
    const response = await recommender.getRecommendations({ numResults: 5, filter: filter?.filter, filterValues: filter?.filterValues });
    expect(response.itemList.map((item) => item.itemId)).toEqual(['a']);
  });
});
