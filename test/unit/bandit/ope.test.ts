import { describe, expect, it } from 'vitest';
import { apprenticeReport, BanditModel, championChallenger, evaluatePolicy, parseLog, parseLogLine } from '../../../src/bandit/index.js';
import { ACTIONS, syntheticLog, trueValue } from './bandit-fixture.js';

const log = syntheticLog(8000, 11);

describe('off-policy estimators on a synthetic log with known truth', () => {
  it('estimate the uniform policy: each estimate near the truth, relative to its interval', () => {
    const truth = trueValue([[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]]);
    const r = evaluatePolicy(log, { kind: 'uniform' });
    expect(r.n).toBe(8000);
    // 1.6 half-widths is about 3.1 standard errors: a fixed seed cannot make this flaky by luck.
    for (const [estimate, [low, high]] of [
      [r.ips, r.intervals.ips],
      [r.snips, r.intervals.snips],
      [r.dr, r.intervals.dr],
    ] as const) {
      expect(Math.abs(estimate - truth)).toBeLessThan(1.6 * ((high - low) / 2));
    }
    expect(r.meanWeight).toBeCloseTo(1, 1);
  });

  it('the 95% intervals of IPS, SNIPS and DR cover the truth in most of 30 independent logs', () => {
    const truth = trueValue([[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]]);
    const covered = { ips: 0, snips: 0, dr: 0 };
    let meanIps = 0;
    for (let seed = 100; seed < 130; seed++) {
      const r = evaluatePolicy(syntheticLog(400, seed), { kind: 'uniform' });
      meanIps += r.ips / 30;
      for (const k of ['ips', 'snips', 'dr'] as const) if (truth >= r.intervals[k][0] && truth <= r.intervals[k][1]) covered[k] += 1;
    }
    expect(covered.ips).toBeGreaterThanOrEqual(25);
    expect(covered.snips).toBeGreaterThanOrEqual(25);
    expect(covered.dr).toBeGreaterThanOrEqual(25);
    expect(Math.abs(meanIps - truth)).toBeLessThan(0.01); // unbiased: the mean over logs is close
  });

  it('estimate the baseline (first action) policy within their intervals', () => {
    const truth = trueValue([[1, 0, 0, 0], [1, 0, 0, 0]]);
    const r = evaluatePolicy(log, { kind: 'baseline' });
    expect(Math.abs(r.dr - truth)).toBeLessThan(r.ciHigh - r.dr);
    expect(Math.abs(r.ips - truth)).toBeLessThan(r.intervals.ips[1] - r.ips);
  });

  it('progressive validation rates a learned policy above uniform, below the best possible', () => {
    const best = trueValue([[0, 1, 0, 0], [1, 0, 0, 0]]);
    const learned = evaluatePolicy(log, { kind: 'model', model: BanditModel.create({ policy: 'epsilon-greedy', seed: 1 }), isLearning: true });
    const uniform = evaluatePolicy(log, { kind: 'uniform' });
    expect(learned.dr).toBeGreaterThan(uniform.ciHigh);
    expect(learned.ciLow).toBeLessThan(best);
  });

  it('champion/challenger ranks candidates and the apprentice gate opens only when proven', () => {
    const small = log.slice(0, 3000);
    const report = championChallenger(small, [
      { name: 'uniform', target: 'uniform' },
      { name: 'default', target: { policy: 'epsilon-greedy', seed: 1 } },
    ]);
    expect(report.challengers.map((c) => c.name)).toEqual(['default', 'uniform']);
    expect(report.champion.value).toBeGreaterThan(0);
    const gate = apprenticeReport(small);
    expect(gate.learner.dr).toBeGreaterThan(gate.baseline.dr);
    expect(gate.hasProvenBetter).toBe(gate.learner.ciLow > gate.baseline.ciHigh);
  });
});

describe('log lines', () => {
  const good = { context: [{ a: 1 }], actions: ACTIONS, chosen: 'resp-upsell', probability: 0.5, reward: 1 };

  it('parses a valid line', () => {
    expect(parseLogLine(JSON.stringify(good), 1).chosen).toBe('resp-upsell');
  });

  it.each([
    ['a missing probability', { ...good, probability: undefined }, /probability is missing/],
    ['a zero probability', { ...good, probability: 0 }, /probability/],
    ['an unknown chosen id', { ...good, chosen: 'nope' }, /chosen/],
    ['an empty action list', { ...good, actions: [] }, /non-empty/],
    ['a non-numeric reward', { ...good, reward: 'yes' }, /reward/],
  ])('rejects %s with PARLEY_BANDIT_LOG_INVALID naming the line', (_label, line, message) => {
    const text = `${JSON.stringify(good)}\n${JSON.stringify(line)}\n`;
    expect(() => parseLog(text)).toThrow(expect.objectContaining({ code: 'PARLEY_BANDIT_LOG_INVALID', message: expect.stringMatching(/line 2/) }));
    expect(() => parseLog(text)).toThrow(message);
  });

  it('rejects a NaN feature inside a log with its example number', () => {
    // JSON has no NaN, but 1e400 parses to Infinity.
    const text = `${JSON.stringify(good)}\n{"context":[{"a":"x"}],"actions":[{"id":"q","features":[{"w":1e400}]}],"chosen":"q","probability":1,"reward":0}`;
    const examples = parseLog(text);
    expect(() => evaluatePolicy(examples, { kind: 'uniform' })).toThrow(
      expect.objectContaining({ code: 'PARLEY_BANDIT_FEATURE_INVALID', message: expect.stringMatching(/log example 2/) }),
    );
  });
});
