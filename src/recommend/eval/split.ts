/**
 * Personalize's offline-metrics split: 10% of users are held out with all their data; for each
 * held-out user the oldest 90% of interactions is the history fed in at evaluation time and the
 * newest 10% is the ground truth. Users with fewer than 2 interactions always train.
 * Truth items already in the user's history are dropped (recommendations exclude seen items).
 */
import { seededRandom, shuffleInPlace } from '../local/random.js';
import type { UserEvent } from '../local/types.js';

export interface HeldOutUser {
  user: number;
  history: UserEvent[];
  truth: Set<number>;
}

export interface EvalSplit {
  /** Histories of the training users (held-out users' rows are empty). */
  train: UserEvent[][];
  test: HeldOutUser[];
}

export interface SplitOptions {
  testUserFraction: number;
  historyFraction: number;
  seed: number;
}

export const DEFAULT_SPLIT: SplitOptions = { testUserFraction: 0.1, historyFraction: 0.9, seed: 7 };

export function splitUsers(histories: readonly (readonly UserEvent[])[], options: SplitOptions = DEFAULT_SPLIT): EvalSplit {
  const eligible = histories.flatMap((history, user) => (history.length >= 2 ? [user] : []));
  const heldOutCount = Math.min(eligible.length, Math.max(1, Math.round(eligible.length * options.testUserFraction)));
  const heldOut = new Set(shuffleInPlace(eligible, seededRandom(options.seed)).slice(0, heldOutCount));
  const train: UserEvent[][] = [];
  const test: HeldOutUser[] = [];
  histories.forEach((history, user) => {
    if (!heldOut.has(user)) {
      train[user] = [...history];
      return;
    }
    train[user] = [];
    const cut = Math.min(history.length - 1, Math.max(1, Math.round(history.length * options.historyFraction)));
    const past = history.slice(0, cut);
    const seen = new Set(past.map((e) => e.item));
    const truth = new Set(history.slice(cut).map((e) => e.item).filter((item) => !seen.has(item)));
    if (truth.size > 0) test.push({ user, history: past, truth });
  });
  return { train, test };
}
