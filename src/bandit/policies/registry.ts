import { BanditErrorCode } from '../errors.js';
import type { LinearRegressorState } from '../learners/linear-regressor.js';
import type { RidgeState } from '../learners/ridge.js';
import type { Random } from '../random.js';
import { ValidationError } from '../../shared/errors.js';
import { Bagging } from './bagging.js';
import { EpsilonGreedy } from './epsilon-greedy.js';
import { LinUcb } from './lin-ucb.js';
import { LinearThompson } from './linear-thompson.js';
import type { Policy, PolicyName, PolicyOptions } from './policy.js';
import { Softmax } from './softmax.js';
import { SquareCb, type SquareCbState } from './square-cb.js';

export const POLICY_NAMES: readonly PolicyName[] = [
  'epsilon-greedy',
  'softmax',
  'lin-ucb',
  'linear-thompson',
  'bagging',
  'square-cb',
];

export function isPolicyName(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}

/** Ridge-based policies keep a dense d x d matrix, so they default to a small hash space. */
export function defaultBits(name: PolicyName): number {
  return name === 'lin-ucb' || name === 'linear-thompson' ? 8 : 18;
}

/**
 * Builds a policy, or restores it when `state` (from Policy.state(), already JSON-parsed) is given.
 * The state's shape is trusted here: model.ts checks the envelope and restore errors surface as
 * PARLEY_BANDIT_SNAPSHOT_INVALID there.
 */
export function createPolicy(name: PolicyName, options: PolicyOptions, bits: number, random: Random, state?: unknown): Policy {
  switch (name) {
    case 'epsilon-greedy':
      return new EpsilonGreedy(options, bits, state as LinearRegressorState | undefined);
    case 'softmax':
      return new Softmax(options, bits, state as LinearRegressorState | undefined);
    case 'square-cb':
      return new SquareCb(options, bits, state as SquareCbState | undefined);
    case 'bagging':
      return new Bagging(options, bits, random, state as LinearRegressorState[] | undefined);
    case 'lin-ucb':
      return new LinUcb(options, bits, state as RidgeState | undefined);
    case 'linear-thompson':
      return new LinearThompson(options, bits, random, state as RidgeState | undefined);
    default:
      throw new ValidationError(BanditErrorCode.policyUnknown, `unknown bandit policy (known: ${POLICY_NAMES.join(', ')})`);
  }
}
