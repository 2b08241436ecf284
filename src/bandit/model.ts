import { ValidationError } from '../shared/errors.js';
import { BanditErrorCode } from './errors.js';
import { Featurizer, type FeatureBatch, type KeptExample, type ParsedContext, type SparseVector } from './features.js';
import type { BanditAction, FeatureSet } from './port.js';
import type { Policy, PolicyName, PolicyOptions } from './policies/policy.js';
import { createPolicy, defaultBits, isPolicyName } from './policies/registry.js';
import { SeededRandom } from './random.js';

/** How to build a model: the policy, its options, the featurization and the seed. */
export interface ModelConfig {
  policy: PolicyName;
  options?: PolicyOptions;
  /** Hash bits (default 18, or 8 for the ridge-based LinUCB / Thompson). */
  bits?: number;
  interactions?: readonly (readonly [string, string])[];
  seed?: number;
}

export const SNAPSHOT_FORMAT = 'parley.bandit.model';
export const SNAPSHOT_VERSION = 1;

/** Versioned plain-JSON snapshot of a model (what a models collection would store). */
export interface ModelSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  policy: PolicyName;
  options: PolicyOptions;
  bits: number;
  interactions: [string, string][];
  randomState: number;
  updates: number;
  state: unknown;
}

/** Featurizer + policy + seeded random: everything needed to decide and learn on raw features. */
export class BanditModel {
  readonly policy: Policy;
  readonly featurizer: Featurizer;
  readonly random: SeededRandom;
  private readonly options: PolicyOptions;
  private updateCount: number;
  /** version() is on every decision: the string is built once per learned example, not per call. */
  private versionName: string | undefined;
  private readonly keptVectors: SparseVector[] = [];

  private constructor(config: ModelConfig, randomState: number, updates: number, state?: unknown) {
    if (!isPolicyName(config.policy)) {
      throw new ValidationError(BanditErrorCode.policyUnknown, 'unknown bandit policy', { details: { policy: config.policy } });
    }
    this.options = { ...config.options };
    this.featurizer = new Featurizer({ bits: config.bits ?? defaultBits(config.policy), interactions: config.interactions });
    this.random = new SeededRandom(randomState);
    this.policy = createPolicy(config.policy, this.options, this.featurizer.bits, this.random, state);
    this.updateCount = updates;
  }

  static create(config: ModelConfig): BanditModel {
    return new BanditModel(config, config.seed ?? 1, 0);
  }

  /** Restores a snapshot; anything malformed is PARLEY_BANDIT_SNAPSHOT_INVALID. */
  static restore(snapshot: unknown): BanditModel {
    const s = snapshot as Partial<ModelSnapshot> | null;
    if (s === null || typeof s !== 'object' || s.format !== SNAPSHOT_FORMAT || s.version !== SNAPSHOT_VERSION) {
      throw new ValidationError(BanditErrorCode.snapshotInvalid, `not a ${SNAPSHOT_FORMAT} v${SNAPSHOT_VERSION} snapshot`);
    }
    try {
      const config: ModelConfig = { policy: s.policy as PolicyName, options: s.options, bits: s.bits, interactions: s.interactions };
      return new BanditModel(config, Number(s.randomState), Number(s.updates), s.state);
    } catch (error) {
      throw new ValidationError(BanditErrorCode.snapshotInvalid, 'bandit snapshot could not be restored', { cause: error });
    }
  }

  get updates(): number {
    return this.updateCount;
  }

  /** Changes with every learned example, so a decision record names the exact model that made it. */
  version(): string {
    return (this.versionName ??= `${this.policy.name}@${this.updateCount}`);
  }

  parseContext(context: FeatureSet): ParsedContext {
    return this.featurizer.parseContext(context);
  }

  vectors(context: ParsedContext, actions: readonly BanditAction[]): SparseVector[] {
    return this.featurizer.vectors(context, actions);
  }

  /**
   * The candidate actions of one decision featurized for the decide path (validated; scored without
   * materializing vectors by linear policies). Valid until this model's next batch().
   */
  batch(context: FeatureSet, actions: readonly BanditAction[]): FeatureBatch {
    return this.featurizer.batch(context, actions);
  }

  distribution(vectors: readonly SparseVector[]): Float64Array {
    return this.policy.distribution(vectors);
  }

  /** distribution(batch.vectors()) (up to rounding), without the vectors where the policy allows. */
  distributionOf(batch: FeatureBatch): Float64Array {
    return this.policy.distributionOf(batch);
  }

  /** distributionOf(batch), possibly in the batch's own buffer: read it before the next batch(). */
  scratchDistributionOf(batch: FeatureBatch): Float64Array {
    return this.policy.scratchDistributionOf(batch);
  }

  learn(vectors: readonly SparseVector[], chosen: number, probability: number, reward: number): void {
    this.policy.learn(vectors, chosen, probability, reward);
    this.updateCount += 1;
    this.versionName = undefined;
  }

  /** learn() from an example kept at decide time (FeatureBatch.keep), on the same vector. */
  learnKept(kept: KeptExample, probability: number, reward: number): void {
    this.keptVectors[0] = this.featurizer.keptVector(kept);
    this.learn(this.keptVectors, 0, probability, reward);
  }

  snapshot(): ModelSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      policy: this.policy.name,
      options: { ...this.options },
      bits: this.featurizer.bits,
      interactions: this.featurizer.interactions.map(([a, b]) => [a, b]),
      randomState: this.random.state(),
      updates: this.updateCount,
      state: this.policy.state(),
    };
  }
}
