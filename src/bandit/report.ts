import { toLoggedExample } from './logged-decision.js';
import { championChallenger, defaultCandidates, type ChampionChallengerReport } from './ope/champion-challenger.js';
import type { DecisionHead, LoggedDecision, LoggedExample } from './port.js';

export interface BanditReportOptions {
  /** Width of a time bucket (default one hour). */
  bucketMs?: number;
  /** Candidate policies of the offline evaluation: 'quick' (uniform, baseline, default) or 'all'. */
  candidates?: 'quick' | 'all';
  /** Most recent rewarded decisions the offline evaluation replays (default 2,000: it runs on request). */
  maxEvaluated?: number;
  now: number;
}

export interface VariantBucket {
  /** Bucket start, ISO 8601. */
  from: string;
  decisions: number;
  /** Decisions whose reward is known (received, or the default after the window). */
  rewarded: number;
  /** Mean reward of the rewarded ones; null when none. */
  meanReward: number | null;
}

/** What a dashboard reads (GET /v1/bandit/report). */
export interface BanditReport {
  model: string;
  generatedAt: string;
  decisions: number;
  /** Per variant (action id), reward over time, oldest bucket first. */
  variants: Array<{ variant: string; decisions: number; meanReward: number | null; buckets: VariantBucket[] }>;
  /** Off-policy evaluation of candidate policies on the rewarded decisions; null when there are none. */
  offline: (ChampionChallengerReport & { evaluatedAt: string }) | null;
}

/**
 * Reward over time per variant and a champion/challenger evaluation, from decisions already read
 * (the caller bounds how many). Only decisions read with their features are evaluated offline:
 * the caller reads features for the ones it wants evaluated. Pure: the same decisions give the
 * same report.
 */
export function banditReport(model: string, decisions: ReadonlyArray<DecisionHead | LoggedDecision>, options: BanditReportOptions): BanditReport {
  const bucketMs = options.bucketMs ?? 3_600_000;
  const byVariant = new Map<string, Map<number, { decisions: number; rewarded: number; sum: number }>>();
  for (const d of decisions) {
    const start = Math.floor(d.decidedAt.getTime() / bucketMs) * bucketMs;
    let buckets = byVariant.get(d.chosenActionId);
    if (buckets === undefined) byVariant.set(d.chosenActionId, (buckets = new Map()));
    const bucket = buckets.get(start) ?? { decisions: 0, rewarded: 0, sum: 0 };
    bucket.decisions += 1;
    if (d.reward !== null) {
      bucket.rewarded += 1;
      bucket.sum += d.reward;
    }
    buckets.set(start, bucket);
  }
  const variants = [...byVariant.entries()]
    .map(([variant, buckets]) => {
      const rows = [...buckets.entries()].sort(([a], [b]) => a - b);
      const totals = rows.reduce((t, [, b]) => ({ decisions: t.decisions + b.decisions, rewarded: t.rewarded + b.rewarded, sum: t.sum + b.sum }), { decisions: 0, rewarded: 0, sum: 0 });
      return {
        variant,
        decisions: totals.decisions,
        meanReward: totals.rewarded > 0 ? totals.sum / totals.rewarded : null,
        buckets: rows.map(([from, b]) => ({ from: new Date(from).toISOString(), decisions: b.decisions, rewarded: b.rewarded, meanReward: b.rewarded > 0 ? b.sum / b.rewarded : null })),
      };
    })
    .sort((a, b) => a.variant.localeCompare(b.variant));
  // Oldest first: progressive validation replays the log in the order it was learned.
  const examples = decisions
    .filter((d): d is LoggedDecision => 'contextJson' in d)
    .sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime())
    .map(toLoggedExample)
    .filter((e): e is LoggedExample => e !== undefined)
    .slice(-(options.maxEvaluated ?? 2000));
  const all = defaultCandidates();
  const candidates = options.candidates === 'all' ? all : all.filter((c) => ['uniform', 'baseline', 'default'].includes(c.name));
  const offline = examples.length === 0 ? null : { ...championChallenger(examples, candidates), evaluatedAt: new Date(options.now).toISOString() };
  return { model, generatedAt: new Date(options.now).toISOString(), decisions: decisions.length, variants, offline };
}
