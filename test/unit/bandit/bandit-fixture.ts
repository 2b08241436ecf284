import type { BanditAction, FeatureSet, LoggedExample } from '../../../src/bandit/index.js';
import { SeededRandom } from '../../../src/bandit/index.js';

export const ACTIONS: BanditAction[] = [
  { id: 'resp-apology', features: [{ style: { tone: 'formal', length: 'short' } }] },
  { id: 'resp-upsell', features: [{ style: { tone: 'friendly', items: 3 } }] },
  { id: 'resp-question', features: [{ style: { tone: 'playful' } }] },
  { id: 'resp-cards', features: [{ style: { tone: 'friendly', items: 5 } }] },
];

export const CONTEXT: FeatureSet = [{ user: { tier: 'gold', device: 'mobile' } }, { hour: 9 }];

/**
 * A synthetic logged world with known truth: two context types, a click probability table, and a
 * logging policy that favours action 0. Values of any target policy follow from the table exactly.
 */
export const TRUE_CLICK = [
  [0.1, 0.5, 0.2, 0.3],
  [0.6, 0.1, 0.2, 0.4],
];
export const LOGGING = [0.55, 0.15, 0.15, 0.15];

export function syntheticLog(n: number, seed: number): LoggedExample[] {
  const random = new SeededRandom(seed);
  const out: LoggedExample[] = [];
  for (let i = 0; i < n; i++) {
    const type = random.next() < 0.5 ? 0 : 1;
    let u = random.next();
    let chosen = 0;
    while (chosen < LOGGING.length - 1 && u >= (LOGGING[chosen] ?? 0)) u -= LOGGING[chosen++] ?? 0;
    const click = random.next() < (TRUE_CLICK[type]?.[chosen] ?? 0) ? 1 : 0;
    out.push({
      context: [{ user: { type: type === 0 ? 'new' : 'returning' } }],
      actions: ACTIONS,
      chosen: ACTIONS[chosen]?.id ?? '',
      probability: LOGGING[chosen] ?? 1,
      reward: click,
    });
  }
  return out;
}

/** True value of a policy that plays pi[type][action]. */
export function trueValue(pi: number[][]): number {
  let v = 0;
  for (let t = 0; t < 2; t++) for (let a = 0; a < 4; a++) v += 0.5 * (pi[t]?.[a] ?? 0) * (TRUE_CLICK[t]?.[a] ?? 0);
  return v;
}
