import { describe, expect, it } from 'vitest';
import { Featurizer, flattenFeatures, type BanditAction, type FeatureSet } from '../../../src/bandit/index.js';

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

describe('FeatureBatch (the decide path)', () => {
  const context: FeatureSet = [{ user: { tier: 'gold', visits: 3 }, flag: true }, { session: { hour: 9 }, user: { device: 'mobile' } }, { emb: [0.5, -1] }];
  const actions: BanditAction[] = [
    { id: 'a', features: [{ look: { layout: 'grid', items: 3 } }, { look: { tone: 'warm' }, short: false }] },
    { id: 'b', features: [{ look: { layout: 'list' }, empty: {} }] },
  ];

  it.each([
    ['every namespace crossed', undefined],
    ['chosen pairs', [['user', 'look'], ['*', '#id'], ['user', 'look']] as [string, string][]],
  ])('scores and materializes exactly what vectors() gives (%s)', (_label, interactions) => {
    const f = new Featurizer({ bits: 10, interactions });
    const vectors = f.vectors(f.parseContext(context), actions);
    const weights = Float64Array.from({ length: 1024 }, (_, k) => Math.sin(k));
    const batch = f.batch(context, actions);
    const scores = batch.dot(weights, new Float64Array(2));
    vectors.forEach((x, a) => {
      let expected = 0;
      for (let i = 0; i < x.index.length; i++) expected += (weights[x.index[i] ?? 0] ?? 0) * (x.value[i] ?? 0);
      // Chosen pairs sum in the vector's order; every namespace crossed groups the crosses by action hash.
      if (interactions === undefined) expect(Math.abs((scores[a] ?? 0) - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
      else expect(scores[a]).toBe(expected);
      expect(Array.from(batch.vector(a).index)).toEqual(Array.from(x.index));
      expect(Array.from(batch.vectors()[a]?.value ?? [])).toEqual(Array.from(x.value));
    });
  });

  it.each([
    ['every namespace crossed', undefined],
    ['chosen pairs', [['user', 'look'], ['*', '#id']] as [string, string][]],
  ])('keeps an example that rebuilds the same vector after later decisions (%s)', (_label, interactions) => {
    const f = new Featurizer({ bits: 10, interactions });
    const expected = f.vectors(f.parseContext(context), actions).map((x) => ({ index: Array.from(x.index), value: Array.from(x.value) }));
    const kept = [0, 1].map((a) => f.batch(context, actions).keep(a));
    // Other decisions reuse the featurizer's buffers in between.
    f.batch([{ user: { tier: 'silver' } }, { other: { a: 1, b: 'x' } }], [...actions].reverse());
    kept.forEach((example, a) => {
      const x = f.keptVector(example);
      expect({ index: Array.from(x.index), value: Array.from(x.value) }).toEqual(expected[a]);
    });
  });

  it('featurizes an action replaced in the same array, or renamed, afresh', () => {
    const f = new Featurizer({ bits: 10 });
    const weights = Float64Array.from({ length: 1024 }, (_, k) => Math.cos(3 * k));
    const set: BanditAction[] = [...actions];
    const score = (): number[] => Array.from(f.batch(context, set).dot(weights, new Float64Array(set.length)));
    const before = score();
    set[1] = { id: 'b', features: [{ look: { layout: 'grid' } }] };
    const replaced = score();
    expect(replaced[0]).toBe(before[0]);
    expect(replaced[1]).not.toBe(before[1]);
    // The same object renamed: its cached parse (which hashed the old id into `#id`) is not reused.
    (set[1] as { id: string }).id = 'renamed';
    expect(score()[1]).not.toBe(replaced[1]);
  });

  it('scores a changed action set with its own plan', () => {
    const f = new Featurizer({ bits: 10 });
    const weights = Float64Array.from({ length: 1024 }, (_, k) => Math.cos(k));
    const other: BanditAction[] = [{ id: 'c', features: [{ look: { layout: 'grid', items: 7 } }] }, ...actions];
    for (const set of [actions, other, actions, [other[0] as BanditAction]]) {
      const scores = f.batch(context, set).dot(weights, new Float64Array(set.length));
      const vectors = f.vectors(f.parseContext(context), set);
      vectors.forEach((x, a) => {
        let expected = 0;
        for (let i = 0; i < x.index.length; i++) expected += (weights[x.index[i] ?? 0] ?? 0) * (x.value[i] ?? 0);
        expect(Math.abs((scores[a] ?? 0) - expected)).toBeLessThan(1e-12);
      });
    }
  });

  it('groups a namespace spread over several objects, and counts every feature once', () => {
    const f = new Featurizer({ bits: 18, interactions: [] });
    // constant + user (tier, visits, device) + default (flag) + session (hour) + emb[0], emb[1] = 8; action a: look (3) + default (short) + #id = 5
    expect(f.vector(f.parseContext(context), actions[0] as BanditAction).index.length).toBe(13);
    expect(f.parseContext(context).names).toEqual(['user', 'default', 'session']);
  });

  it('rejects a bad context on the decide path too', () => {
    const f = new Featurizer();
    expect(() => f.batch([{ user: { score: Number.NaN } }], actions)).toThrow(expect.objectContaining({ code: 'PARLEY_BANDIT_FEATURE_INVALID' }));
  });
});
