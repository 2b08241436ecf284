import { describe, expect, it } from 'vitest';
import { Featurizer, flattenFeatures, type FeatureSet } from '../../../src/bandit/index.js';

describe('flattenFeatures', () => {
  it('follows the Personalizer feature rules', () => {
    const named = flattenFeatures(
      [{ user: { tier: 'gold', age: 31, isMember: true, _secret: 'x' }, mobile: false, _ignored: 1, embedding: [0.5, -1] }],
      'context',
    );
    expect(named.get('user')).toEqual([
      ['tier=gold', 1],
      ['age', 31],
      ['isMember=true', 1],
    ]);
    expect(named.get('default')).toEqual([
      ['mobile=false', 1],
      ['embedding[0]', 0.5],
      ['embedding[1]', -1],
    ]);
  });

  it.each([
    ['NaN', [{ user: { score: Number.NaN } }]],
    ['Infinity', [{ score: Number.POSITIVE_INFINITY }]],
    ['NaN in an array', [{ v: [1, Number.NaN] }]],
    ['a string in an array', [{ v: [1, 'a'] }]],
    ['nesting too deep', [{ user: { profile: { tier: 'gold' } } }]],
    ['a namespace with a space', [{ 'my ns': { a: 1 } }]],
  ])('rejects %s with PARLEY_BANDIT_FEATURE_INVALID', (_label, set) => {
    expect(() => flattenFeatures(set as unknown as FeatureSet, 'contextFeatures')).toThrow(
      expect.objectContaining({ code: 'PARLEY_BANDIT_FEATURE_INVALID', status: 400 }),
    );
  });
});

describe('Featurizer', () => {
  it('adds shared x action crosses only for the chosen namespace pairs', () => {
    const context: FeatureSet = [{ user: { tier: 'gold', device: 'mobile' } }, { geo: { region: 'eu' } }];
    const action = { id: 'a', features: [{ look: { layout: 'grid' } }] };
    const all = new Featurizer({ bits: 18 });
    const some = new Featurizer({ bits: 18, interactions: [['user', 'look']] });
    const none = new Featurizer({ bits: 18, interactions: [] });
    const size = (f: Featurizer): number => f.vector(f.parseContext(context), action).index.length;
    // constant + 3 context + 1 look + 1 id = 6 linear; crosses: 3 x 2 = 6 for '*', 2 x 1 = 2 for user x look
    expect(size(none)).toBe(6);
    expect(size(some)).toBe(8);
    expect(size(all)).toBe(12);
  });

  it('keeps every index inside the hash space', () => {
    const f = new Featurizer({ bits: 6 });
    const v = f.vector(f.parseContext([{ a: 'x', b: 2 }]), { id: 'z', features: [{ c: 'y' }] });
    expect(v.index.every((i) => i >= 0 && i < 64)).toBe(true);
  });
});
