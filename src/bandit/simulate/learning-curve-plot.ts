/**
 * The learning curve of `parley bandit simulate --plot`: per segment of rounds, the policy's mean
 * reward over the oracle's (1 is choosing as well as a policy that knows the click model).
 */
import type { PlotSpec } from '../../shared/plot-svg.js';
import type { SimulationResult } from './runner.js';

export function learningCurvePlot(result: SimulationResult, policy: string): PlotSpec {
  const points = result.curve.map((ratio, i) => ({ rounds: Math.round(((i + 1) * result.rounds) / result.curve.length), ratio }));
  return {
    title: {
      text: `Bandit policy ${policy}: reward over the oracle's`,
      subtitle: [`${result.rounds} rounds; last tenth ${result.ratio.toFixed(3)}, mean reward ${result.meanReward.toFixed(4)} (oracle ${result.oracleReward.toFixed(4)})`, 'each point: the mean of its stretch of rounds; dashed: the oracle'],
    },
    width: 480,
    height: 300,
    layer: [
      { data: { values: [{ y: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: points },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'rounds', type: 'quantitative', title: 'rounds' },
          y: { field: 'ratio', type: 'quantitative', title: "reward / oracle's reward", scale: { domain: [0, 1.05] } },
        },
      },
    ],
  };
}
