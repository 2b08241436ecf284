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
  /** What is counted, as the quotas page names it. */
  quota: string;
  limit: number;
  actual: number;
  /** True when an account may raise the quota (Service Quotas); the default still refuses. */
  adjustable: boolean;
}

/** The locales with the larger intent, slot, slot-type and character quotas. */
const ENGLISH_LARGE = new Set(['en_AU', 'en_GB', 'en_US']);

export const LEX_QUOTAS = {
  intentsPerLocale: { large: 1_000, other: 250, adjustable: true },
  slotsPerLocale: { large: 4_000, other: 2_000, adjustable: false },
  customSlotTypesPerLocale: { large: 250, other: 100, adjustable: false },
  slotTypeValuesPerLocale: { limit: 50_000, adjustable: false },
  utteranceCharsPerLocale: { large: 2_000_000, other: 200_000, adjustable: false },
  slotsPerIntent: { limit: 100, adjustable: false },
  sampleUtterancesPerIntent: { limit: 1_500, adjustable: true },
  sampleUtterancesPerSlot: { limit: 10, adjustable: true },
  valuesPerSlotType: { limit: 10_000, adjustable: false },
} as const;

/** The locale's counts against Lex's default build quotas; empty when it is within all of them. */
export function quotaFindings(locale: Pick<BotLocaleDefinition, 'localeId' | 'intents' | 'slotTypes'>): QuotaFinding[] {
  const large = ENGLISH_LARGE.has(locale.localeId.replace('-', '_'));
  const sized = (q: { large: number; other: number }): number => (large ? q.large : q.other);
  const findings: QuotaFinding[] = [];
  const over = (scope: QuotaScope, quota: string, limit: number, actual: number, adjustable: boolean): void => {
    if (actual > limit) findings.push({ scope, quota, limit, actual, adjustable });
  };
  const q = LEX_QUOTAS;
  const localeScope: QuotaScope = { kind: 'locale' };
  over(localeScope, 'intents per locale', sized(q.intentsPerLocale), locale.intents.length, q.intentsPerLocale.adjustable);
  over(localeScope, 'slots per locale', sized(q.slotsPerLocale), sum(locale.intents, (i) => i.slots.length), q.slotsPerLocale.adjustable);
  over(localeScope, 'custom slot types per locale', sized(q.customSlotTypesPerLocale), locale.slotTypes.length, q.customSlotTypesPerLocale.adjustable);
  over(localeScope, 'custom slot type values and synonyms per locale', q.slotTypeValuesPerLocale.limit, sum(locale.slotTypes, valueCount), q.slotTypeValuesPerLocale.adjustable);
  over(localeScope, 'characters in sample utterances per locale', sized(q.utteranceCharsPerLocale), sum(locale.intents, utteranceChars), q.utteranceCharsPerLocale.adjustable);
  for (const intent of locale.intents) {
    const scope: QuotaScope = { kind: 'intent', intent: intent.name };
    over(scope, 'slots per intent', q.slotsPerIntent.limit, intent.slots.length, q.slotsPerIntent.adjustable);
    over(scope, 'sample utterances per intent', q.sampleUtterancesPerIntent.limit, intent.sampleUtterances.length, q.sampleUtterancesPerIntent.adjustable);
    for (const slot of intent.slots) {
      over({ kind: 'slot', intent: intent.name, slot: slot.name }, 'sample utterances per slot', q.sampleUtterancesPerSlot.limit, slot.sampleUtterances.length, q.sampleUtterancesPerSlot.adjustable);
    }
  }
  for (const type of locale.slotTypes) {
    over({ kind: 'slotType', slotType: type.name }, 'values and synonyms per custom slot type', q.valuesPerSlotType.limit, valueCount(type), q.valuesPerSlotType.adjustable);
  }
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
