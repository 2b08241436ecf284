import { describe, expect, it } from 'vitest';
import { banditReport, type LoggedDecision } from '../../../src/bandit/index.js';
import { rank } from '../../../src/bandit/ranking.js';

const T0 = Date.UTC(2026, 10, 28, 10);

function decision(i: number, chosen: string, reward: number | null, at: number): LoggedDecision {
  return {
    eventId: `bd-${i}`,
    model: 'm',
    scope: null,
    contextJson: JSON.stringify([{ client: { device: i % 2 === 0 ? 'mobile' : 'desktop' } }]),
    actions: ['a', 'b'].map((id) => ({ id, featuresJson: JSON.stringify([{ variant: { id } }]) })),
    excludedActions: [],
    chosenActionId: chosen,
    probability: 0.5,
    policyName: 'square-cb',
    policyVersion: `square-cb@${i}`,
    decidedAt: new Date(at),
    deadline: new Date(at + 60_000),
    activated: true,
    reward,
    rewardAt: reward === null ? null : new Date(at + 1000),
    isDefaultReward: false,
    closed: reward !== null,
    rewards: [],
    learnSeq: reward === null ? null : i,
  };
}

describe('bandit report', () => {
  it('gives reward over time per variant and an offline evaluation of the rewarded decisions', () => {
    const decisions = [
      decision(1, 'a', 1, T0),
      decision(2, 'a', 0, T0 + 10_000),
      decision(3, 'b', 1, T0 + 3_600_000),
      decision(4, 'b', null, T0 + 3_700_000),
    ];
    const report = banditReport('m', decisions, { now: T0 + 4_000_000 });
    expect(report.decisions).toBe(4);
    expect(report.variants).toEqual([
      { variant: 'a', decisions: 2, meanReward: 0.5, buckets: [{ from: new Date(T0).toISOString(), decisions: 2, rewarded: 2, meanReward: 0.5 }] },
      { variant: 'b', decisions: 2, meanReward: 1, buckets: [{ from: new Date(T0 + 3_600_000).toISOString(), decisions: 2, rewarded: 1, meanReward: 1 }] },
    ]);
    // Pending decisions are not evaluated; the champion is the logged mean reward.
    expect(report.offline?.n).toBe(3);
    expect(report.offline?.champion.value).toBeCloseTo(2 / 3, 10);
    expect(report.offline?.challengers.map((c) => c.name).sort()).toEqual(['baseline', 'default', 'uniform']);
  });

  it('has no offline evaluation before any reward', () => {
    expect(banditReport('m', [decision(1, 'a', null, T0)], { now: T0 }).offline).toBeNull();
  });

  it('ranks the chosen action first, then by probability, excluded ones last at 0', () => {
    const ranking = rank(['x', 'y', 'z', 'w'], ['x', 'y', 'z'], Float64Array.from([0.2, 0.5, 0.3]), 2);
    expect(ranking).toEqual([
      { id: 'z', probability: 0.3 },
      { id: 'y', probability: 0.5 },
      { id: 'x', probability: 0.2 },
      { id: 'w', probability: 0 },
    ]);
  });
});
