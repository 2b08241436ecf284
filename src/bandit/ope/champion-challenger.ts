import { DEFAULT_MODEL_CONFIG } from '../defaults.js';
import { BanditModel, type ModelConfig } from '../model.js';
import type { LoggedExample } from '../port.js';
import { standardError } from './estimators.js';
import { evaluatePolicy, type TargetPolicy } from './progressive.js';

/** A candidate: uniform, baseline, or a model config learned progressively from the log. */
export interface Candidate {
  name: string;
  target: 'uniform' | 'baseline' | ModelConfig;
}

export interface CandidateRow {
  name: string;
  ips: number;
  snips: number;
  dr: number;
  ciLow: number;
  ciHigh: number;
  /** True when the candidate's lower bound clears the champion's upper bound. */
  beatsChampion: boolean;
}

export interface ChampionChallengerReport {
  n: number;
  /** The logging policy's own observed mean reward, with its 95% interval. */
  champion: { name: string; value: number; ciLow: number; ciHigh: number };
  /** Candidates, best DR estimate first. */
  challengers: CandidateRow[];
  best: string;
}

/** Candidate policies and exploration settings compared by default. */
export function defaultCandidates(seed = 1): Candidate[] {
  const model = (name: string, config: ModelConfig): Candidate => ({ name, target: { ...config, seed } });
  return [
    { name: 'uniform', target: 'uniform' },
    { name: 'baseline', target: 'baseline' },
    model('default', DEFAULT_MODEL_CONFIG),
    model('epsilon-greedy(0.01)', { policy: 'epsilon-greedy', options: { epsilon: 0.01 } }),
    model('epsilon-greedy(0.05)', { policy: 'epsilon-greedy', options: { epsilon: 0.05 } }),
    model('epsilon-greedy(0.2)', { policy: 'epsilon-greedy', options: { epsilon: 0.2 } }),
    model('softmax(10)', { policy: 'softmax', options: { inverseTemperature: 10 } }),
    model('square-cb(vw-defaults)', { policy: 'square-cb' }),
    model('bagging(5)', { policy: 'bagging', options: { bags: 5 } }),
    model('lin-ucb(0.5)', { policy: 'lin-ucb', options: { alpha: 0.5 } }),
    model('linear-thompson', { policy: 'linear-thompson' }),
  ];
}

export function toTarget(target: Candidate['target']): TargetPolicy {
  if (target === 'uniform' || target === 'baseline') return { kind: target };
  return { kind: 'model', model: BanditModel.create(target), isLearning: true };
}

/**
 * Champion/challenger on logged data: the champion is the logging policy (its observed reward);
 * each challenger is estimated off-policy with progressive validation.
 */
export function championChallenger(examples: readonly LoggedExample[], candidates: readonly Candidate[] = defaultCandidates()): ChampionChallengerReport {
  let sum = 0;
  let sumSquares = 0;
  for (const e of examples) {
    sum += e.reward;
    sumSquares += e.reward * e.reward;
  }
  const n = examples.length;
  const value = n > 0 ? sum / n : 0;
  const half = 1.96 * standardError(sum, sumSquares, n);
  const champion = { name: 'logged', value, ciLow: value - half, ciHigh: value + half };
  const challengers = candidates.map((c): CandidateRow => {
    const r = evaluatePolicy(examples, toTarget(c.target));
    return { name: c.name, ips: r.ips, snips: r.snips, dr: r.dr, ciLow: r.ciLow, ciHigh: r.ciHigh, beatsChampion: r.ciLow > champion.ciHigh };
  });
  challengers.sort((a, b) => b.dr - a.dr);
  return { n, champion, challengers, best: challengers[0]?.name ?? 'logged' };
}
