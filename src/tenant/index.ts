/**
 * The demo tenant behind `parley seed`: a seeded, reproducible catalogue, customers with latent
 * tastes, a year of interactions and the orders they made.
 */
export { CATEGORIES, BRANDS, type CategoryVocabulary } from './vocabulary.js';
export {
  DEFAULT_REFERENCE_DATE,
  DEFAULT_INTERACTIONS_PER_CUSTOMER,
  MIN_ITEMS_PER_CATEGORY,
  resolveTenantOptions,
  type TenantOptions,
  type ResolvedTenantOptions,
} from './tenant-options.js';
/** Pure: the same options always give the same documents; see generate-tenant.ts. */
export { generateTenant, type Tenant } from './generate-tenant.js';
/** Writes a generated tenant through the Store port in batches of ~1000. */
export { seedTenant, isTenantSeeded, type SeedTenantOptions, type SeedSummary, type SeedProgress, type SeedPhase } from './seed-tenant.js';
