/**
 * Opens the reply bandit on the store: the decision log and snapshots in MongoDB, the latest
 * snapshot restored and later learning replayed, a sweeper on a timer, and the dashboard report.
 */
import { banditReport, LoggedBandit, type BanditReport } from '../bandit/index.js';
import type { BrandScript } from '../speech/index.js';
import type { Store } from '../store/port.js';
import { ReplyVariants } from './reply-variants.js';

export interface BanditRepliesSettings {
  model: string;
  rewardWaitMs: number;
  defaultReward: number;
  speechCostPerThousandChars: number;
  sweepMs: number;
  snapshotEvery: number;
}

export interface BanditRepliesDeps {
  store: Pick<Store, 'decisions' | 'banditModels' | 'customers'>;
  scripts: readonly BrandScript[];
  voiceProfile: string;
  settings: BanditRepliesSettings;
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
      const decisions = await deps.store.decisions.recent(settings.model, new Date(now - hours * 3_600_000), REPORT_LIMIT);
      const report = banditReport(settings.model, decisions, { now });
      cached = { key, at: now, report };
      return report;
    },
    async close() {
      stopSweeper();
      await bandit.saveSnapshot();
    },
  };
}
