/**
 * How likely speaking a reply variant is served by the audio cache, learned from the replies this
 * node spoke: per (intent, variant), the share of billed characters whose audio came from the
 * cache (memory or store) rather than the speech engine, over recent replies. The bandit's reward
 * charges a variant for speaking it by the characters it would bill (see reply-variants.ts), so a
 * variant whose carrier phrases are cached costs less than one whose audio is made anew.
 *
 * Recent replies weigh more (each observation decays the sums): evictions and new values change
 * the odds. An unobserved variant starts at 0 (every character billed) and a prior of
 * PRIOR_CHARACTERS billed ones keeps one short lucky reply from making it look free.
 */

/** Characters spoken by one reply: made by the speech engine, and served from the cache. */
export interface SpokenCharacters {
  synthesized: number;
  cached: number;
}

export interface SpeechCacheOddsOptions {
  /** Weight kept by past observations at each new one (0..1). */
  decay?: number;
  /** Variants tracked at most; the least recently observed is forgotten first. */
  maxVariants?: number;
}

const DEFAULT_DECAY = 0.95;
const DEFAULT_MAX_VARIANTS = 10_000;
/** Billed characters assumed before any observation: about one short reply's worth. */
const PRIOR_CHARACTERS = 100;

interface Sums {
  cached: number;
  total: number;
}

export class SpeechCacheOdds {
  readonly #decay: number;
  readonly #maxVariants: number;
  /** Least recently observed first. */
  readonly #sums = new Map<string, Sums>();

  constructor(options: SpeechCacheOddsOptions = {}) {
    const decay = options.decay ?? DEFAULT_DECAY;
    const maxVariants = options.maxVariants ?? DEFAULT_MAX_VARIANTS;
    if (!(decay > 0 && decay <= 1)) throw new RangeError(`decay must be in (0, 1], got ${decay}`);
    if (!(Number.isInteger(maxVariants) && maxVariants > 0)) throw new RangeError(`maxVariants must be a positive integer, got ${maxVariants}`);
    this.#decay = decay;
    this.#maxVariants = maxVariants;
  }

  /** 0..1: the expected share of the variant's billed characters the cache serves. */
  likelihood(intent: string, variant: string): number {
    const sums = this.#sums.get(keyOf(intent, variant));
    return sums === undefined ? 0 : sums.cached / (sums.total + PRIOR_CHARACTERS);
  }

  /** One spoken reply of the variant; counts that are not finite and non-negative are ignored. */
  observe(intent: string, variant: string, spoken: SpokenCharacters): void {
    const { synthesized, cached } = spoken;
    if (!(isCount(synthesized) && isCount(cached)) || synthesized + cached === 0) return;
    const key = keyOf(intent, variant);
    const sums = this.#sums.get(key) ?? { cached: 0, total: 0 };
    this.#sums.delete(key);
    this.#sums.set(key, { cached: sums.cached * this.#decay + cached, total: sums.total * this.#decay + synthesized + cached });
    if (this.#sums.size > this.#maxVariants) this.#sums.delete(this.#sums.keys().next().value as string);
  }
}

function keyOf(intent: string, variant: string): string {
  return `${intent}\n${variant}`;
}

function isCount(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}
