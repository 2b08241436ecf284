import { BanditModel, type ModelConfig } from '../model.js';
import { SeededRandom, sampleIndex } from '../random.js';
import { LayoutsEnvironment } from './layouts-env.js';

export interface SimulationOptions {
  rounds: number;
  /** A config (a fresh model is built) or a model to keep training (its snapshot can be saved). */
  model: ModelConfig | BanditModel;
  /** Seed of the visitors and clicks (the policy has its own in `model.seed`). */
  seed?: number;
  variants?: number;
  /** Points in the learning curve (default 10). */
  curvePoints?: number;
}

/**
 * Simulation result. Rewards are expected click probabilities of the chosen variants (not the
 * sampled clicks) so the ratio is not buried in Bernoulli noise; `clickRate` is the sampled one.
 */
export interface SimulationResult {
  meanReward: number;
  oracleReward: number;
  /** Mean reward of the last 10% of rounds over the oracle's in the same rounds. */
  ratio: number;
  /** Per segment of rounds: mean reward over oracle reward. */
  curve: number[];
  clickRate: number;
  rounds: number;
}

/** Runs the policy against the layouts environment, learning online from each sampled click. */
export function simulate(options: SimulationOptions): SimulationResult {
  const rounds = Math.max(1, Math.floor(options.rounds));
  const env = new LayoutsEnvironment(options.variants ?? 8, (options.seed ?? 1) + 1000);
  const world = new SeededRandom(options.seed ?? 1);
  const model = options.model instanceof BanditModel ? options.model : BanditModel.create(options.model);
  const points = options.curvePoints ?? 10;
  const segment = new Float64Array(points);
  const segmentOracle = new Float64Array(points);
  const tailStart = rounds - Math.max(1, Math.floor(rounds / 10));
  let total = 0;
  let oracleTotal = 0;
  let tail = 0;
  let tailOracle = 0;
  let clicks = 0;
  for (let t = 0; t < rounds; t++) {
    const context = env.sampleContext(world);
    const vectors = model.vectors(model.parseContext(env.features(context)), env.actions);
    const probabilities = model.distribution(vectors);
    const chosen = sampleIndex(probabilities, model.random);
    const expected = env.clickProbability(context, chosen);
    const oracle = env.oracleProbability(context);
    const click = world.next() < expected ? 1 : 0;
    model.learn(vectors, chosen, probabilities[chosen] ?? 1, click);
    total += expected;
    oracleTotal += oracle;
    clicks += click;
    const s = Math.min(points - 1, Math.floor((t * points) / rounds));
    segment[s] = (segment[s] ?? 0) + expected;
    segmentOracle[s] = (segmentOracle[s] ?? 0) + oracle;
    if (t >= tailStart) {
      tail += expected;
      tailOracle += oracle;
    }
  }
  return {
    meanReward: total / rounds,
    oracleReward: oracleTotal / rounds,
    ratio: tailOracle > 0 ? tail / tailOracle : 0,
    curve: Array.from(segment, (v, i) => round4(v / (segmentOracle[i] || 1))),
    clickRate: clicks / rounds,
    rounds,
  };
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
