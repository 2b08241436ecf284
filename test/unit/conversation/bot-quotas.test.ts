import { describe, expect, it } from 'vitest';
import type { IntentDefinition, SlotTypeDefinition } from '../../../src/conversation/local/bot-model.js';
import { describeQuotaFinding, quotaFindings } from '../../../src/conversation/local/bot-quotas.js';

const intent = (name: string, utterances: number, slots = 0): IntentDefinition => ({
  name,
  sampleUtterances: Array.from({ length: utterances }, (_, i) => `utterance ${i}`),
  slots: Array.from({ length: slots }, (_, i) => ({ name: `s${i}`, slotTypeName: 'AMAZON.Number', required: false, sampleUtterances: [], allowMultipleValues: false, priority: i + 1 })),
  fulfillmentCodeHook: false,
});
const slotType = (name: string, values: number, synonymsEach = 0): SlotTypeDefinition => ({
  name,
  values: Array.from({ length: values }, (_, i) => ({ value: `v${i}`, synonyms: Array.from({ length: synonymsEach }, (__, k) => `v${i}-${k}`) })),
  resolutionStrategy: 'ORIGINAL_VALUE',
});

describe('quotaFindings', () => {
  it('finds nothing in a locale within every quota, at the limits themselves', () => {
    expect(quotaFindings({ localeId: 'en_US', intents: [intent('A', 1_500, 100)], slotTypes: [slotType('T', 5_000, 1)] })).toEqual([]);
  });

  it('gives English locales the larger intent quota, and marks which quotas an account can raise', () => {
    const intents = Array.from({ length: 251 }, (_, i) => intent(`I${i}`, 1));
    expect(quotaFindings({ localeId: 'en_GB', intents, slotTypes: [] })).toEqual([]);
    expect(quotaFindings({ localeId: 'de_DE', intents, slotTypes: [] })).toEqual([
      { scope: { kind: 'locale' }, key: 'intentsPerLocale', quota: 'intents per locale', limit: 250, actual: 251, adjustable: true },
    ]);
  });

  it('counts synonyms with values, per slot type and across the locale', () => {
    const types = Array.from({ length: 6 }, (_, i) => slotType(`T${i}`, 4_500, 1));
    const findings = quotaFindings({ localeId: 'en_US', intents: [intent('A', 1, 101)], slotTypes: types });
    expect(findings.map((f) => [f.scope.kind, f.quota, f.actual, f.adjustable])).toEqual([
      ['locale', 'custom slot type values and synonyms per locale', 54_000, false],
      ['intent', 'slots per intent', 101, false],
    ]);
    expect(describeQuotaFinding(findings[1]!)).toBe("intent A: 101 slots per intent, over Lex's quota of 100; Lex will not build this locale");
  });
});
