/**
 * Lex V2's build-time quotas that a bot definition itself can exceed (the Lex V2 developer guide,
 * "Guidelines and quotas"). A bot over one loads in the local engine, so without this check a team
 * would learn of it only when Lex refused to build the deployed bot. Quotas that an account can
 * raise (`adjustable`) are warnings; the others are errors.
 */
import type { BotLocaleDefinition, IntentDefinition, SlotTypeDefinition } from './bot-model.js';

/** Where a finding is: the locale as a whole, one intent, one of its slots, or one slot type. */
export type QuotaScope =
  | { kind: 'locale' }
  | { kind: 'intent'; intent: string }
  | { kind: 'slot'; intent: string; slot: string }
  | { kind: 'slotType'; slotType: string };

export interface QuotaFinding {
  scope: QuotaScope;
  key: keyof typeof LEX_QUOTAS;
  /** What is counted, as the quotas page names it. */
  quota: string;
  limit: number;
  actual: number;
  /** True when an account may raise the quota (Service Quotas); the default still refuses. */
  adjustable: boolean;
}

/** The locales with the larger intent, slot, slot-type and character quotas. */
const ENGLISH_LARGE = new Set(['en_AU', 'en_GB', 'en_US']);

/** Each quota: its name on the quotas page, its default (`large` in ENGLISH_LARGE), and whether it can be raised. */
export const LEX_QUOTAS = {
  intentsPerLocale: { name: 'intents per locale', large: 1_000, other: 250, adjustable: true },
  slotsPerLocale: { name: 'slots per locale', large: 4_000, other: 2_000, adjustable: false },
  customSlotTypesPerLocale: { name: 'custom slot types per locale', large: 250, other: 100, adjustable: false },
  slotTypeValuesPerLocale: { name: 'custom slot type values and synonyms per locale', limit: 50_000, adjustable: false },
  utteranceCharsPerLocale: { name: 'characters in sample utterances per locale', large: 2_000_000, other: 200_000, adjustable: false },
  slotsPerIntent: { name: 'slots per intent', limit: 100, adjustable: false },
  sampleUtterancesPerIntent: { name: 'sample utterances per intent', limit: 1_500, adjustable: true },
  sampleUtterancesPerSlot: { name: 'sample utterances per slot', limit: 10, adjustable: true },
  valuesPerSlotType: { name: 'values and synonyms per custom slot type', limit: 10_000, adjustable: false },
} as const;

/** The locale's counts against Lex's default build quotas; empty when it is within all of them. */
export function quotaFindings(locale: Pick<BotLocaleDefinition, 'localeId' | 'intents' | 'slotTypes'>): QuotaFinding[] {
  const large = ENGLISH_LARGE.has(locale.localeId.replace('-', '_'));
  const findings: QuotaFinding[] = [];
  const over = (scope: QuotaScope, key: keyof typeof LEX_QUOTAS, actual: number): void => {
    const quota = LEX_QUOTAS[key];
    const limit = 'limit' in quota ? quota.limit : large ? quota.large : quota.other;
    if (actual > limit) findings.push({ scope, key, quota: quota.name, limit, actual, adjustable: quota.adjustable });
  };
  const localeScope: QuotaScope = { kind: 'locale' };
  over(localeScope, 'intentsPerLocale', locale.intents.length);
  over(localeScope, 'slotsPerLocale', sum(locale.intents, (i) => i.slots.length));
  over(localeScope, 'customSlotTypesPerLocale', locale.slotTypes.length);
  over(localeScope, 'slotTypeValuesPerLocale', sum(locale.slotTypes, valueCount));
  over(localeScope, 'utteranceCharsPerLocale', sum(locale.intents, utteranceChars));
  for (const intent of locale.intents) {
    const scope: QuotaScope = { kind: 'intent', intent: intent.name };
    over(scope, 'slotsPerIntent', intent.slots.length);
    over(scope, 'sampleUtterancesPerIntent', intent.sampleUtterances.length);
    for (const slot of intent.slots) over({ kind: 'slot', intent: intent.name, slot: slot.name }, 'sampleUtterancesPerSlot', slot.sampleUtterances.length);
  }
  for (const type of locale.slotTypes) over({ kind: 'slotType', slotType: type.name }, 'valuesPerSlotType', valueCount(type));
  return findings;
}

/** One line for a finding, e.g. for a CLI warning. */
export function describeQuotaFinding(f: QuotaFinding): string {
  const where = f.scope.kind === 'intent' ? `intent ${f.scope.intent}: `
    : f.scope.kind === 'slot' ? `slot ${f.scope.slot} of intent ${f.scope.intent}: `
      : f.scope.kind === 'slotType' ? `slot type ${f.scope.slotType}: ` : '';
  const consequence = f.adjustable ? 'raise the quota for the account (Service Quotas) before deploying' : 'Lex will not build this locale';
  return `${where}${f.actual.toLocaleString('en-US')} ${f.quota}, over Lex's ${f.adjustable ? 'default ' : ''}quota of ${f.limit.toLocaleString('en-US')}; ${consequence}`;
}

function valueCount(type: SlotTypeDefinition): number {
  return sum(type.values, (v) => 1 + v.synonyms.length);
}

function utteranceChars(intent: IntentDefinition): number {
  return sum(intent.sampleUtterances, (u) => u.length) + sum(intent.slots, (s) => sum(s.sampleUtterances, (u) => u.length));
}

function sum<T>(items: readonly T[], count: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += count(item);
  return total;
}
