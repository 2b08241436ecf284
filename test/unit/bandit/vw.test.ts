import { describe, expect, it } from 'vitest';
import { flattenFeatures, fromCbAdf, toCbAdf, type LoggedExample } from '../../../src/bandit/index.js';
import { syntheticLog } from './bandit-fixture.js';

const tricky: LoggedExample = {
  context: [{ user: { tier: 'gold plus', 'device:kind': 'mobile|tablet', score: 0.25, isNew: true }, hour: 9, _secret: 'dropped' }],
  actions: [
    { id: 'resp 1', features: [{ style: { tone: 'formal' }, emb: [0.5, -1.5] }] },
    { id: 'resp=2%', features: [{ style: { tone: "it's" } }] },
  ],
  chosen: 'resp=2%',
  probability: 0.3,
  reward: 0.75,
};

const normalized = (e: LoggedExample): unknown => ({
  context: [...flattenFeatures(e.context, 'c')],
  actions: e.actions.map((a) => ({ id: a.id, features: [...flattenFeatures(a.features, 'a')] })),
  chosen: e.chosen,
  probability: e.probability,
  reward: e.reward,
});

describe('VW --cb_adf text', () => {
  it('writes shared, one line per action, the label on the chosen one (cost = -reward), a blank line', () => {
    const text = toCbAdf([syntheticLog(1, 1)[0] as LoggedExample]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^shared \|user type=/);
    expect(lines.filter((l) => /^0:-?[\d.]+:[\d.]+ \|/.test(l))).toHaveLength(1);
    expect(lines[5]).toBe('');
  });

  it('round-trips ids and features with spaces, colons, bars and equals signs', () => {
    const back = fromCbAdf(toCbAdf([tricky, ...syntheticLog(20, 2)]));
    expect(back.map(normalized)).toEqual([tricky, ...syntheticLog(20, 2)].map(normalized));
  });

  it.each([
    ['an example with no label', 'shared |u a\n|_action id=x |s b\n\n', /no labelled/],
    ['two labels in one example', 'shared |u a\n0:1:0.5 |s b\n0:1:0.5 |s c\n\n', /more than one/],
    ['a label without a probability', 'shared |u a\n0:1 |s b\n\n', /action:cost:probability/],
    ['a probability above 1', 'shared |u a\n0:1:1.5 |s b\n\n', /action:cost:probability/],
    ['an action line without a namespace', 'shared |u a\n0:1:0.5\n\n', /no namespace/],
  ])('rejects %s with PARLEY_BANDIT_VW_INVALID', (_label, text, message) => {
    expect(() => fromCbAdf(text)).toThrow(expect.objectContaining({ code: 'PARLEY_BANDIT_VW_INVALID' }));
    expect(() => fromCbAdf(text)).toThrow(message);
  });

  it('names actions by position when the file has no ids (plain VW data)', () => {
    const [e] = fromCbAdf('shared |u a\n|s x\n0:-1:0.5 |s y\n\n');
    expect(e).toMatchObject({ chosen: 'action-2', probability: 0.5, reward: 1 });
  });
});
