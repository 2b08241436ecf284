/**
 * Opens the reply bandit on the store: the decision log and snapshots in MongoDB, the latest
 * snapshot restored and later learning replayed, a sweeper on a timer, and the dashboard report.
 */
import { banditReport, LoggedBandit, type BanditReport } from '../bandit/index.js';
import type { BanditSettings } from '../config.js';
import type { BrandScript } from '../speech/index.js';
import type { DecisionRepository, Store, StoredDecisionHead, StoredDecision } from '../store/port.js';
import { ReplyVariants } from './reply-variants.js';
import type { SpeechCacheOdds } from './speech-cache-odds.js';

/** The bandit's configuration (config.ts documents each setting); whether it is on is the caller's. */
export type BanditRepliesSettings = Omit<BanditSettings, 'enabled'>;

export interface BanditRepliesDeps {
  store: Pick<Store, 'decisions' | 'banditModels' | 'customers'>;
  scripts: readonly BrandScript[];
  voiceProfile: string;
  settings: BanditRepliesSettings;
  /** Learned from the replies spoken (ReplySpeech observes); none: every character counts as billed. */
  cacheOdds?: Pick<SpeechCacheOdds, 'likelihood'>;
  onError?: (error: unknown, what: string) => void;
  clock?: () => number;
}

export interface BanditReplies {
  bandit: LoggedBandit;
  replies: ReplyVariants;
  /** Reward over time per variant (last `hours`) and an offline evaluation of the same decisions. */
  report(options?: { hours?: number }): Promise<BanditReport>;
  /** Stops the sweeper and saves a snapshot of what this node learned. */
  close(): Promise<void>;
}

/** Decisions a report reads at most: it runs on request, so it stays bounded. */
const REPORT_LIMIT = 5000;
/** Newest rewarded decisions the offline evaluation replays; only their features are read. */
const EVALUATED = 2000;
/** Feature documents read at once for the report (`_id` reads). */
const FEATURE_READS = 32;
/** The offline evaluation is recomputed at most this often. */
const EVALUATION_TTL_MS = 60_000;

export async function openBanditReplies(deps: BanditRepliesDeps): Promise<BanditReplies> {
  const { settings } = deps;
  const clock = deps.clock ?? Date.now;
  const bandit = await LoggedBandit.open({
    name: settings.model,
    log: deps.store.decisions,
    models: deps.store.banditModels,
    rewardWaitMs: settings.rewardWaitMs,
    defaultReward: settings.defaultReward,
    snapshotEvery: settings.snapshotEvery,
    clock,
    ...(deps.onError === undefined ? {} : { onError: deps.onError }),
  });
  const replies = new ReplyVariants({
    bandit,
    scripts: deps.scripts,
    voiceProfile: deps.voiceProfile,
    customers: deps.store.customers,
    costPerThousandChars: settings.speechCostPerThousandChars,
    ...(deps.cacheOdds === undefined ? {} : { cacheOdds: deps.cacheOdds }),
    ...(deps.onError === undefined ? {} : { onError: deps.onError }),
  });
  const stopSweeper = bandit.startSweeper(settings.sweepMs);
  let cached: { key: string; at: number; report: BanditReport } | undefined;
  return {
    bandit,
    replies,
    async report(options = {}) {
      const hours = Math.min(24 * 30, Math.max(1, Math.floor(options.hours ?? 24)));
      const now = clock();
      const key = String(hours);
      if (cached !== undefined && cached.key === key && now - cached.at < EVALUATION_TTL_MS) return cached.report;
      const heads = await deps.store.decisions.recent(settings.model, new Date(now - hours * 3_600_000), REPORT_LIMIT);
      const decisions = await withFeatures(deps.store.decisions, heads, EVALUATED);
      const report = banditReport(settings.model, decisions, { now, maxEvaluated: EVALUATED });
      cached = { key, at: now, report };
      return report;
    },
    async close() {
      stopSweeper();
      await bandit.saveSnapshot();
    },
  };
}

/** Heads (newest first) with the features of the newest `limit` rewarded, activated ones joined by `_id`. */
async function withFeatures(log: Pick<DecisionRepository, 'features'>, heads: StoredDecisionHead[], limit: number): Promise<Array<StoredDecisionHead | StoredDecision>> {
  const wanted = heads.filter((h) => h.reward !== null && h.activated).slice(0, limit);
  const joined = new Map<string, StoredDecision>();
  for (let i = 0; i < wanted.length; i += FEATURE_READS) {
    const batch = wanted.slice(i, i + FEATURE_READS);
    const features = await Promise.all(batch.map((h) => log.features(h.eventId)));
    batch.forEach((head, k) => {
      const f = features[k];
      if (f !== undefined && f !== null) joined.set(head.eventId, { ...head, ...f });
    });
  }
  return heads.map((h) => joined.get(h.eventId) ?? h);
}
