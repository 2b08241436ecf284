import type { Random } from './random.js';
import { SEASON_AMPLITUDE, seasonFactor } from './seasonality.js';
import { WeightedSampler } from './weighted-sampler.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Relative shopping activity by local hour: quiet at night, a lunch bump, an evening peak. */
const LOCAL_HOUR_WEIGHTS = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4.5,
  5, 5, 4.5, 4.5, 5, 5.5, 6.5, 7.5, 8, 7, 5, 2.5,
];
const HOUR_SAMPLER = new WeightedSampler(LOCAL_HOUR_WEIGHTS);

/**
 * When a session about a category starts, between startMs and endMs: the day follows the
 * category's season (rejection sampling against the seasonal curve) and the time of day the
 * customer's local rhythm. Falls back to a uniform time if the window is too short to fit.
 */
export function sessionStart(rng: Random, peakMonth: number, startMs: number, endMs: number, utcOffsetHours: number): number {
  const span = endMs - startMs;
  for (let attempt = 0; attempt < 50; attempt++) {
    const day = startMs + rng.next() * span;
    if (rng.next() * (1 + SEASON_AMPLITUDE) > seasonFactor(peakMonth, day)) continue;
    const offsetMs = utcOffsetHours * HOUR_MS;
    const localMidnight = Math.floor((day + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
    const at = Math.floor(localMidnight + HOUR_SAMPLER.sample(rng) * HOUR_MS + rng.next() * HOUR_MS);
    if (at >= startMs && at < endMs) return at;
  }
  return Math.floor(startMs + rng.next() * span);
}
