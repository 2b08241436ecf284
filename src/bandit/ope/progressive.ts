import { isParleyError, ValidationError } from '../../shared/errors.js';
import { Featurizer, type SparseVector } from '../features.js';
import { LinearRegressor } from '../learners/linear-regressor.js';
import type { BanditModel } from '../model.js';
import type { LoggedExample } from '../port.js';
import { OpeAccumulator, type OpeResult } from './estimators.js';

/**
 * The policy being evaluated: uniform random, the baseline (always the first action), or a model,
 * either frozen (a snapshot) or learning as it goes (progressive validation: each example is
 * scored before the model learns from it, so every estimate is on data the model has not seen).
 */
export type TargetPolicy =
  | { kind: 'uniform' }
  | { kind: 'baseline' }
  | { kind: 'model'; model: BanditModel; isLearning: boolean };

export interface EvaluationOptions {
  /** Hash bits of the DR/DM reward model (default 18). */
  rewardModelBits?: number;
  /** Learning rate of the DR/DM reward model (default 0.1). */
  rewardModelLearningRate?: number;
}

/**
 * Evaluates a target policy on a log. The reward model for DM/DR is itself learned progressively
 * (squared loss on the logged action), so DR stays unbiased: rhat never saw the example it corrects.
 */
export function evaluatePolicy(examples: Iterable<LoggedExample>, target: TargetPolicy, options: EvaluationOptions = {}): OpeResult {
  const featurizer = new Featurizer({ bits: options.rewardModelBits ?? 18 });
  const rewardModel = new LinearRegressor({ bits: featurizer.bits, learningRate: options.rewardModelLearningRate ?? 0.1 });
  const accumulator = new OpeAccumulator();
  let line = 0;
  for (const example of examples) {
    line += 1;
    try {
      const logged = example.actions.findIndex((a) => a.id === example.chosen);
      const context = featurizer.parseContext(example.context);
      const rewardVectors = featurizer.vectors(context, example.actions);
      const pi = targetDistribution(target, example);
      let directMethod = 0;
      const predicted = rewardVectors.map((x) => rewardModel.predict(x));
      pi.forEach((p, i) => {
        directMethod += p * (predicted[i] ?? 0);
      });
      accumulator.add({
        weight: (pi[logged] ?? 0) / example.probability,
        reward: example.reward,
        directMethod,
        predictedLogged: predicted[logged] ?? 0,
      });
      rewardModel.update(rewardVectors[logged] as SparseVector, example.reward);
      if (target.kind === 'model' && target.isLearning) learnFrom(target.model, example, logged);
    } catch (error) {
      if (isParleyError(error)) throw new ValidationError(error.code, `log example ${line}: ${error.message}`, { cause: error });
      throw error;
    }
  }
  return accumulator.result();
}

/** pi(. | x) over the example's actions. */
function targetDistribution(target: TargetPolicy, example: LoggedExample): Float64Array {
  const k = example.actions.length;
  if (target.kind === 'uniform') return new Float64Array(k).fill(1 / k);
  if (target.kind === 'baseline') {
    const pi = new Float64Array(k);
    pi[0] = 1;
    return pi;
  }
  const { model } = target;
  return model.distribution(model.vectors(model.parseContext(example.context), example.actions));
}

function learnFrom(model: BanditModel, example: LoggedExample, logged: number): void {
  const vectors = model.vectors(model.parseContext(example.context), example.actions);
  model.learn(vectors, logged, example.probability, example.reward);
}
