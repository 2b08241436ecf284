import type { Customer, Device, LoyaltyTier } from '../store/port.js';
import { CATEGORY_WORDS } from './catalogue-words.js';
import { LOCALES, type LocaleGeography } from './geography.js';
import { FIRST_NAMES, LAST_NAMES } from './names.js';
import type { Random } from './random.js';
import { BRANDS, CATEGORIES } from './vocabulary.js';
import { pickWeighted } from './weighted-sampler.js';

const DAY_MS = 86_400_000;
const MEMBERSHIP_SPAN_DAYS = 3 * 365;
const NEW_MEMBER_DAYS = 30;
const NEW_MEMBER_SHARE = 0.04;
/** Dirichlet concentration per unit of category weight: well below 1, so tastes are sparse. */
const TASTE_ALPHA = 0.2;
/** Log-normal spread of activity: a few customers do a large share of all sessions. */
const ACTIVITY_SIGMA = 1.2;
const MAX_PRICE_SENSITIVITY = 3;
/** Price sensitivities are quantized so the item chooser can share per-level tables. */
const PRICE_SENSITIVITY_STEP = 0.25;

const DEVICES: ReadonlyArray<{ device: Device; weight: number }> = [
  { device: 'mobile', weight: 58 },
  { device: 'desktop', weight: 33 },
  { device: 'tablet', weight: 9 },
];

/** Top shares of customers by loyalty score, most exclusive first. */
const LOYALTY_CUTS: ReadonlyArray<{ tier: LoyaltyTier; share: number }> = [
  { tier: 'platinum', share: 0.04 },
  { tier: 'gold', share: 0.11 },
  { tier: 'silver', share: 0.25 },
];

/** A generated customer and the latent tastes that drive their history (never stored whole). */
export interface CustomerProfile {
  customer: Customer;
  /** Per CATEGORIES index; sums to 1 and is sparse. */
  categoryWeights: Float64Array;
  /** Per BRANDS index; 1 is neutral, favourites well above, a disliked brand below. */
  brandAffinity: Float64Array;
  /** Exponent on relative price: 0 ignores price, 2 strongly prefers cheap items; in steps of PRICE_SENSITIVITY_STEP. */
  priceSensitivity: number;
  /** Mean-1, heavy-tailed multiplier of how often the customer shops. */
  activity: number;
  utcOffsetHours: number;
}

export function customerIdOf(index: number): string {
  return `c-${String(index + 1).padStart(6, '0')}`;
}

export function generateCustomers(rng: Random, count: number, referenceDate: Date): CustomerProfile[] {
  const profiles: CustomerProfile[] = [];
  for (let i = 0; i < count; i++) profiles.push(generateCustomer(rng.fork(`customer:${i}`), i, referenceDate));
  assignLoyalty(rng.fork('loyalty'), profiles, referenceDate);
  return profiles;
}

function generateCustomer(rng: Random, index: number, referenceDate: Date): CustomerProfile {
  const region = pickWeighted(rng, LOCALES);
  const place = pickWeighted(rng, region.places);
  const name = { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
  const customerId = customerIdOf(index);
  const categoryWeights = Float64Array.from(rng.dirichlet(CATEGORIES.map((c) => TASTE_ALPHA * (CATEGORY_WORDS[c.name]?.weight ?? 1))));
  const customer: Customer = {
    customerId,
    name,
    email: emailOf(name, index),
    locale: region.locale,
    timeZone: place.timeZone,
    usualDevice: pickWeighted(rng, DEVICES).device,
    geo: { country: region.country, region: place.region, city: place.city },
    loyaltyTier: 'none',
    marketingConsent: rng.chance(consentRate(region)),
    tastes: tastesOf(categoryWeights),
    createdAt: new Date(memberSince(rng, referenceDate)),
  };
  return {
    customer,
    categoryWeights,
    brandAffinity: brandAffinity(rng),
    priceSensitivity: priceSensitivity(rng),
    activity: rng.logNormal(-(ACTIVITY_SIGMA * ACTIVITY_SIGMA) / 2, ACTIVITY_SIGMA),
    utcOffsetHours: place.utcOffsetHours,
  };
}

/** Opt-in marketing is rarer where consent must be explicit (UK GDPR). */
function consentRate(region: LocaleGeography): number {
  return region.country === 'GB' ? 0.42 : 0.58;
}

/** example.com is reserved for documentation, so demo addresses can never reach anyone. */
function emailOf(name: { first: string; last: string }, index: number): string {
  const local = `${name.first}.${name.last}`.toLowerCase().replace(/[^a-z.]/g, '');
  return `${local}.${index + 1}@example.com`;
}

function memberSince(rng: Random, referenceDate: Date): number {
  const ageDays = rng.chance(NEW_MEMBER_SHARE) ? rng.between(0, NEW_MEMBER_DAYS) : rng.between(NEW_MEMBER_DAYS, MEMBERSHIP_SPAN_DAYS);
  return Math.floor(referenceDate.getTime() - ageDays * DAY_MS);
}

/** The stored prior: categories with a non-trivial weight, heaviest first. */
function tastesOf(weights: Float64Array): Array<{ category: string; weight: number }> {
  const tastes: Array<{ category: string; weight: number }> = [];
  weights.forEach((weight, i) => {
    const rounded = Math.round(weight * 1000) / 1000;
    if (rounded >= 0.01) tastes.push({ category: CATEGORIES[i]?.name ?? '', weight: rounded });
  });
  return tastes.sort((a, b) => b.weight - a.weight);
}

/** Mean about 1, quantized so customers share the item chooser's per-level tables. */
function priceSensitivity(rng: Random): number {
  const steps = Math.round(rng.gamma(2, 0.5) / PRICE_SENSITIVITY_STEP);
  return Math.min(MAX_PRICE_SENSITIVITY, steps * PRICE_SENSITIVITY_STEP);
}

function brandAffinity(rng: Random): Float64Array {
  const affinity = new Float64Array(BRANDS.length).fill(1);
  const favourites = 1 + rng.int(3);
  for (let k = 0; k < favourites; k++) affinity[rng.int(BRANDS.length)] = 2 + rng.gamma(2, 1.5);
  if (rng.chance(0.5)) affinity[rng.int(BRANDS.length)] = 0.25;
  return affinity;
}

/** Tiers follow activity and tenure with noise, so loyal customers are mostly the busy ones. */
function assignLoyalty(rng: Random, profiles: CustomerProfile[], referenceDate: Date): void {
  const ref = referenceDate.getTime();
  const scored = profiles.map((profile, index) => {
    const tenureYears = (ref - profile.customer.createdAt.getTime()) / (365 * DAY_MS);
    return { index, score: Math.log(profile.activity) + 0.5 * Math.log(tenureYears + 0.1) + 0.4 * rng.normal() };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  let start = 0;
  for (const cut of LOYALTY_CUTS) {
    const end = start + Math.round(cut.share * profiles.length);
    for (let k = start; k < end && k < scored.length; k++) {
      const profile = profiles[scored[k]?.index ?? 0];
      if (profile) profile.customer.loyaltyTier = cut.tier;
    }
    start = end;
  }
}
