import type { BanditAction, FeatureSet } from '../port.js';
import { gaussian, SeededRandom, type Random } from '../random.js';
import { configError } from '../errors.js';

const DEVICES = ['mobile', 'desktop', 'tablet'];
const GEOS = ['na', 'eu', 'apac', 'latam', 'mea'];
const PROMOS = ['none', 'email', 'social', 'search'];
const TIERS = ['none', 'silver', 'gold', 'platinum'];
const LAYOUTS = ['grid', 'list', 'carousel', 'hero'];
const TONES = ['friendly', 'formal', 'playful'];

/** One visitor: the four context attributes, as indices into the tables above. */
export interface LayoutsContext {
  device: number;
  geo: number;
  promo: number;
  tier: number;
}

/**
 * The layouts environment: visitors (device, geo, promo referrer, loyalty tier) see one of K response
 * variants (layout, number of items, tone). A hidden logistic click model, drawn from the env seed,
 * gives each (context, variant) a click probability; the oracle knows it, the policy does not.
 */
export class LayoutsEnvironment {
  readonly actions: BanditAction[];
  private readonly base: number;
  /** [attribute][value][variant] interaction weights, plus a per-variant bias. */
  private readonly weights: number[][][];
  private readonly variantBias: number[];

  constructor(variants = 8, seed = 7) {
    if (!Number.isInteger(variants) || variants < 5 || variants > 10) throw configError('layouts env needs 5 to 10 variants');
    const random = new SeededRandom(seed);
    this.actions = Array.from({ length: variants }, (_, v) => ({
      id: `variant-${v}`,
      features: [{ look: { layout: LAYOUTS[v % LAYOUTS.length] ?? 'grid', items: 1 + 2 * (v % 3), tone: TONES[v % TONES.length] ?? 'friendly' } }],
    }));
    this.base = -2;
    this.variantBias = Array.from({ length: variants }, () => 0.3 * gaussian(random));
    this.weights = [DEVICES, GEOS, PROMOS, TIERS].map((table) =>
      table.map(() => Array.from({ length: variants }, () => 0.5 * gaussian(random))),
    );
  }

  sampleContext(random: Random): LayoutsContext {
    const pick = (n: number): number => Math.min(n - 1, Math.floor(random.next() * n));
    return { device: pick(DEVICES.length), geo: pick(GEOS.length), promo: pick(PROMOS.length), tier: pick(TIERS.length) };
  }

  features(context: LayoutsContext): FeatureSet {
    return [
      {
        user: {
          device: DEVICES[context.device] ?? '',
          geo: GEOS[context.geo] ?? '',
          promo: PROMOS[context.promo] ?? '',
          tier: TIERS[context.tier] ?? '',
        },
      },
    ];
  }

  clickProbability(context: LayoutsContext, variant: number): number {
    const values = [context.device, context.geo, context.promo, context.tier];
    let logit = this.base + (this.variantBias[variant] ?? 0);
    values.forEach((value, attribute) => {
      logit += this.weights[attribute]?.[value]?.[variant] ?? 0;
    });
    return 1 / (1 + Math.exp(-logit));
  }

  /** The best click probability any variant has for this context. */
  oracleProbability(context: LayoutsContext): number {
    let best = 0;
    for (let v = 0; v < this.actions.length; v++) best = Math.max(best, this.clickProbability(context, v));
    return best;
  }
}
